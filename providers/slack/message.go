package slack

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/url"
	"strings"

	"github.com/zclconf/go-cty/cty"

	"github.com/relctl/relctl/providers"
)

// maxDescribed is how many characters of the text the plan shows.
const maxDescribed = 72

// message is a parsed slack_message action.
type message struct {
	webhook *url.URL
	raw     string
	payload payload
}

// payload is the JSON body an incoming webhook takes.
type payload struct {
	Text      string          `json:"text"`
	Channel   string          `json:"channel,omitempty"`
	Username  string          `json:"username,omitempty"`
	IconEmoji string          `json:"icon_emoji,omitempty"`
	Blocks    json.RawMessage `json:"blocks,omitempty"`
}

var errBadWebhook = errors.New("webhook_url is not an http(s) URL with a host (its value is not shown: it is a secret)")

func parse(typ string, v cty.Value) (message, error) {
	if typ != ActionMessage {
		return message{}, fmt.Errorf("slack provider has no action type %q", typ)
	}
	a := providers.Args{V: v}
	m := message{payload: payload{Text: a.String("text"), Channel: a.String("channel"),
		Username: a.String("username"), IconEmoji: a.String("icon_emoji")}}
	if a.Known("webhook_url") {
		u, err := url.Parse(a.String("webhook_url"))
		if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
			return m, errBadWebhook
		}
		m.webhook, m.raw = u, a.String("webhook_url")
	}
	if a.Known("text") && strings.TrimSpace(m.payload.Text) == "" {
		return m, fmt.Errorf("text is empty")
	}
	if b := a.String("blocks"); b != "" {
		var blocks []map[string]any
		if err := json.Unmarshal([]byte(b), &blocks); err != nil {
			return m, fmt.Errorf("blocks is not a JSON array of Block Kit blocks: %w", err)
		}
		m.payload.Blocks = json.RawMessage(b)
	}
	return m, nil
}

// describe renders the plan line:
// `message to #releases: "APIM 3.4.7 is ready for review"`.
func describe(v cty.Value) string {
	a := providers.Args{V: v}
	to := "the webhook's channel"
	if a.Set("channel") {
		to = a.Display("channel")
	}
	text := "(known after apply)"
	if a.Known("text") {
		text = fmt.Sprintf("%q", truncate(strings.Join(strings.Fields(a.String("text")), " "), maxDescribed))
	}
	d := "message to " + to + ": " + text
	if a.Set("blocks") {
		d += " with blocks"
	}
	return d
}

// truncate cuts s to n runes, marking the cut with an ellipsis.
func truncate(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n-1]) + "…"
}

// redactURL shows only where a webhook URL points: "https://hooks.slack.com/…".
func redactURL(u *url.URL) string {
	return u.Scheme + "://" + u.Host + "/…"
}

// scrub replaces the webhook URL (as written and as parsed), and its path
// alone, in s.
func (m message) scrub(s string) string {
	u := m.webhook
	if u == nil {
		return s
	}
	s = strings.ReplaceAll(s, m.raw, redactURL(u))
	s = strings.ReplaceAll(s, u.String(), redactURL(u))
	if p := u.EscapedPath(); len(p) > 1 {
		s = strings.ReplaceAll(s, p, "/…")
	}
	if p := u.Path; len(p) > 1 {
		s = strings.ReplaceAll(s, p, "/…")
	}
	return s
}

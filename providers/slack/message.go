package slack

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/url"
	"strings"
	"time"

	"github.com/zclconf/go-cty/cty"

	"github.com/relctl/relctl/providers"
)

// maxDescribed is how many characters of the text the plan shows.
const maxDescribed = 72

// ActionMessage is the action type that posts a message.
const ActionMessage = "slack_message"

// messageType declares slack_message.
var messageType = providers.ActionType[*message]{
	Name: ActionMessage,
	Schema: providers.ActionSchema{
		Description: "Posts a message to a Slack incoming webhook. Irreversible: a sent message cannot be unsent.",
		Attributes: map[string]providers.Attribute{
			"webhook_url": {Type: cty.String, Required: true, Sensitive: true, Description: "The incoming " +
				"webhook's URL, a secret: typically env(\"SLACK_WEBHOOK\"). Never stored or shown."},
			"text": {Type: cty.String, Required: true, Description: "The message (Slack mrkdwn); " +
				"with blocks, the notification's fallback text."},
			"channel":    {Type: cty.String, Description: "Channel to post to (\"#releases\"), for legacy webhooks; app webhooks post to their own channel."},
			"username":   {Type: cty.String, Description: "Name shown as the sender, for legacy webhooks."},
			"icon_emoji": {Type: cty.String, Description: "Emoji shown as the sender's icon (\":rocket:\"), for legacy webhooks."},
			"blocks":     {Type: cty.String, Description: "Block Kit blocks as a JSON array, e.g. jsonencode([...])."},
		},
		Outputs: map[string]cty.Type{"sent_at": cty.String},
	},
	New: func() *message { return &message{} },
}

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

func parse(v cty.Value) (message, error) {
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

// Plan validates the message and describes it; a message is always sent.
func (m *message) Plan(_ context.Context, _ *Provider, req providers.PlanActionRequest) (providers.PlanActionResponse, error) {
	return providers.PlanActionResponse{
		Operation:     providers.OpRun,
		Reversibility: providers.Irreversible,
		Description:   describe(req.Args),
	}, nil
}

// Apply posts the message.
func (m *message) Apply(ctx context.Context, p *Provider, req providers.ApplyActionRequest) (providers.ApplyActionResponse, error) {
	if m.webhook == nil {
		return providers.ApplyActionResponse{}, fmt.Errorf("webhook_url is not known")
	}
	log := req.Logger.With("action", req.Address, "webhook", redactURL(m.webhook))
	if err := p.post(ctx, log, *m); err != nil {
		return providers.ApplyActionResponse{}, err
	}
	sent := p.clock.Now().UTC().Format(time.RFC3339)
	log.Info("sent Slack message", "channel", m.payload.Channel, "sent_at", sent)
	return providers.ApplyActionResponse{Outputs: map[string]cty.Value{"sent_at": cty.StringVal(sent)}}, nil
}

// Check says done only when the state recorded the message as sent: a
// webhook cannot be asked what it posted.
func (m *message) Check(_ context.Context, _ *Provider, req providers.CheckActionRequest) (providers.CheckActionResponse, error) {
	if v, ok := req.Outputs["sent_at"]; ok && !v.IsNull() && v.IsKnown() && v.Type() == cty.String && v.AsString() != "" {
		return providers.CheckActionResponse{Status: providers.CheckDone, Outputs: req.Outputs}, nil
	}
	return providers.CheckActionResponse{Status: providers.CheckNotDone}, nil
}

// Undo refuses: a sent message cannot be unsent.
func (m *message) Undo(context.Context, *Provider, providers.UndoActionRequest) (providers.UndoActionResponse, error) {
	return providers.UndoActionResponse{}, ErrIrreversible
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

package slacktest

import (
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/relctl/relctl/providers/httpretry/httpretrytest"
)

// Message is a message a webhook accepted.
type Message struct {
	// Channel is where it was posted: the payload's channel, else the
	// webhook's own.
	Channel, Text, Username, IconEmoji string
	// Blocks is the payload's blocks as sent ("" when none).
	Blocks string
}

// Fault is a failure answered instead of (or after) handling a post.
type Fault struct {
	Status int
	// Body is the answer's text (default: the status text).
	Body string
	// RetryAfter, when set, is sent as the Retry-After header.
	RetryAfter string
	// Count is how many posts the fault answers (default 1).
	Count int
	// Drop closes the connection without an answer.
	Drop bool
	// Process posts the message before answering the fault.
	Process bool
}

type webhook struct {
	channel  string
	others   []string
	revoked  bool
	archived bool
}

// Server is the fake webhook service.
type Server struct {
	t   testing.TB
	srv *httptest.Server

	mu       sync.Mutex
	hooks    map[string]*webhook // by path
	messages []Message
	faults   []*Fault
	posts    int
}

// New starts a fake; it is closed when the test ends.
func New(t testing.TB) *Server {
	s := &Server{t: t, hooks: map[string]*webhook{}}
	s.srv = httptest.NewServer(http.HandlerFunc(s.serve))
	t.Cleanup(s.srv.Close)
	return s
}

// Client returns an HTTP client for the fake.
func (s *Server) Client() *http.Client { return s.srv.Client() }

// AddWebhook makes a webhook posting to channel ("#releases") by default
// and to the other channels when a payload names them; it returns its
// secret URL.
func (s *Server) AddWebhook(channel string, others ...string) string {
	secret := make([]byte, 12)
	rand.Read(secret)
	s.mu.Lock()
	defer s.mu.Unlock()
	path := fmt.Sprintf("/services/T%07d/B%07d/%s", 1, len(s.hooks)+1, hex.EncodeToString(secret))
	s.hooks[path] = &webhook{channel: channel, others: others}
	return s.srv.URL + path
}

// Revoke makes a webhook answer 403 invalid_token.
func (s *Server) Revoke(url string) { s.edit(url, func(w *webhook) { w.revoked = true }) }

// Archive makes a webhook answer 410 channel_is_archived.
func (s *Server) Archive(url string) { s.edit(url, func(w *webhook) { w.archived = true }) }

func (s *Server) edit(url string, f func(*webhook)) {
	s.mu.Lock()
	defer s.mu.Unlock()
	w, ok := s.hooks[strings.TrimPrefix(url, s.srv.URL)]
	if !ok {
		s.t.Fatalf("slacktest: no webhook %s", url)
	}
	f(w)
}

// Messages returns the messages accepted so far.
func (s *Server) Messages() []Message {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Message(nil), s.messages...)
}

// Posts counts the POST requests received.
func (s *Server) Posts() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.posts
}

// Inject queues faults; each answers its Count posts in turn.
func (s *Server) Inject(faults ...Fault) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, f := range faults {
		if f.Count == 0 {
			f.Count = 1
		}
		s.faults = append(s.faults, &f)
	}
}

func (s *Server) serve(w http.ResponseWriter, r *http.Request) {
	body, _ := io.ReadAll(io.LimitReader(r.Body, 1<<20))
	s.mu.Lock()
	defer s.mu.Unlock()
	hook, known := s.hooks[r.URL.Path]
	if r.Method != http.MethodPost || !strings.HasPrefix(r.URL.Path, "/services/") {
		s.t.Errorf("slacktest: unexpected request %s %s", r.Method, r.URL.Path)
		answer(w, http.StatusNotFound, "not_found", "")
		return
	}
	s.posts++
	f := s.fault()
	if f != nil && !f.Process {
		f.answer(w)
		return
	}
	status, reason := s.accept(hook, known, r.Header.Get("Content-Type"), body)
	if f != nil {
		f.answer(w)
		return
	}
	answer(w, status, reason, "")
}

// accept posts the message if Slack would, and returns Slack's answer.
func (s *Server) accept(hook *webhook, known bool, contentType string, body []byte) (int, string) {
	var p struct {
		Text      string          `json:"text"`
		Channel   string          `json:"channel"`
		Username  string          `json:"username"`
		IconEmoji string          `json:"icon_emoji"`
		Blocks    json.RawMessage `json:"blocks"`
	}
	switch {
	case !known:
		return http.StatusNotFound, "no_service"
	case hook.revoked:
		return http.StatusForbidden, "invalid_token"
	case hook.archived:
		return http.StatusGone, "channel_is_archived"
	case !strings.HasPrefix(contentType, "application/json") || json.Unmarshal(body, &p) != nil:
		return http.StatusBadRequest, "invalid_payload"
	case p.Text == "" && len(p.Blocks) == 0:
		return http.StatusBadRequest, "no_text"
	case len(p.Blocks) > 0 && !validBlocks(p.Blocks):
		return http.StatusBadRequest, "invalid_blocks"
	case p.Channel != "" && p.Channel != hook.channel && !slices.Contains(hook.others, p.Channel):
		return http.StatusNotFound, "channel_not_found"
	}
	channel := p.Channel
	if channel == "" {
		channel = hook.channel
	}
	s.messages = append(s.messages, Message{Channel: channel, Text: p.Text, Username: p.Username,
		IconEmoji: p.IconEmoji, Blocks: string(p.Blocks)})
	return http.StatusOK, "ok"
}

// validBlocks accepts an array of objects that each have a type.
func validBlocks(raw json.RawMessage) bool {
	var blocks []map[string]any
	if json.Unmarshal(raw, &blocks) != nil {
		return false
	}
	for _, b := range blocks {
		if _, ok := b["type"].(string); !ok {
			return false
		}
	}
	return true
}

// fault takes the next fault. Caller holds mu.
func (s *Server) fault() *Fault {
	if len(s.faults) == 0 {
		return nil
	}
	f := s.faults[0]
	f.Count--
	if f.Count == 0 {
		s.faults = s.faults[1:]
	}
	return f
}

func (f *Fault) answer(w http.ResponseWriter) {
	if f.Drop && httpretrytest.Drop(w) {
		return
	}
	body := f.Body
	if body == "" {
		body = http.StatusText(f.Status)
	}
	answer(w, f.Status, body, f.RetryAfter)
}

// answer writes Slack's plain-text answer.
func answer(w http.ResponseWriter, status int, body, retryAfter string) {
	if retryAfter != "" {
		w.Header().Set("Retry-After", retryAfter)
	}
	w.Header().Set("Content-Type", "text/html")
	w.WriteHeader(status)
	io.WriteString(w, body)
}

package slacktest

import (
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestServer(t *testing.T) {
	t.Parallel()
	tests := map[string]struct {
		prepare     func(s *Server, url string) string
		contentType string
		body        string
		status      int
		answer      string
		posted      []Message
	}{
		"text": {body: `{"text":"hi"}`, status: 200, answer: "ok", posted: []Message{{Channel: "#releases", Text: "hi"}}},
		"other channel": {body: `{"text":"hi","channel":"#general","username":"relctl"}`, status: 200, answer: "ok",
			posted: []Message{{Channel: "#general", Text: "hi", Username: "relctl"}}},
		"blocks only":     {body: `{"blocks":[{"type":"divider"}]}`, status: 200, answer: "ok", posted: []Message{{Channel: "#releases", Blocks: `[{"type":"divider"}]`}}},
		"no text":         {body: `{}`, status: 400, answer: "no_text"},
		"not json":        {body: `text=hi`, status: 400, answer: "invalid_payload"},
		"form encoded":    {body: `{"text":"hi"}`, contentType: "application/x-www-form-urlencoded", status: 400, answer: "invalid_payload"},
		"bad blocks":      {body: `{"text":"hi","blocks":[{}]}`, status: 400, answer: "invalid_blocks"},
		"unknown channel": {body: `{"text":"hi","channel":"#random"}`, status: 404, answer: "channel_not_found"},
		"unknown webhook": {prepare: func(_ *Server, url string) string { return url + "0" }, body: `{"text":"hi"}`, status: 404, answer: "no_service"},
		"revoked": {prepare: func(s *Server, url string) string { s.Revoke(url); return url },
			body: `{"text":"hi"}`, status: 403, answer: "invalid_token"},
		"archived": {prepare: func(s *Server, url string) string { s.Archive(url); return url },
			body: `{"text":"hi"}`, status: 410, answer: "channel_is_archived"},
		"fault after posting": {prepare: func(s *Server, url string) string {
			s.Inject(Fault{Status: 500, Body: "rollup_error", Process: true})
			return url
		}, body: `{"text":"hi"}`, status: 500, answer: "rollup_error", posted: []Message{{Channel: "#releases", Text: "hi"}}},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			s := New(t)
			url := s.AddWebhook("#releases", "#general")
			if tc.prepare != nil {
				url = tc.prepare(s, url)
			}
			ct := tc.contentType
			if ct == "" {
				ct = "application/json"
			}
			resp, err := s.Client().Post(url, ct, strings.NewReader(tc.body))
			if err != nil {
				t.Fatal(err)
			}
			defer resp.Body.Close()
			body, _ := io.ReadAll(resp.Body)
			if resp.StatusCode != tc.status || string(body) != tc.answer {
				t.Errorf("answer %d %q, want %d %q", resp.StatusCode, body, tc.status, tc.answer)
			}
			if diff := cmp.Diff(tc.posted, s.Messages()); diff != "" {
				t.Errorf("messages (-want +got):\n%s", diff)
			}
		})
	}
}

func TestWebhookURLsAreSecretAndDistinct(t *testing.T) {
	t.Parallel()
	s := New(t)
	a, b := s.AddWebhook("#a"), s.AddWebhook("#b")
	if a == b || !strings.Contains(a, "/services/T") || len(a[strings.LastIndex(a, "/")+1:]) != 24 {
		t.Errorf("webhook URLs %q and %q do not look like Slack's", a, b)
	}
	resp, err := http.Post(b, "application/json", strings.NewReader(`{"text":"x"}`))
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if got := s.Messages(); len(got) != 1 || got[0].Channel != "#b" {
		t.Errorf("messages = %+v, want one in #b", got)
	}
}

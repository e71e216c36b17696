package slack

import (
	"context"
	"errors"
	"net"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/zclconf/go-cty/cty"

	"github.com/relctl/relctl/providers"
	"github.com/relctl/relctl/providers/slack/slacktest"
)

func TestApplyPostsTheMessage(t *testing.T) {
	t.Parallel()
	f := setup(t)
	blocks := `[{"type":"section","text":{"type":"mrkdwn","text":"*APIM 3.4.7*"}}]`
	resp, err := f.apply(f.message(map[string]cty.Value{"channel": str("#general"), "username": str("relctl"),
		"icon_emoji": str(":rocket:"), "blocks": str(blocks)}))
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(map[string]cty.Value{"sent_at": str("2024-05-02T09:30:00Z")}, resp.Outputs, cmp.Comparer(cty.Value.RawEquals)); diff != "" {
		t.Errorf("outputs (-want +got):\n%s", diff)
	}
	want := []slacktest.Message{{Channel: "#general", Text: "APIM 3.4.7 is ready for review", Username: "relctl", IconEmoji: ":rocket:", Blocks: blocks}}
	if diff := cmp.Diff(want, f.srv.Messages()); diff != "" {
		t.Errorf("messages (-want +got):\n%s", diff)
	}
	if !strings.Contains(f.logs.String(), "sent Slack message") {
		t.Errorf("log lacks the message line:\n%s", f.logs.String())
	}
}

// TestSlackRefuses: Slack's reason is reported at once, with the
// webhook's host only.
func TestSlackRefuses(t *testing.T) {
	t.Parallel()
	tests := map[string]struct {
		prepare func(f *fixture) cty.Value
		want    string
	}{
		"unknown webhook": {
			prepare: func(f *fixture) cty.Value {
				return f.message(map[string]cty.Value{"webhook_url": str(f.hook + "x")})
			},
			want: "answered 404: no_service",
		},
		"revoked webhook": {
			prepare: func(f *fixture) cty.Value { f.srv.Revoke(f.hook); return f.message(nil) },
			want:    "answered 403: invalid_token",
		},
		"archived channel": {
			prepare: func(f *fixture) cty.Value { f.srv.Archive(f.hook); return f.message(nil) },
			want:    "answered 410: channel_is_archived",
		},
		"channel the webhook cannot post to": {
			prepare: func(f *fixture) cty.Value { return f.message(map[string]cty.Value{"channel": str("#random")}) },
			want:    "answered 404: channel_not_found",
		},
		"blocks Slack does not accept": {
			prepare: func(f *fixture) cty.Value {
				return f.message(map[string]cty.Value{"blocks": str(`[{"text":"no type"}]`)})
			},
			want: "answered 400: invalid_blocks",
		},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			f := setup(t)
			a := tc.prepare(f)
			_, err := f.apply(a)
			host := strings.TrimSuffix(f.hook, secretOf(f.hook))
			want := "applying " + addr + ": Slack webhook at " + host + "/… " + tc.want
			if diff := cmp.Diff(want, errorOf(err)); diff != "" {
				t.Errorf("error (-want +got):\n%s", diff)
			}
			var werr *WebhookError
			if !errors.As(err, &werr) {
				t.Errorf("error %v is not a *WebhookError", err)
			}
			if n := f.srv.Posts(); n != 1 {
				t.Errorf("%d posts, want 1: a 4xx was retried", n)
			}
			if len(f.srv.Messages()) != 0 {
				t.Errorf("a message was posted")
			}
		})
	}
}

func TestRetries(t *testing.T) {
	t.Parallel()
	tests := map[string]struct {
		faults   []slacktest.Fault
		wantErr  string
		posts    int
		messages int
		sleeps   []time.Duration
	}{
		"5xx burst": {
			faults: []slacktest.Fault{{Status: http.StatusInternalServerError, Body: "rollup_error", Count: 2}, {Status: http.StatusServiceUnavailable}},
			posts:  4, messages: 1, sleeps: []time.Duration{750 * time.Millisecond, 1500 * time.Millisecond, 3 * time.Second},
		},
		"429 with Retry-After": {
			faults: []slacktest.Fault{{Status: http.StatusTooManyRequests, RetryAfter: "30", Body: "rate_limited"}},
			posts:  2, messages: 1, sleeps: []time.Duration{30 * time.Second},
		},
		"dropped connection": {
			faults: []slacktest.Fault{{Drop: true}},
			posts:  2, messages: 1, sleeps: []time.Duration{750 * time.Millisecond},
		},
		"429 asking too long a wait": {
			faults:  []slacktest.Fault{{Status: http.StatusTooManyRequests, RetryAfter: "600", Body: "rate_limited"}},
			wantErr: "answered 429: rate_limited", posts: 1,
		},
		"retries run out": {
			faults:  []slacktest.Fault{{Status: http.StatusBadGateway, Body: "bad gateway", Count: 10}},
			wantErr: "answered 502: bad gateway", posts: 5,
			sleeps: []time.Duration{750 * time.Millisecond, 1500 * time.Millisecond, 3 * time.Second, 6 * time.Second},
		},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			f := setup(t)
			f.srv.Inject(tc.faults...)
			_, err := f.apply(f.message(nil))
			if tc.wantErr == "" && err != nil {
				t.Fatal(err)
			}
			if !strings.Contains(errorOf(err), tc.wantErr) {
				t.Errorf("error %q lacks %q", errorOf(err), tc.wantErr)
			}
			if n := f.srv.Posts(); n != tc.posts {
				t.Errorf("%d posts, want %d", n, tc.posts)
			}
			if n := len(f.srv.Messages()); n != tc.messages {
				t.Errorf("%d messages, want %d", n, tc.messages)
			}
			if diff := cmp.Diff(tc.sleeps, f.clock.Sleeps()); diff != "" {
				t.Errorf("sleeps (-want +got):\n%s", diff)
			}
		})
	}
}

// TestWebhookNeverShown posts with canary webhook URLs through failures
// (a network error, Slack echoing the URL, retries) and looks for the
// secret in every description, error and log line.
func TestWebhookNeverShown(t *testing.T) {
	t.Parallel()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	closed := "http://" + l.Addr().String() + "/services/T0/B0/webhook-canary-51c7"
	l.Close()
	tests := map[string]struct {
		url     func(f *fixture) string
		faults  func(url string) []slacktest.Fault
		wantErr string
	}{
		"unreachable webhook": {
			url:     func(*fixture) string { return closed },
			wantErr: `Post "http://` + l.Addr().String() + `/…": dial tcp`,
		},
		"Slack echoes the URL": {
			url: func(f *fixture) string { return f.hook },
			faults: func(url string) []slacktest.Fault {
				return []slacktest.Fault{{Status: http.StatusInternalServerError, Body: "failed " + url, Count: 5}}
			},
			wantErr: "answered 500: failed http://127.0.0.1",
		},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			f := setup(t)
			url := tc.url(f)
			if tc.faults != nil {
				f.srv.Inject(tc.faults(url)...)
			}
			a := f.message(map[string]cty.Value{"webhook_url": str(url)})
			plan, perr := f.p.PlanAction(context.Background(), providers.PlanActionRequest{Address: addr, Type: ActionMessage, Args: a})
			_, err := f.apply(a)
			if !strings.Contains(errorOf(err), tc.wantErr) {
				t.Errorf("error %q lacks %q", errorOf(err), tc.wantErr)
			}
			secret := secretOf(url)
			for _, s := range []string{plan.Description, errorOf(perr), errorOf(err), f.logs.String()} {
				if strings.Contains(s, secret) {
					t.Errorf("the webhook's secret path is shown in %q", s)
				}
			}
			if !strings.Contains(f.logs.String(), "retrying Slack message") {
				t.Errorf("no retry was logged, the test proves little:\n%s", f.logs.String())
			}
		})
	}
}

// TestRedirectNotFollowed: the message goes to the webhook's host only.
func TestRedirectNotFollowed(t *testing.T) {
	t.Parallel()
	f := setup(t)
	other := f.srv.AddWebhook("#elsewhere")
	mux := http.NewServeMux()
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) { http.Redirect(w, r, other, http.StatusTemporaryRedirect) })
	srv := newServer(t, mux)
	_, err := f.apply(f.message(map[string]cty.Value{"webhook_url": str(srv + "/services/T1/B1/redirect")}))
	if !strings.Contains(errorOf(err), "answered 307") {
		t.Errorf("error = %v, want the redirect refused", err)
	}
	if n := len(f.srv.Messages()); n != 0 {
		t.Errorf("%d messages reached the redirect target", n)
	}
}

func TestCheckAndUndo(t *testing.T) {
	t.Parallel()
	f := setup(t)
	tests := map[string]struct {
		outputs map[string]cty.Value
		want    providers.CheckStatus
	}{
		"nothing recorded": {want: providers.CheckNotDone},
		"null sent_at":     {outputs: map[string]cty.Value{"sent_at": cty.NullVal(cty.String)}, want: providers.CheckNotDone},
		"sent":             {outputs: map[string]cty.Value{"sent_at": str("2024-05-02T09:30:00Z")}, want: providers.CheckDone},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			got, err := f.p.CheckAction(context.Background(), providers.CheckActionRequest{Address: addr, Type: ActionMessage, Args: f.message(nil), Outputs: tc.outputs})
			if err != nil {
				t.Fatal(err)
			}
			if got.Status != tc.want {
				t.Errorf("status = %q, want %q", got.Status, tc.want)
			}
		})
	}
	_, err := f.p.UndoAction(context.Background(), providers.UndoActionRequest{Address: addr, Type: ActionMessage, Args: f.message(nil)})
	if !errors.Is(err, ErrIrreversible) {
		t.Errorf("undo error = %v, want ErrIrreversible", err)
	}
	if n := f.srv.Posts(); n != 0 {
		t.Errorf("check or undo posted %d times", n)
	}
}

package slack

import (
	"bytes"
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/hashicorp/go-hclog"
	"github.com/zclconf/go-cty/cty"

	"github.com/relctl/relctl/providers"
	"github.com/relctl/relctl/providers/slack/slacktest"
)

const addr = "stage.announce.slack_message.ready"

// fakeClock is a virtual clock: Sleep returns at once and moves time on.
type fakeClock struct {
	mu     sync.Mutex
	now    time.Time
	sleeps []time.Duration
}

func (c *fakeClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *fakeClock) Sleep(ctx context.Context, d time.Duration) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	c.sleeps = append(c.sleeps, d)
	c.now = c.now.Add(d)
	return nil
}

func (c *fakeClock) Sleeps() []time.Duration {
	c.mu.Lock()
	defer c.mu.Unlock()
	return append([]time.Duration(nil), c.sleeps...)
}

// syncBuffer collects log output from concurrent writers.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

type fixture struct {
	t      *testing.T
	p      *Provider
	srv    *slacktest.Server
	clock  *fakeClock
	logs   *syncBuffer
	logger hclog.Logger
	// hook is a webhook posting to #releases (and #general on request).
	hook string
}

func setup(t *testing.T) *fixture {
	t.Helper()
	f := &fixture{t: t, srv: slacktest.New(t), clock: &fakeClock{now: time.Date(2024, 5, 2, 9, 30, 0, 0, time.UTC)}, logs: &syncBuffer{}}
	f.hook = f.srv.AddWebhook("#releases", "#general")
	f.logger = hclog.New(&hclog.LoggerOptions{Output: f.logs, Level: hclog.Trace})
	retry := DefaultRetryPolicy
	retry.Rand = func() float64 { return 0.5 }
	f.p = NewProvider(WithClock(f.clock), WithHTTPClient(f.srv.Client()), WithRetryPolicy(retry))
	if err := f.p.Configure(context.Background(), providers.ConfigureRequest{Config: cty.EmptyObjectVal, Logger: f.logger}); err != nil {
		t.Fatal(err)
	}
	return f
}

// args builds a slack_message argument object with nulls for the
// attributes left out.
func args(attrs map[string]cty.Value) cty.Value {
	vals := map[string]cty.Value{}
	for name, a := range schema().Actions[ActionMessage].Attributes {
		vals[name] = cty.NullVal(a.Type)
		if v, ok := attrs[name]; ok {
			vals[name] = v
		}
	}
	return cty.ObjectVal(vals)
}

func str(s string) cty.Value { return cty.StringVal(s) }

// message is the usual announcement to the fixture's webhook.
func (f *fixture) message(extra map[string]cty.Value) cty.Value {
	attrs := map[string]cty.Value{"webhook_url": str(f.hook), "text": str("APIM 3.4.7 is ready for review")}
	for k, v := range extra {
		attrs[k] = v
	}
	return args(attrs)
}

func (f *fixture) apply(a cty.Value) (providers.ApplyActionResponse, error) {
	return f.p.ApplyAction(context.Background(), providers.ApplyActionRequest{Address: addr, Type: ActionMessage, Args: a, Logger: f.logger})
}

func errorOf(err error) string {
	if err == nil {
		return ""
	}
	return err.Error()
}

// secretOf is the part of a webhook URL that must never be shown: its path.
func secretOf(url string) string {
	i := strings.Index(url, "/services/")
	return url[i:]
}

// newServer serves h and returns its URL.
func newServer(t *testing.T, h http.Handler) string {
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	return srv.URL
}

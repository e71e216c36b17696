package slack

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/go-hclog"
	"github.com/zclconf/go-cty/cty"

	"github.com/relctl/relctl/providers"
	"github.com/relctl/relctl/providers/httpretry"
	"github.com/relctl/relctl/providers/httpretry/httpretrytest"
	"github.com/relctl/relctl/providers/slack/slacktest"
)

const addr = "stage.announce.slack_message.ready"

type fixture struct {
	t      *testing.T
	p      *Provider
	srv    *slacktest.Server
	clock  *httpretry.VirtualClock
	logs   *httpretrytest.SyncBuffer
	logger hclog.Logger
	// hook is a webhook posting to #releases (and #general on request).
	hook string
}

func setup(t *testing.T) *fixture {
	t.Helper()
	f := &fixture{t: t, srv: slacktest.New(t), clock: httpretry.NewVirtualClock(time.Date(2024, 5, 2, 9, 30, 0, 0, time.UTC)),
		logs: &httpretrytest.SyncBuffer{}}
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
	for name, a := range New().Schema().Actions[ActionMessage].Attributes {
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

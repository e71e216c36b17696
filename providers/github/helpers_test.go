package github

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/go-hclog"
	"github.com/zclconf/go-cty/cty"

	"github.com/relctl/relctl/providers"
	"github.com/relctl/relctl/providers/github/ghhttp"
	"github.com/relctl/relctl/providers/github/githubtest"
)

// canary is the token of every test; it must never appear in any output.
const canary = "ghp_CANARY0123456789canary0123456789abcd"

type fixture struct {
	srv   *githubtest.Server
	p     *Provider
	clock *ghhttp.VirtualClock
}

// setup starts a fake GitHub and a provider configured for it, with owner
// "acme", a virtual clock, no mutation spacing and the canary token.
func setup(t *testing.T, extra map[string]cty.Value, opts ...githubtest.Option) *fixture {
	t.Helper()
	return setupLogged(t, hclog.NewNullLogger(), extra, opts...)
}

func setupLogged(t *testing.T, logger hclog.Logger, extra map[string]cty.Value, opts ...githubtest.Option) *fixture {
	t.Helper()
	clock := ghhttp.NewVirtualClock(time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC))
	srv := githubtest.New(t, append([]githubtest.Option{githubtest.WithToken(canary), githubtest.WithClock(clock.Now)}, opts...)...)
	p := newProvider(func(k string) string {
		if k == "GITHUB_TOKEN" {
			return canary
		}
		return ""
	}, ghhttp.Options{Clock: clock, Rand: func() float64 { return 0.5 }})
	cfg := map[string]cty.Value{
		"owner": cty.StringVal("acme"), "base_url": cty.StringVal(srv.URL()), "token": cty.NullVal(cty.String),
		"mutation_interval": cty.StringVal("0s"), "poll_interval": cty.StringVal("10s"), "max_poll_interval": cty.StringVal("1m"),
	}
	for k, v := range extra {
		cfg[k] = v
	}
	if err := p.Configure(context.Background(), providers.ConfigureRequest{Config: cty.ObjectVal(cfg), Logger: logger}); err != nil {
		t.Fatal(err)
	}
	return &fixture{srv: srv, p: p, clock: clock}
}

// args builds an action's argument object conforming to its schema.
func args(t *testing.T, typ string, vals map[string]cty.Value) cty.Value {
	t.Helper()
	schema := New().Schema().Actions[typ]
	obj := map[string]cty.Value{}
	for name, a := range schema.Attributes {
		obj[name] = cty.NullVal(a.Type)
	}
	for k, v := range vals {
		if _, ok := schema.Attributes[k]; !ok {
			t.Fatalf("%s has no attribute %q", typ, k)
		}
		obj[k] = v
	}
	return cty.ObjectVal(obj)
}

func s(v string) cty.Value { return cty.StringVal(v) }

func n(i int) cty.Value { return cty.NumberIntVal(int64(i)) }

func (f *fixture) plan(t *testing.T, typ string, a cty.Value) providers.PlanActionResponse {
	t.Helper()
	resp, err := f.p.PlanAction(context.Background(), providers.PlanActionRequest{Address: "stage.test." + typ + ".x", Type: typ, Args: a})
	if err != nil {
		t.Fatalf("plan: %v", err)
	}
	return resp
}

func (f *fixture) apply(t *testing.T, typ string, a cty.Value) (providers.ApplyActionResponse, error) {
	t.Helper()
	return f.p.ApplyAction(context.Background(), providers.ApplyActionRequest{Address: "stage.test." + typ + ".x", Type: typ, Args: a})
}

// noCanary fails the test when any text holds the token.
func noCanary(t *testing.T, what string, texts ...string) {
	t.Helper()
	for _, text := range texts {
		if strings.Contains(text, canary) || strings.Contains(text, canary[4:20]) {
			t.Errorf("%s contains the token", what)
		}
	}
}

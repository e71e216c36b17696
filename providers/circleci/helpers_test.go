package circleci

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
	"github.com/relctl/relctl/providers/circleci/circlecitest"
	"github.com/relctl/relctl/providers/httpretry"
	"github.com/relctl/relctl/providers/httpretry/httpretrytest"
)

// canaryToken must never appear in descriptions, errors, logs, outputs or
// files.
const canaryToken = "circle-canary-7f3a9c1e"

const slug = "gh/gravitee-io/gravitee-common"

type fixture struct {
	t      *testing.T
	p      *Provider
	srv    *circlecitest.Server
	clock  *httpretry.VirtualClock
	logs   *httpretrytest.SyncBuffer
	logger hclog.Logger
	dir    string
}

// defaultProject runs two workflows that finish after a few polls.
func defaultProject() circlecitest.Project {
	return circlecitest.Project{
		Slug: slug, Branches: []string{"master", "1.20.x"}, Tags: []string{"1.20.5"},
		Parameters: []string{"gio_action", "dry_run"}, WorkflowsAfter: 1,
		Workflows: []circlecitest.Workflow{
			{Name: "build", Statuses: []string{"running", "running", "success"}},
			{Name: "release", Statuses: []string{"on_hold", "running", "success"}},
		},
	}
}

// setup configures a provider against a fake CircleCI holding project;
// config adds provider attributes.
func setup(t *testing.T, project circlecitest.Project, config map[string]cty.Value) *fixture {
	t.Helper()
	f := &fixture{t: t, srv: circlecitest.New(t, canaryToken), clock: httpretry.NewVirtualClock(time.Date(2024, 5, 2, 9, 0, 0, 0, time.UTC)),
		logs: &httpretrytest.SyncBuffer{}, dir: t.TempDir()}
	f.srv.AddProject(project)
	f.logger = hclog.New(&hclog.LoggerOptions{Output: f.logs, Level: hclog.Trace})
	retry := DefaultRetryPolicy
	retry.Rand = func() float64 { return 0.5 }
	f.p = NewProvider(WithClock(f.clock), WithHTTPClient(f.srv.Client()), WithRetryPolicy(retry),
		WithEnv(func(k string) string {
			if k == TokenEnv {
				return canaryToken
			}
			return ""
		}))
	attrs := map[string]cty.Value{"base_url": cty.StringVal(f.srv.URL)}
	for k, v := range config {
		attrs[k] = v
	}
	if err := f.p.Configure(context.Background(), providers.ConfigureRequest{Config: configValue(attrs), Dir: f.dir, Logger: f.logger}); err != nil {
		t.Fatal(err)
	}
	return f
}

// configValue builds the provider block's object with nulls for the
// attributes left out.
func configValue(attrs map[string]cty.Value) cty.Value {
	return objectOf(schema().Config, attrs)
}

// args builds a circleci_pipeline argument object.
func args(attrs map[string]cty.Value) cty.Value {
	return objectOf(schema().Actions[ActionPipeline].Attributes, attrs)
}

func objectOf(schema map[string]providers.Attribute, attrs map[string]cty.Value) cty.Value {
	vals := map[string]cty.Value{}
	for name, a := range schema {
		vals[name] = cty.NullVal(a.Type)
		if v, ok := attrs[name]; ok {
			vals[name] = v
		}
	}
	return cty.ObjectVal(vals)
}

func str(s string) cty.Value { return cty.StringVal(s) }

func params(kv ...string) cty.Value {
	m := map[string]cty.Value{}
	for i := 0; i+1 < len(kv); i += 2 {
		m[kv[i]] = cty.StringVal(kv[i+1])
	}
	return cty.MapVal(m)
}

// releaseArgs triggers the release of branch 1.20.x.
func releaseArgs(extra map[string]cty.Value) cty.Value {
	attrs := map[string]cty.Value{"project": str(slug), "branch": str("1.20.x"), "parameters": params("gio_action", "release")}
	for k, v := range extra {
		attrs[k] = v
	}
	return args(attrs)
}

const addr = `stage.maven["gravitee-common"].circleci_pipeline.release`

func (f *fixture) apply(ctx context.Context, a cty.Value) (providers.ApplyActionResponse, error) {
	return f.p.ApplyAction(ctx, providers.ApplyActionRequest{Address: addr, Type: ActionPipeline, Args: a, Logger: f.logger})
}

func (f *fixture) check(a cty.Value, outputs map[string]cty.Value) providers.CheckActionResponse {
	f.t.Helper()
	resp, err := f.p.CheckAction(context.Background(), providers.CheckActionRequest{Address: addr, Type: ActionPipeline, Args: a, Outputs: outputs})
	if err != nil {
		f.t.Fatalf("check: %v", err)
	}
	return resp
}

// triggered counts the pipelines of the project.
func (f *fixture) triggered() int { return len(f.srv.Pipelines(slug)) }

// render makes outputs comparable.
func render(outputs map[string]cty.Value) map[string]string {
	m := map[string]string{}
	for k, v := range outputs {
		switch {
		case v.IsNull():
			m[k] = "null"
		case v.Type() == cty.Number:
			m[k] = v.AsBigFloat().Text('f', -1)
		default:
			m[k] = v.AsString()
		}
	}
	return m
}

// errorOf is err's text, "" for nil.
func errorOf(err error) string {
	if err == nil {
		return ""
	}
	return err.Error()
}

func containsAll(s string, parts ...string) bool {
	for _, p := range parts {
		if !strings.Contains(s, p) {
			return false
		}
	}
	return true
}

// newServer serves h and returns its URL.
func newServer(t *testing.T, h http.Handler) string {
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	return srv.URL
}

// newRecordingServer reports every Circle-Token header it receives.
func newRecordingServer(t *testing.T, got chan<- string) string {
	return newServer(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if tok := r.Header.Get("Circle-Token"); tok != "" {
			select {
			case got <- tok:
			default:
			}
		}
		w.WriteHeader(http.StatusNotFound)
	}))
}

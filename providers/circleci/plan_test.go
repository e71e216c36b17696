package circleci

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/zclconf/go-cty/cty"

	"github.com/relctl/relctl/providers"
	"github.com/relctl/relctl/providers/httpretry"
)

func TestPlan(t *testing.T) {
	t.Parallel()
	tests := map[string]struct {
		args cty.Value
		want string
	}{
		"branch and parameters": {
			args: releaseArgs(nil),
			want: "gh/gravitee-io/gravitee-common @ 1.20.x (parameters: gio_action=release)",
		},
		"tag without waiting": {
			args: args(map[string]cty.Value{"project": str(slug), "tag": str("1.20.5"), "wait": cty.False}),
			want: "gh/gravitee-io/gravitee-common @ tag 1.20.5 without waiting",
		},
		"default branch, parameters in order": {
			args: args(map[string]cty.Value{"project": str(slug), "parameters": params("gio_action", "release", "dry_run", "true")}),
			want: "gh/gravitee-io/gravitee-common @ default branch (parameters: dry_run=true, gio_action=release)",
		},
		"branch known after apply": {
			args: releaseArgs(map[string]cty.Value{"branch": cty.UnknownVal(cty.String)}),
			want: "gh/gravitee-io/gravitee-common @ (known after apply) (parameters: gio_action=release)",
		},
		"parameters known after apply": {
			args: releaseArgs(map[string]cty.Value{"parameters": cty.UnknownVal(cty.Map(cty.String))}),
			want: "gh/gravitee-io/gravitee-common @ 1.20.x (parameters: (known after apply))",
		},
		"project known after apply is not read": {
			args: releaseArgs(map[string]cty.Value{"project": cty.UnknownVal(cty.String)}),
			want: "(known after apply) @ 1.20.x (parameters: gio_action=release)",
		},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			f := setup(t, defaultProject(), nil)
			got, err := f.p.PlanAction(context.Background(), providers.PlanActionRequest{Address: addr, Type: ActionPipeline, Args: tc.args})
			if err != nil {
				t.Fatal(err)
			}
			want := providers.PlanActionResponse{Operation: providers.OpRun, Reversibility: providers.Irreversible, Description: tc.want}
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("plan (-want +got):\n%s", diff)
			}
			if n := f.triggered(); n != 0 {
				t.Errorf("planning triggered %d pipelines", n)
			}
		})
	}
}

func TestPlanErrors(t *testing.T) {
	t.Parallel()
	tests := map[string]struct {
		args    cty.Value
		typ     string
		env     string
		wantErr string
	}{
		"project does not exist": {
			args:    args(map[string]cty.Value{"project": str("gh/gravitee-io/nope")}),
			wantErr: "project gh/gravitee-io/nope does not exist or the token cannot see it: CircleCI answered GET project/gh/gravitee-io/nope with 404: Project not found",
		},
		"not a slug": {
			args:    args(map[string]cty.Value{"project": str("gravitee-io/gravitee-common")}),
			wantErr: `project "gravitee-io/gravitee-common" is not a project slug such as "gh/acme/api" (vcs/org/repo)`,
		},
		"slug escapes": {
			args:    args(map[string]cty.Value{"project": str("gh/../x")}),
			wantErr: `project "gh/../x" is not a project slug such as "gh/acme/api" (vcs/org/repo)`,
		},
		"branch and tag": {
			args:    releaseArgs(map[string]cty.Value{"tag": str("1.20.5")}),
			wantErr: "branch and tag are mutually exclusive: set one of them",
		},
		"bad timeout": {
			args:    releaseArgs(map[string]cty.Value{"timeout": str("later")}),
			wantErr: `timeout "later" is not a positive duration such as "30m" or "2h"`,
		},
		"unknown action type": {
			args: releaseArgs(nil), typ: "circleci_job",
			wantErr: `circleci provider has no action type "circleci_job"`,
		},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			f := setup(t, defaultProject(), nil)
			typ := tc.typ
			if typ == "" {
				typ = ActionPipeline
			}
			_, err := f.p.PlanAction(context.Background(), providers.PlanActionRequest{Address: addr, Type: typ, Args: tc.args})
			if diff := cmp.Diff("planning "+addr+": "+tc.wantErr, errorOf(err)); diff != "" {
				t.Errorf("error (-want +got):\n%s", diff)
			}
		})
	}
}

// TestNoToken: without a token in the block or CIRCLE_TOKEN, plan and
// apply fail before any request.
func TestNoToken(t *testing.T) {
	t.Parallel()
	p := NewProvider(WithEnv(func(string) string { return "" }), WithClock(httpretry.NewVirtualClock(time.Time{})))
	if err := p.Configure(context.Background(), providers.ConfigureRequest{Config: configValue(map[string]cty.Value{
		"base_url": str("http://127.0.0.1:1/api/v2")}), Dir: t.TempDir()}); err != nil {
		t.Fatal(err)
	}
	_, err := p.PlanAction(context.Background(), providers.PlanActionRequest{Address: addr, Type: ActionPipeline, Args: releaseArgs(nil)})
	if !errors.Is(err, ErrNoToken) {
		t.Errorf("plan error = %v, want ErrNoToken", err)
	}
	_, err = p.ApplyAction(context.Background(), providers.ApplyActionRequest{Address: addr, Type: ActionPipeline, Args: releaseArgs(nil)})
	if !errors.Is(err, ErrNoToken) {
		t.Errorf("apply error = %v, want ErrNoToken", err)
	}
}

func TestConfigure(t *testing.T) {
	t.Parallel()
	tests := map[string]struct {
		config  map[string]cty.Value
		wantErr string
		wantURL string
	}{
		"defaults":          {wantURL: "https://app.circleci.com/pipelines/github/acme/api/7"},
		"server app url":    {config: map[string]cty.Value{"app_url": str("https://circleci.example.com")}, wantURL: "https://circleci.example.com/pipelines/github/acme/api/7"},
		"bad poll interval": {config: map[string]cty.Value{"poll_interval": str("often")}, wantErr: `circleci provider: poll_interval "often" is not a positive duration such as "10s"`},
		"credentials in url": {config: map[string]cty.Value{"base_url": str("https://user:pw@circleci.com/api/v2/")},
			wantErr: `circleci provider: base_url "https://user:xxxxx@circleci.com/api/v2/" must not hold credentials: the token goes in token or CIRCLE_TOKEN`},
		"not http": {config: map[string]cty.Value{"base_url": str("ftp://circleci.com/")},
			wantErr: `circleci provider: base_url "ftp://circleci.com/" is not an http(s) URL`},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			p := NewProvider()
			err := p.Configure(context.Background(), providers.ConfigureRequest{Config: configValue(tc.config)})
			if diff := cmp.Diff(tc.wantErr, errorOf(err)); diff != "" {
				t.Fatalf("error (-want +got):\n%s", diff)
			}
			if err == nil {
				if got := p.pipelineURL("gh/acme/api", 7); got != tc.wantURL {
					t.Errorf("pipeline URL = %q, want %q", got, tc.wantURL)
				}
			}
		})
	}
}

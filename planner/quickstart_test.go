package planner_test

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/hashicorp/go-hclog"
	"github.com/zclconf/go-cty/cty"

	"github.com/relctl/relctl/config"
	"github.com/relctl/relctl/planner"
	"github.com/relctl/relctl/planner/plan"
	"github.com/relctl/relctl/providers"
	"github.com/relctl/relctl/providers/builtin"
)

// fixedNow is the clock of planner tests, so plans are reproducible.
var fixedNow = time.Date(2026, 11, 20, 9, 30, 0, 0, time.UTC)

// quickstart copies examples/quickstart into a temporary directory and
// creates its repositories there; it returns the configuration directory.
func quickstart(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	src := filepath.Join("..", "examples", "quickstart")
	copyFile(t, filepath.Join(src, "release.rel.hcl"), filepath.Join(dir, "release.rel.hcl"))
	makeRepos(t, dir)
	return dir
}

func makeRepos(t *testing.T, dir string) {
	t.Helper()
	setup := filepath.Join("..", "examples", "quickstart", "setup.sh")
	if out, err := exec.Command("bash", setup, filepath.Join(dir, "work")).CombinedOutput(); err != nil {
		t.Fatalf("setup.sh: %v\n%s", err, out)
	}
}

func copyFile(t *testing.T, from, to string) {
	t.Helper()
	data, err := os.ReadFile(from)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(to, data, 0o644); err != nil {
		t.Fatal(err)
	}
}

func options(opts planner.Options) planner.Options {
	opts.Registry = builtin.Registry()
	opts.Logger = hclog.NewNullLogger()
	opts.Now = func() time.Time { return fixedNow }
	opts.RelctlVersion = "0.1.0"
	if opts.Getenv == nil {
		opts.Getenv = func(string) string { return "" }
	}
	return opts
}

// buildPlan loads and plans the configuration in dir, failing on errors.
func buildPlan(t *testing.T, dir string, opts planner.Options) *plan.Plan {
	t.Helper()
	opts = options(opts)
	cfg, diags := config.Load(dir, opts.Registry)
	if diags.HasErrors() {
		t.Fatalf("loading %s: %s", dir, diags.Error())
	}
	p, diags := planner.Build(context.Background(), cfg, opts)
	if diags.HasErrors() {
		t.Fatalf("planning %s: %s", dir, diags.Error())
	}
	return p
}

func TestQuickstartPlan(t *testing.T) {
	t.Parallel()
	p := buildPlan(t, quickstart(t), planner.Options{})

	type comp struct{ Name, Current, Version, Next, Tag, Reason, Source string }
	var got []comp
	for _, c := range p.Components {
		got = append(got, comp{c.Name, c.Current, c.Version, c.Next, c.Tag, c.Reason, c.Source})
	}
	want := []comp{
		{"api", "2.0.0", "2.0.1", "2.0.2-SNAPSHOT", "api-2.0.1", plan.ReasonChanged, "tag"},
		{"common", "1.4.0", "1.5.0", "", "v1.5.0", plan.ReasonChanged, "tag"},
		{"web", "0.9.0", "0.10.0", "", "v0.10.0", plan.ReasonDependency, "tag"},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("components (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff([]plan.NotReleased{{Name: "docs", Why: "no change since tag v1.0.0"}}, p.NotReleased); diff != "" {
		t.Errorf("not released (-want +got):\n%s", diff)
	}

	waves := map[string]int{}
	for _, a := range p.Actions {
		if a.Stage == "release" {
			waves[a.Key] = a.Wave
		}
	}
	if diff := cmp.Diff(map[string]int{"common": 0, "api": 1, "web": 2}, waves); diff != "" {
		t.Errorf("waves (-want +got):\n%s", diff)
	}

	tag, ok := p.Action(`stage.release["api"].git_tag.release`)
	if !ok {
		t.Fatal("no tag action for api")
	}
	if diff := cmp.Diff([]string{"ref"}, tag.Unknown); diff != "" {
		t.Errorf("unknown (-want +got):\n%s", diff)
	}
	wantDeps := []string{`stage.release["api"].git_commit.version`}
	if diff := cmp.Diff(wantDeps, tag.DependsOn); diff != "" {
		t.Errorf("tag depends_on (-want +got):\n%s", diff)
	}
	commit, _ := p.Action(`stage.release["api"].git_commit.version`)
	wantDeps = []string{"stage.qualify.exec.tools", `stage.release["common"].git_push.publish`}
	if diff := cmp.Diff(wantDeps, commit.DependsOn); diff != "" {
		t.Errorf("first action of api waits for common and the qualify stage (-want +got):\n%s", diff)
	}
	if len(p.Facts) == 0 {
		t.Error("the plan records no facts")
	}
	for _, f := range p.Facts {
		if f.Provider != "git" {
			t.Errorf("fact %s from provider %q", f.Key, f.Provider)
		}
	}
}

// TestResolveArgs evaluates a deferred argument from the outputs of the
// action it refers to, as apply does.
func TestResolveArgs(t *testing.T) {
	t.Parallel()
	p := buildPlan(t, quickstart(t), planner.Options{})
	a, _ := p.Action(`stage.release["common"].git_tag.release`)
	_, schema, _ := builtin.Registry().ActionType(a.Type)

	planned, err := plan.PlannedArgs(a, schema)
	if err != nil {
		t.Fatal(err)
	}
	if planned.GetAttr("ref").IsKnown() {
		t.Error("the planned ref is known; it is an output of the commit")
	}
	outputs := func(addr string) (map[string]cty.Value, bool) {
		if addr != `stage.release["common"].git_commit.version` {
			return nil, false
		}
		return map[string]cty.Value{"sha": cty.StringVal("0123456789abcdef")}, true
	}
	args, err := plan.ResolveArgs(a, schema, outputs, nil)
	if err != nil {
		t.Fatal(err)
	}
	got := providers.Args{V: args}
	if got.String("ref") != "0123456789abcdef" || got.String("tag") != "v1.5.0" {
		t.Errorf("resolved ref %q tag %q", got.String("ref"), got.String("tag"))
	}
	_, err = plan.ResolveArgs(a, schema, func(string) (map[string]cty.Value, bool) { return nil, false }, nil)
	if err == nil {
		t.Error("resolving without the commit's outputs succeeded")
	}
}

func TestTargets(t *testing.T) {
	t.Parallel()
	p := buildPlan(t, quickstart(t), planner.Options{Targets: []string{`stage.release["api"].git_tag`}})
	var got []string
	for _, a := range p.Actions {
		got = append(got, a.Address)
	}
	want := []string{
		"stage.qualify.exec.tools",
		`stage.release["api"].git_commit.version`,
		`stage.release["api"].git_tag.release`,
		`stage.release["common"].git_commit.version`,
		`stage.release["common"].git_tag.release`,
		`stage.release["common"].git_commit.next`,
		`stage.release["common"].git_push.publish`,
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("targeted actions (-want +got):\n%s", diff)
	}
}

// TestTargetsSkipOtherProviders: actions left out by -target are never
// planned by their provider, so a release can target one stage without
// credentials for the others (here CircleCI, without CIRCLE_TOKEN).
func TestTargetsSkipOtherProviders(t *testing.T) {
	t.Parallel()
	dir := writeConfig(t, map[string]string{"main.rel.hcl": `
stage "prepare" {
  action "exec" "check" { argv = ["true"] }
}
stage "build" {
  depends_on = [stage.prepare]
  action "circleci_pipeline" "release" {
    project = "gh/acme/api"
    branch  = "main"
  }
}
`})
	p := buildPlan(t, dir, planner.Options{Targets: []string{"stage.prepare"}})
	if len(p.Actions) != 1 || p.Actions[0].Address != "stage.prepare.exec.check" {
		t.Fatalf("targeted plan has %d actions", len(p.Actions))
	}
	opts := options(planner.Options{})
	cfg, _ := config.Load(dir, opts.Registry)
	if _, diags := planner.Build(context.Background(), cfg, opts); !diags.HasErrors() {
		t.Error("planning the CircleCI action without a token succeeded; the test no longer shows anything")
	}
}

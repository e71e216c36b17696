package planner_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/relctl/relctl/config"
	"github.com/relctl/relctl/planner"
	"github.com/relctl/relctl/providers/github/githubtest"
)

const readsManifest = `{
    "name": "Product",
    "version": "1.0.0-SNAPSHOT",
    "components": [ { "name": "api", "version": "1.2.0-SNAPSHOT" } ],
    "buildDependencies": [ ["api"] ]
}`

// readsConfig reads a manifest and a milestone from GitHub; provider is
// the body of the github provider block.
func readsConfig(provider string) string {
	return `
variable "api" { type = string }

provider "github" {
` + provider + `
}

manifest "release" {
  format = "gravitee"
  github {
    repo = "acme/release"
    path = "release.json"
    ref  = "main"
  }
}

milestone "next" {
  repo                   = "acme/issues"
  title                  = "v1"
  component_label_prefix = "project: "
}

stage "announce" {
  action "exec" "echo" {
    argv = ["echo", "${length(milestone.next.issues)} issues, ${length(manifest.release.components)} components"]
  }
}
`
}

func readsServer(t *testing.T) *githubtest.Server {
	srv := githubtest.New(t)
	srv.AddRepo("acme/release", "main").Commit("main", "Release", map[string]string{"release.json": readsManifest})
	srv.AddRepo("acme/issues", "main")
	ms := srv.AddMilestone("acme/issues", "v1", "open")
	srv.AddIssue("acme/issues", githubtest.IssueSpec{Title: "Fix", Labels: []string{"project: api"}, Milestone: ms})
	return srv
}

// TestManifestAndMilestoneReadTogether: a manifest and a milestone whose
// inputs are variables are read at once, not one after the other, and the
// plan is what it is when they are read in turn.
func TestManifestAndMilestoneReadTogether(t *testing.T) {
	srv := readsServer(t)
	dir := t.TempDir()
	writeFile(t, dir, "main.rel.hcl", readsConfig(`  base_url = var.api`))
	srv.Latency(100 * time.Millisecond)
	p := buildPlan(t, dir, planner.Options{Vars: planner.VarInputs{Flags: []string{"api=" + srv.URL()}}})
	if p.Milestone == nil || len(p.Milestone.Issues) != 1 || p.Inputs.ManifestPath != "acme/release:release.json@main" {
		t.Fatalf("milestone %+v, manifest %q", p.Milestone, p.Inputs.ManifestPath)
	}
	var file, list githubtest.Request
	for _, r := range srv.Requests() {
		switch r.Route {
		case "GET /repos/{owner}/{repo}/contents/{path...}":
			file = r
		case "GET /repos/{owner}/{repo}/milestones":
			list = r
		}
	}
	if file.Route == "" || list.Route == "" {
		t.Fatalf("requests %+v", srv.Requests())
	}
	if !file.Received.Before(list.Answered) || !list.Received.Before(file.Answered) {
		t.Errorf("the manifest (%s–%s) and the milestone (%s–%s) were read one after the other",
			file.Received.Format(time.StampMilli), file.Answered.Format(time.StampMilli),
			list.Received.Format(time.StampMilli), list.Answered.Format(time.StampMilli))
	}
}

// TestReadAheadKeepsDiagnosticsInPlace: a provider whose configuration
// fails is not configured ahead of the reads; its error comes where the
// first read that needs it reports it, after the errors of what is
// evaluated before.
func TestReadAheadKeepsDiagnosticsInPlace(t *testing.T) {
	srv := readsServer(t)
	dir := t.TempDir()
	cfg := readsConfig(`  base_url = var.api
  owner    = tonumber("x")`)
	// The manifest is a local file that does not parse, and comes first.
	cfg = strings.Replace(cfg, `  github {
    repo = "acme/release"
    path = "release.json"
    ref  = "main"
  }`, `  path = "release.json"`, 1)
	writeFile(t, dir, "main.rel.hcl", cfg)
	writeFile(t, dir, "release.json", "{ not json")
	opts := options(planner.Options{Vars: planner.VarInputs{Flags: []string{"api=" + srv.URL()}}})
	loaded, diags := config.Load(dir, opts.Registry)
	if diags.HasErrors() {
		t.Fatal(diags.Error())
	}
	_, diags = planner.Build(context.Background(), loaded, opts)
	var order []string
	for _, d := range diags {
		order = append(order, d.Summary)
	}
	manifest, provider := -1, -1
	for i, d := range diags {
		switch {
		case d.Subject != nil && strings.HasSuffix(d.Subject.Filename, "release.json") && manifest < 0:
			manifest = i
		case strings.Contains(d.Summary, "Invalid function argument") && provider < 0:
			provider = i
		}
	}
	if manifest < 0 || provider < 0 || provider < manifest {
		t.Errorf("diagnostics in the order %q: want the manifest's before the provider's", order)
	}
	if n := srv.RequestCount(); n != 0 {
		t.Errorf("%d requests with a provider that failed to configure", n)
	}
}

// TestDefaultBranchReadOnlyWhenNeeded: the repository's default branch
// is the release branch of a strategy that names none, and is not asked
// for when the strategy names one.
func TestDefaultBranchReadOnlyWhenNeeded(t *testing.T) {
	for name, tc := range map[string]struct {
		branch, want string
		repoReads    int
	}{
		"strategy without a branch": {want: "develop", repoReads: 1},
		"strategy with a branch":    {branch: `branch = "release/${major}.${minor}"`, want: "release/1.2", repoReads: 0},
	} {
		t.Run(name, func(t *testing.T) {
			srv := githubtest.New(t)
			repo := srv.AddRepo("acme/api", "develop")
			repo.Tag("v1.1.0", repo.Commit("develop", "Release", map[string]string{"VERSION": "1.1.0\n"}))
			dir := t.TempDir()
			writeFile(t, dir, "main.rel.hcl", `
variable "api" { type = string }
provider "github" { base_url = var.api }
strategy "semver" {
  scheme = "semver"
  bump   = "minor"
  tag    = "v${version}"
  `+tc.branch+`
}
component "api" {
  repo     = "acme/api"
  version  = "1.1.0"
  strategy = strategy.semver
}
release {
  name       = "P"
  version    = "1.2.0"
  components = ["api"]
  force      = true
}
stage "tag" {
  for_each = release.components
  action "exec" "echo" { argv = ["echo", each.value.branch] }
}
`)
			p := buildPlan(t, dir, planner.Options{Vars: planner.VarInputs{Flags: []string{"api=" + srv.URL()}}})
			if len(p.Components) != 1 || p.Components[0].Branch != tc.want {
				t.Fatalf("components %+v, want branch %s", p.Components, tc.want)
			}
			if n := srv.Count("GET /repos/{owner}/{repo}"); n != tc.repoReads {
				t.Errorf("%d reads of the repository, want %d", n, tc.repoReads)
			}
		})
	}
}

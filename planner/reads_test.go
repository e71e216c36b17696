package planner_test

import (
	"testing"

	"github.com/relctl/relctl/planner"
	"github.com/relctl/relctl/providers/github/githubtest"
)

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

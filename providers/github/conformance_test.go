package github

import (
	"strings"
	"testing"

	"github.com/zclconf/go-cty/cty"

	"github.com/relctl/relctl/providers"
	"github.com/relctl/relctl/providers/github/githubtest"
	"github.com/relctl/relctl/providers/providertest"
)

// world is a repository acme/api with one commit on main and a branch
// feature one commit ahead.
func world(t *testing.T) (*fixture, string, string) {
	t.Helper()
	f := setup(t, nil)
	repo := f.srv.AddRepo("acme/api", "main")
	base := repo.Commit("main", "Initial", map[string]string{"VERSION": "1.0.0\n"})
	repo.Branch("feature", base)
	head := repo.Commit("feature", "Change", map[string]string{"CHANGES": "x\n"})
	return f, base, head
}

func TestConformance(t *testing.T) {
	t.Parallel()
	cases := map[string]func(t *testing.T) (*fixture, providertest.Case){
		"branch": func(t *testing.T) (*fixture, providertest.Case) {
			f, base, _ := world(t)
			return f, providertest.Case{Type: "github_branch", Reversibility: providers.Reversible,
				Args: cty.ObjectVal(map[string]cty.Value{"repo": s("api"), "branch": s("release/1.0")}),
				Verify: func(t *testing.T, done bool) {
					got := f.srv.Ref("acme/api", "heads/release/1.0")
					if want := map[bool]string{true: base, false: ""}[done]; got != want {
						t.Errorf("branch release/1.0 = %q, want %q", got, want)
					}
				}}
		},
		"file update": func(t *testing.T) (*fixture, providertest.Case) {
			f, _, _ := world(t)
			return f, providertest.Case{Type: "github_file", Reversibility: providers.Compensable,
				Args: cty.ObjectVal(map[string]cty.Value{"repo": s("acme/api"), "branch": s("main"), "path": s("VERSION"), "content": s("1.0.1\n")}),
				Verify: func(t *testing.T, done bool) {
					got, _ := f.srv.File("acme/api", "main", "VERSION")
					if want := map[bool]string{true: "1.0.1\n", false: "1.0.0\n"}[done]; got != want {
						t.Errorf("VERSION = %q, want %q", got, want)
					}
				}}
		},
		"file create": func(t *testing.T) (*fixture, providertest.Case) {
			f, _, _ := world(t)
			return f, providertest.Case{Type: "github_file", Reversibility: providers.Compensable,
				Args: cty.ObjectVal(map[string]cty.Value{"repo": s("api"), "branch": s("feature"), "path": s("docs/NOTES.md"), "content": s("notes\n"), "message": s("Add notes")}),
				Verify: func(t *testing.T, done bool) {
					got, ok := f.srv.File("acme/api", "feature", "docs/NOTES.md")
					if ok != done || (done && got != "notes\n") {
						t.Errorf("docs/NOTES.md = %q (exists %v), want exists %v", got, ok, done)
					}
				}}
		},
		"file pins": func(t *testing.T) (*fixture, providertest.Case) {
			f := webWorld(t)
			return f, providertest.Case{Type: "github_file", Reversibility: providers.Compensable,
				Args: cty.ObjectVal(map[string]cty.Value{"repo": s("web"), "branch": s("main"), "path": s("package.json"), "pins": pins(t, apiPin("2.0.1"))}),
				Verify: func(t *testing.T, done bool) {
					got, _ := f.srv.File("acme/web", "main", "package.json")
					if want := map[bool]string{true: `"^2.0.1"`, false: `"^2.0.0"`}[done]; !strings.Contains(got, want) {
						t.Errorf("package.json = %s, want it to hold %s", got, want)
					}
				}}
		},
		"pull request": func(t *testing.T) (*fixture, providertest.Case) {
			f, _, _ := world(t)
			return f, providertest.Case{Type: "github_pull_request", Reversibility: providers.Compensable,
				Args: cty.ObjectVal(map[string]cty.Value{"repo": s("api"), "head": s("feature"), "title": s("Release 1.0"), "body": s("Please review.")}),
				Verify: func(t *testing.T, done bool) {
					open := 0
					for _, pr := range f.srv.PullRequests("acme/api") {
						if pr.State == "open" && pr.Head == "feature" && pr.Base == "main" {
							open++
						}
					}
					if want := map[bool]int{true: 1, false: 0}[done]; open != want {
						t.Errorf("%d open pull requests, want %d", open, want)
					}
				}}
		},
		"await merge": func(t *testing.T) (*fixture, providertest.Case) {
			f, _, _ := world(t)
			num := f.srv.AddIssue("acme/api", githubtest.IssueSpec{Title: "Release", PullRequest: true, Head: "feature"})
			sleeps := 0
			f.clock.OnSleep(func() {
				if sleeps++; sleeps == 2 {
					f.srv.MergePR("acme/api", num)
				}
			})
			return f, providertest.Case{Type: "github_await_merge", Reversibility: providers.Irreversible,
				Args: cty.ObjectVal(map[string]cty.Value{"repo": s("api"), "number": n(num)}),
				Verify: func(t *testing.T, done bool) {
					if pr := f.srv.PullRequests("acme/api")[0]; pr.Merged != done {
						t.Errorf("merged = %v, want %v", pr.Merged, done)
					}
				}}
		},
		"comment": func(t *testing.T) (*fixture, providertest.Case) {
			f, _, _ := world(t)
			num := f.srv.AddIssue("acme/api", githubtest.IssueSpec{Title: "Release", PullRequest: true, Head: "feature"})
			f.srv.AddComment("acme/api", num, "octocat", "LGTM")
			return f, providertest.Case{Type: "github_comment", Reversibility: providers.Reversible,
				Args: cty.ObjectVal(map[string]cty.Value{"repo": s("api"), "number": n(num), "body": s("Release notes are ready.")}),
				Verify: func(t *testing.T, done bool) {
					ours := 0
					for _, c := range f.srv.Comments("acme/api", num) {
						if strings.Contains(c.Body, "<!-- relctl:stage.test.github_comment.conformance -->\nRelease notes are ready.") {
							ours++
						}
					}
					if want := map[bool]int{true: 1, false: 0}[done]; ours != want {
						t.Errorf("%d comments of relctl, want %d", ours, want)
					}
				}}
		},
		"annotated tag": func(t *testing.T) (*fixture, providertest.Case) {
			f, _, head := world(t)
			return f, providertest.Case{Type: "github_tag", Reversibility: providers.Reversible,
				Args: cty.ObjectVal(map[string]cty.Value{"repo": s("api"), "tag": s("v1.0.0"), "ref": s("feature"), "message": s("API 1.0.0")}),
				Verify: func(t *testing.T, done bool) {
					c, ok := f.srv.CommitOf("acme/api", "v1.0.0")
					if ok != done || (done && c.SHA != head) {
						t.Errorf("tag v1.0.0 at %q (exists %v), want exists %v at %s", c.SHA, ok, done, head)
					}
				}}
		},
		"lightweight tag": func(t *testing.T) (*fixture, providertest.Case) {
			f, base, _ := world(t)
			return f, providertest.Case{Type: "github_tag", Reversibility: providers.Reversible,
				Args: cty.ObjectVal(map[string]cty.Value{"repo": s("api"), "tag": s("1.0.0"), "sha": s(base)}),
				Verify: func(t *testing.T, done bool) {
					if got, want := f.srv.Ref("acme/api", "tags/1.0.0"), map[bool]string{true: base}[done]; got != want {
						t.Errorf("tag 1.0.0 = %q, want %q", got, want)
					}
				}}
		},
		"release": func(t *testing.T) (*fixture, providertest.Case) {
			f, _, _ := world(t)
			return f, providertest.Case{Type: "github_release", Reversibility: providers.Reversible,
				Args: cty.ObjectVal(map[string]cty.Value{"repo": s("api"), "tag": s("1.0.0"), "name": s("API 1.0.0"), "body": s("Notes")}),
				Verify: func(t *testing.T, done bool) {
					if got, want := len(f.srv.Releases("acme/api")), map[bool]int{true: 1}[done]; got != want {
						t.Errorf("%d releases, want %d", got, want)
					}
				}}
		},
		"milestone close": func(t *testing.T) (*fixture, providertest.Case) {
			f, _, _ := world(t)
			f.srv.AddMilestone("acme/api", "1.0.0", "open")
			return f, providertest.Case{Type: "github_milestone_close", Reversibility: providers.Compensable,
				Args: cty.ObjectVal(map[string]cty.Value{"repo": s("api"), "title": s("1.0.0")}),
				Verify: func(t *testing.T, done bool) {
					m, _ := f.srv.Milestone("acme/api", 1)
					if want := map[bool]string{true: "closed", false: "open"}[done]; m.State != want {
						t.Errorf("milestone is %s, want %s", m.State, want)
					}
				}}
		},
		"workflow": func(t *testing.T) (*fixture, providertest.Case) {
			f, _, _ := world(t)
			f.srv.AddWorkflow("acme/api", "release.yml")
			f.srv.RunPolls(2)
			return f, providertest.Case{Type: "github_workflow", Reversibility: providers.Irreversible, Unobservable: true,
				Args: cty.ObjectVal(map[string]cty.Value{"repo": s("api"), "workflow": s("release.yml"), "ref": s("feature"),
					"inputs": cty.MapVal(map[string]cty.Value{"version": s("1.0.0")}), "wait": cty.True}),
				Verify: func(t *testing.T, done bool) {
					runs := f.srv.Runs("acme/api")
					if want := map[bool]int{true: 1}[done]; len(runs) != want {
						t.Fatalf("%d runs, want %d", len(runs), want)
					}
					if done && (runs[0].Conclusion != "success" || runs[0].Branch != "feature" || runs[0].Inputs["version"] != "1.0.0") {
						t.Errorf("run = %+v", runs[0])
					}
				}}
		},
	}
	for name, mk := range cases {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			f, c := mk(t)
			providertest.Conformance(t, f.p, c)
			noCanary(t, "request log", requestLog(f.srv))
			if leaks := f.srv.TokenLeaks(); len(leaks) > 0 {
				t.Errorf("token leaked in URLs: %v", leaks)
			}
		})
	}
}

func requestLog(srv *githubtest.Server) string {
	var b strings.Builder
	for _, r := range srv.Requests() {
		b.WriteString(r.Method + " " + r.Path + "?" + r.Query.Encode() + "\n" + r.Body + "\n")
		for k, v := range r.Header {
			b.WriteString(k + ": " + strings.Join(v, ",") + "\n")
		}
	}
	return b.String()
}

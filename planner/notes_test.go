package planner

import (
	"strconv"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/relctl/relctl/config"
	"github.com/relctl/relctl/planner/plan"
)

func notesIssue(n int, title string, labels []string, comps ...string) plan.MilestoneIssue {
	return plan.MilestoneIssue{Number: n, Title: title, URL: "https://github.com/acme/issues/issues/" + strconv.Itoa(n),
		Labels: labels, Components: comps}
}

func TestComponentNotes(t *testing.T) {
	t.Parallel()
	custom := &config.Notes{
		LabelPrefix: "kind/",
		Groups: []config.NotesGroup{
			{Name: "security", Title: "Security", Labels: []string{"security"}},
			{Name: "bug", Title: "Fixes", Labels: []string{"bug", "regression"}},
		},
		OtherTitle: "Also",
	}
	issues := []plan.MilestoneIssue{
		notesIssue(1, "Faster startup", []string{"type: feature", "project: core"}, "core"),
		notesIssue(2, "Fix NPE in *parser* @octocat", []string{"type: bug", "kind/regression"}, "core"),
		notesIssue(3, "Docs typo", nil, "core"),
		notesIssue(4, "New /health route", []string{"type: enhancement"}, "api"),
		notesIssue(5, "CVE-2026-1", []string{"kind/security", "type: bug"}, "core"),
	}
	issues[0].PullRequests = []plan.PullRequest{{Repo: "acme/core", Number: 40, URL: "https://github.com/acme/core/pull/40"}}
	tests := map[string]struct {
		notes     *config.Notes
		component string
		want      string
	}{
		"default groups": {config.DefaultNotes(), "core", `### Bug fixes

- Fix NPE in \*parser\* @` + "\u200b" + `octocat ([\#2](https://github.com/acme/issues/issues/2))
- CVE\-2026\-1 ([\#5](https://github.com/acme/issues/issues/5))

### Features

- Faster startup ([\#1](https://github.com/acme/issues/issues/1), [acme/core\#40](https://github.com/acme/core/pull/40))

### Other changes

- Docs typo ([\#3](https://github.com/acme/issues/issues/3))
`},
		"enhancement is a feature": {config.DefaultNotes(), "api", "### Features\n\n- New /health route ([\\#4](https://github.com/acme/issues/issues/4))\n"},
		"configured groups, first match wins": {custom, "core", `### Security

- CVE\-2026\-1 ([\#5](https://github.com/acme/issues/issues/5))

### Fixes

- Fix NPE in \*parser\* @` + "\u200b" + `octocat ([\#2](https://github.com/acme/issues/issues/2))

### Also

- Faster startup ([\#1](https://github.com/acme/issues/issues/1), [acme/core\#40](https://github.com/acme/core/pull/40))
- Docs typo ([\#3](https://github.com/acme/issues/issues/3))
`},
		"no issues": {config.DefaultNotes(), "web", ""},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			e := &evaluator{milestones: map[string]*milestoneData{
				"m": {block: &config.Milestone{Name: "m", Notes: tc.notes}, issues: issues, ok: true},
			}}
			if diff := cmp.Diff(tc.want, e.componentNotes(tc.component)); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
}

func TestReleaseNotes(t *testing.T) {
	t.Parallel()
	e := &evaluator{milestones: map[string]*milestoneData{"m": {
		block:  &config.Milestone{Name: "m", Notes: config.DefaultNotes()},
		issues: []plan.MilestoneIssue{notesIssue(7, "Fix login", []string{"type: bug"}, "web")}, ok: true,
	}}}
	rd := &releaseData{released: []*plan.Component{{Name: "api", Version: "2.0.1"}, {Name: "web", Version: "0.10.0"}}}
	e.releaseNotes(rd)
	want := "## web 0\\.10\\.0\n\n### Bug fixes\n\n- Fix login ([\\#7](https://github.com/acme/issues/issues/7))\n"
	if diff := cmp.Diff(want, rd.notes); diff != "" {
		t.Errorf("release notes (-want +got):\n%s", diff)
	}
	if rd.released[0].Notes != "" || rd.released[1].Notes == "" {
		t.Errorf("component notes: api %q, web %q", rd.released[0].Notes, rd.released[1].Notes)
	}
}

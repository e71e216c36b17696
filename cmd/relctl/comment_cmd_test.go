package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/sebdah/goldie/v2"

	"github.com/relctl/relctl/planner/plan"
	"github.com/relctl/relctl/providers"
	"github.com/relctl/relctl/providers/github"
	"github.com/relctl/relctl/providers/github/githubtest"
)

const commentCanary = "ghp_commentCANARY0123456789abcdefghijkl"

// commentPlan is a plan with hostile text from issues and n actions.
func commentPlan(t *testing.T, srvURL string, n int) *plan.Plan {
	t.Helper()
	settings, _ := json.Marshal(map[string]any{"owner": "acme", "base_url": srvURL, "token": nil,
		"mutation_interval": "0s", "poll_interval": nil, "max_poll_interval": nil})
	p := &plan.Plan{
		FormatVersion: plan.FormatVersion, RelctlVersion: "0.1.0",
		Release: plan.Release{Name: "APIM", Version: "3.4.7"},
		Milestone: &plan.Milestone{Repo: "acme/issues", Number: 7, Title: "APIM 3.4.7 @acme/everyone",
			URL:    "https://github.com/acme/issues/milestone/7",
			Issues: []plan.MilestoneIssue{{Number: 12, Title: "Fix <script>alert(1)</script> for @octocat", URL: "https://github.com/acme/issues/issues/12", Labels: []string{}, Components: []string{"gateway"}}},
			Unmapped: []plan.MilestoneIssue{{Number: 13, Title: "```\n</details>\n# Owned [x](javascript:alert(1))", URL: "https://github.com/acme/issues/issues/13",
				Labels: []string{}, Components: []string{}}}},
		Components: []plan.Component{{Name: "gateway", Repo: "acme/gateway", Current: "3.4.7-SNAPSHOT", Version: "3.4.7",
			Next: "3.4.8-SNAPSHOT", Tag: "3.4.7", Branch: "3.4.x", Reason: plan.ReasonMilestone, Issues: []int{12}, DependsOn: []string{}}},
		NotReleased: []plan.NotReleased{},
		Stages:      []plan.Stage{{Name: "prepare", DependsOn: []string{}, Order: "dependencies", OnFailure: "halt", Keys: []string{}, Waves: 1}},
		Facts:       []providers.Fact{},
		Warnings:    []string{},
		Settings:    plan.Settings{StatePath: "relctl.state", Parallelism: 10, Providers: map[string]json.RawMessage{"github": settings}},
		Inputs:      plan.Inputs{ConfigFiles: map[string]string{}, Variables: map[string]json.RawMessage{}},
	}
	for i := range n {
		p.Actions = append(p.Actions, plan.Action{
			Address: fmt.Sprintf("stage.prepare.github_comment.note%d", i), Stage: "prepare", Type: "github_comment",
			Name: fmt.Sprintf("note%d", i), Provider: "github", Operation: providers.OpCreate, Reversibility: providers.Reversible,
			DependsOn: []string{}, Description: fmt.Sprintf("comment on acme/release#1 about @octocat's change %d <b>bold</b>", i),
			Args: json.RawMessage(`{}`), Unknown: []string{}, Wave: 1,
		})
	}
	return p
}

func writeCommentPlan(t *testing.T, p *plan.Plan) {
	t.Helper()
	id, err := plan.WriteFile("plan.out", p)
	if err != nil {
		t.Fatal(err)
	}
	p.PlanID = id
}

func comment(t *testing.T, args ...string) (string, string, int) {
	t.Helper()
	var out, errOut bytes.Buffer
	code := run(append([]string{"comment"}, args...), strings.NewReader(""), &out, &errOut)
	return out.String(), errOut.String(), code
}

// TestComment posts, re-posts, splits and shrinks the plan comment against
// the fake GitHub. It changes the working directory and the environment,
// so it does not run in parallel.
func TestComment(t *testing.T) {
	fixtures, err := filepath.Abs("testdata/comment")
	if err != nil {
		t.Fatal(err)
	}
	t.Chdir(t.TempDir())
	t.Setenv("GITHUB_TOKEN", commentCanary)
	t.Setenv("GITHUB_ACTIONS", "")
	srv := githubtest.New(t, githubtest.WithToken(commentCanary))
	srv.AddRepo("acme/release", "main")
	pr := srv.AddIssue("acme/release", githubtest.IssueSpec{Title: "Prepare 3.4.7", PullRequest: true, Head: "main"})
	srv.AddComment("acme/release", pr, "octocat", "Looks good <!-- relctl:plan --> to me")
	ours := func() []githubtest.Comment {
		var out []githubtest.Comment
		for _, c := range srv.Comments("acme/release", pr) {
			if github.IsPart(c.Body, commentMarker) {
				out = append(out, c)
			}
		}
		return out
	}
	var all []string

	small := commentPlan(t, srv.URL(), 2)
	writeCommentPlan(t, small)
	stdout, stderr, code := comment(t, "plan.out", "-pr", "acme/release#1")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	first := ours()
	if len(first) != 1 {
		t.Fatalf("%d plan comments, want 1", len(first))
	}
	// The plan's sha256 covers the fake's address, which changes per run.
	id := small.PlanID
	stable := strings.ReplaceAll(first[0].Body, id, "<plan sha256>")
	stable = strings.ReplaceAll(stable, id[:4]+"…"+id[len(id)-4:], "<plan>")
	goldie.New(t, goldie.WithFixtureDir(fixtures)).Assert(t, "small", []byte(stable))
	for _, inert := range []string{"<script>", "@octocat", "@acme/everyone", "](javascript:"} {
		if strings.Contains(outsideFences(first[0].Body), inert) {
			t.Errorf("the comment holds %q unescaped:\n%s", inert, first[0].Body)
		}
	}
	if !strings.Contains(first[0].Body, "relctl apply -plan-sha256 ") {
		t.Errorf("the comment has no apply command with -plan-sha256")
	}
	all = append(all, stdout, stderr)

	stdout, stderr, _ = comment(t, "plan.out", "-pr", "acme/release#1")
	if again := ours(); len(again) != 1 || again[0].ID != first[0].ID || !strings.Contains(stdout, "0 added, 0 edited, 1 unchanged") {
		t.Errorf("second comment run: %v\n%s", again, stdout)
	}
	all = append(all, stdout, stderr)

	writeCommentPlan(t, commentPlan(t, srv.URL(), 900))
	stdout, stderr, code = comment(t, "plan.out", "-pr", "acme/release#1")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	large := ours()
	if len(large) < 2 || large[0].ID != first[0].ID {
		t.Fatalf("large plan: %d parts (first %d), want several, the first edited in place", len(large), large[0].ID)
	}
	for i, c := range large {
		if n := utf8.RuneCountInString(c.Body); n > 65536 {
			t.Errorf("part %d has %d characters", i+1, n)
		}
		if strings.Count(c.Body, "<details>") != strings.Count(c.Body, "</details>") || strings.Count(c.Body, "```")%2 != 0 {
			t.Errorf("part %d is not balanced", i+1)
		}
		all = append(all, c.Body)
	}
	all = append(all, stdout, stderr)

	writeCommentPlan(t, commentPlan(t, srv.URL(), 1))
	t.Setenv("GITHUB_ACTIONS", "true")
	t.Setenv("GITHUB_REPOSITORY", "acme/release")
	event := filepath.Join(t.TempDir(), "event.json")
	os.WriteFile(event, []byte(fmt.Sprintf(`{"action":"synchronize","pull_request":{"number":%d}}`, pr)), 0o600)
	t.Setenv("GITHUB_EVENT_PATH", event)
	stdout, stderr, code = comment(t, "plan.out")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	if shrunk := ours(); len(shrunk) != 1 || shrunk[0].ID != first[0].ID || !strings.Contains(stdout, "removed") {
		t.Errorf("after shrinking: %d plan comments\n%s", len(shrunk), stdout)
	}
	all = append(all, stdout, stderr)
	if n := len(srv.Comments("acme/release", pr)); n != 2 {
		t.Errorf("%d comments on the pull request, want octocat's and relctl's", n)
	}
	for _, text := range all {
		if strings.Contains(text, commentCanary) {
			t.Errorf("output holds the token")
		}
	}
}

func TestCommentTarget(t *testing.T) {
	t.Parallel()
	env := func(m map[string]string) func(string) string { return func(k string) string { return m[k] } }
	cases := map[string]struct {
		pr      string
		env     map[string]string
		want    string
		wantErr string
	}{
		"flag":           {pr: "gravitee-io/release#42", want: "gravitee-io/release#42"},
		"bad flag":       {pr: "release#42", wantErr: "want OWNER/REPO#NUMBER"},
		"outside action": {env: map[string]string{}, wantErr: "required outside GitHub Actions"},
		"no event":       {env: map[string]string{"GITHUB_ACTIONS": "true"}, wantErr: "GITHUB_EVENT_PATH"},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			repo, n, err := (&CommentCmd{PR: tc.pr}).target(env(tc.env))
			got := fmt.Sprintf("%s#%d", repo, n)
			if tc.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
					t.Errorf("error = %v, want %q", err, tc.wantErr)
				}
				return
			}
			if err != nil || got != tc.want {
				t.Errorf("target = %s, %v; want %s", got, err, tc.want)
			}
		})
	}
}

// outsideFences drops the fenced code blocks of a Markdown text, where
// GitHub renders neither HTML nor mentions.
func outsideFences(md string) string {
	var b strings.Builder
	fence := ""
	for _, line := range strings.Split(md, "\n") {
		trimmed := strings.TrimSpace(line)
		run := len(trimmed) - len(strings.TrimLeft(trimmed, "`"))
		switch {
		case fence == "" && run >= 3:
			fence = trimmed[:run]
		case fence != "" && strings.TrimRight(trimmed, "`") == "" && run >= len(fence):
			fence = ""
		case fence == "":
			b.WriteString(line + "\n")
		}
	}
	return b.String()
}

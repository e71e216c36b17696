package e2e

import (
	"bytes"
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/hashicorp/go-hclog"
	"github.com/sebdah/goldie/v2"
	"github.com/zclconf/go-cty/cty"

	"github.com/relctl/relctl/cmd/relctl/views"
	"github.com/relctl/relctl/config"
	"github.com/relctl/relctl/executor"
	"github.com/relctl/relctl/planner"
	"github.com/relctl/relctl/planner/plan"
	"github.com/relctl/relctl/providers"
	"github.com/relctl/relctl/providers/builtin"
	"github.com/relctl/relctl/providers/circleci/circlecitest"
	"github.com/relctl/relctl/providers/github/githubtest"
	"github.com/relctl/relctl/state"
)

const e2eCanary = "ghp_e2eCANARY0123456789abcdefghijklmnop"

const exampleDir = "../../../examples/gravitee"

// gravitee builds the world of the example: the release repository with
// its release.json, the issues repository with the milestone, and the
// components' repositories with their last tags.
func gravitee(t testing.TB) (*githubtest.Server, string) {
	t.Helper()
	manifest, err := os.ReadFile(filepath.Join(exampleDir, "testdata", "release.json"))
	if err != nil {
		t.Fatal(err)
	}
	srv := githubtest.New(t, githubtest.WithToken(e2eCanary), githubtest.WithUser("gravitee-bot"))
	rel := srv.AddRepo("gravitee-io/release", "master")
	rel.Commit("master", "Release 3.4.6", map[string]string{"release.json": string(manifest)})
	for name, tag := range map[string]string{"gravitee-common": "1.20.5", "gravitee-gateway": "3.4.6",
		"gravitee-management-rest-api": "3.4.6", "gravitee-repository": "3.4.2"} {
		r := srv.AddRepo("gravitee-io/"+name, "master")
		sha := r.Commit("master", "Release "+tag, map[string]string{"pom.xml": "<version>" + tag + "</version>\n"})
		r.Tag(tag, sha)
	}
	srv.AddRepo("gravitee-io/issues", "master")
	srv.AddMilestone("gravitee-io/issues", "APIM 3.4.6", "closed")
	ms := srv.AddMilestone("gravitee-io/issues", "APIM 3.4.7", "open")
	srv.AddIssue("gravitee-io/issues", githubtest.IssueSpec{Title: "NPE in the @gravitee-io/core <img src=x onerror=alert(1)> parser",
		Labels: []string{"project: gravitee-common", "type: bug"}, Milestone: ms, State: "closed"})
	linked := srv.AddIssue("gravitee-io/issues", githubtest.IssueSpec{Title: "Gateway timeout", Milestone: ms})
	pr := srv.AddIssue("gravitee-io/gravitee-gateway", githubtest.IssueSpec{Title: "Fix timeout", PullRequest: true, Head: "master", Merged: true})
	srv.LinkPR("gravitee-io/issues", linked, "gravitee-io/gravitee-gateway", pr)
	srv.AddIssue("gravitee-io/issues", githubtest.IssueSpec{Title: "Docs: ```\n</details> [click](javascript:alert(1))", Milestone: ms})
	return srv, string(manifest)
}

// graviteeCircle is the CircleCI of the example: the projects its
// pipelines run in, each with a release workflow that succeeds.
func graviteeCircle(t testing.TB) *circlecitest.Server {
	circle := circlecitest.New(t, e2eCanary+"circle")
	for _, slug := range []string{"gh/gravitee-io/gravitee-common", "gh/gravitee-io/gravitee-gateway",
		"gh/gravitee-io/gravitee-management-rest-api", "gh/gravitee-io/apim-binary-releaser", "gh/gravitee-io/gravitee-docker"} {
		circle.AddProject(circlecitest.Project{Slug: slug, Parameters: []string{"gio_action", "graviteeio_version", "image"},
			Workflows: []circlecitest.Workflow{{Name: "release", Statuses: []string{"success"}}}})
	}
	return circle
}

// webhook records the messages posted to a Slack incoming webhook.
type webhook struct {
	mu   sync.Mutex
	msgs []string
}

func (h *webhook) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	body, _ := io.ReadAll(r.Body)
	h.mu.Lock()
	h.msgs = append(h.msgs, string(body))
	h.mu.Unlock()
	io.WriteString(w, "ok")
}

// TestGraviteeExample plans the example against the fake GitHub, pins the
// plan and its comment, applies the prepare and publish stages, stops at
// the merge gate, merges as a reviewer would and resumes, then checks the
// world. It sets GITHUB_TOKEN, so it does not run in parallel.
func TestGraviteeExample(t *testing.T) {
	t.Setenv("GITHUB_TOKEN", e2eCanary)
	srv, manifest := gravitee(t)
	hook := &webhook{}
	slack := httptest.NewServer(hook)
	t.Cleanup(slack.Close)
	environ := []string{"RELCTL_VAR_slack_webhook_url=" + slack.URL + "/services/T0/B0/secret"}
	getenv := func(k string) string {
		for _, kv := range environ {
			if name, v, _ := strings.Cut(kv, "="); name == k {
				return v
			}
		}
		return ""
	}

	t.Setenv("CIRCLE_TOKEN", e2eCanary+"circle")
	circle := graviteeCircle(t)

	reg := builtin.Registry()
	cfg, diags := config.Load(exampleDir, reg)
	if diags.HasErrors() {
		t.Fatalf("loading the example: %s", diags.Error())
	}
	var logs bytes.Buffer
	logger := hclog.New(&hclog.LoggerOptions{Output: &logs, Level: hclog.Debug})
	p, diags := planner.Build(context.Background(), cfg, planner.Options{
		Registry: reg, Logger: logger, Getenv: getenv, RelctlVersion: "0.1.0",
		Now:     func() time.Time { return time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC) },
		Targets: []string{"stage.publish"},
		Vars: planner.VarInputs{Environ: environ, Flags: []string{"release_version=3.4.7", "milestone=APIM 3.4.7",
			"github_api_url=" + srv.URL(), "circleci_api_url=" + circle.URL, "approval_timeout=300ms"}},
	})
	if diags.HasErrors() {
		t.Fatalf("planning: %s", diags.Error())
	}
	planPath := filepath.Join(t.TempDir(), "plan.out")
	if _, err := plan.WriteFile(planPath, p); err != nil {
		t.Fatal(err)
	}
	p, err := plan.ReadFile(planPath)
	if err != nil {
		t.Fatal(err)
	}
	stable := func(s string) []byte {
		s = strings.ReplaceAll(s, p.PlanID, "<plan sha256>")
		s = strings.ReplaceAll(s, p.PlanID[:4]+"…"+p.PlanID[len(p.PlanID)-4:], "<plan>")
		return []byte(strings.ReplaceAll(s, srv.Origin(), "https://github.com"))
	}
	var human, md bytes.Buffer
	if err := views.WritePlan(&human, p, views.Options{PlanPath: "plan.out"}); err != nil {
		t.Fatal(err)
	}
	if err := views.WritePlanMarkdown(&md, p, views.MarkdownOptions{PlanPath: "plan.out", Marker: "<!-- relctl:plan -->"}); err != nil {
		t.Fatal(err)
	}
	g := goldie.New(t, goldie.WithFixtureDir(filepath.Join(exampleDir, "testdata")))
	g.Assert(t, "plan", stable(human.String()))
	g.Assert(t, "comment", stable(md.String()))

	statePath := filepath.Join(t.TempDir(), "relctl.state")
	res, err := apply(t, p, statePath, getenv, logger)
	if !errors.Is(err, executor.ErrStopped) || len(res.TimedOut) != 1 || res.TimedOut[0] != "stage.prepare.github_await_merge.approval" {
		t.Fatalf("first apply: %v (timed out %v, failed %v)", err, res.TimedOut, res.Failed)
	}
	prs := srv.PullRequests("gravitee-io/release")
	if len(prs) != 1 || prs[0].State != "open" || prs[0].Head != "feature/prepare_release_3.4.7" || prs[0].Base != "master" {
		t.Fatalf("pull requests after the first apply: %+v", prs)
	}
	mergeSHA := srv.MergePR("gravitee-io/release", prs[0].Number)

	if res, err = apply(t, p, statePath, getenv, logger); err != nil {
		t.Fatalf("resumed apply: %v (failed %v)", err, res.Failed)
	}
	if _, err := apply(t, p, statePath, getenv, logger); !errors.Is(err, executor.ErrAlreadyApplied) {
		t.Errorf("third apply: %v, want already applied", err)
	}

	got, _ := srv.File("gravitee-io/release", "master", "release.json")
	for _, want := range []string{`"version": "3.4.7",`, `"version": "1.20.6"`, `"version": "3.4.7"` + "\n"} {
		if !strings.Contains(got, want) {
			t.Errorf("release.json on master lacks %s:\n%s", want, got)
		}
	}
	if got == manifest || srv.Ref("gravitee-io/release", "heads/feature/prepare_release_3.4.7") == "" {
		t.Errorf("the prepare branch or its commit is missing")
	}
	var checklists int
	for _, c := range srv.Comments("gravitee-io/release", prs[0].Number) {
		if strings.HasPrefix(c.Body, "<!-- relctl:release-checklist -->") {
			checklists++
		}
	}
	if checklists != 1 {
		t.Errorf("%d checklist comments, want 1", checklists)
	}
	if tag, ok := srv.CommitOf("gravitee-io/release", "3.4.7"); !ok || tag.SHA != mergeSHA {
		t.Errorf("tag 3.4.7 at %q, want the merge commit %s", tag.SHA, mergeSHA)
	}
	rels := srv.Releases("gravitee-io/release")
	if len(rels) != 1 || rels[0].Name != "APIM 3.4.7" || !strings.Contains(rels[0].Body, "gravitee-gateway 3.4.7") {
		t.Fatalf("releases: %+v", rels)
	}
	// The body carries the release notes: the milestone's issues per
	// component, grouped by type, titles escaped, linked pull requests.
	g.Assert(t, "release_body", stable(rels[0].Body))
	if len(hook.msgs) != 1 || !strings.Contains(hook.msgs[0], "ready for review") {
		t.Errorf("slack messages: %q", hook.msgs)
	}
	planJSON, _ := os.ReadFile(planPath)
	stateText, _ := os.ReadFile(statePath)
	for what, text := range map[string]string{"plan": string(planJSON), "state": string(stateText), "logs": logs.String(),
		"comments": commentsText(srv), "rendering": human.String() + md.String()} {
		if strings.Contains(text, e2eCanary) {
			t.Errorf("the %s holds the GitHub token", what)
		}
		if strings.Contains(text, "/services/T0/B0/secret") {
			t.Errorf("the %s holds the sensitive webhook URL", what)
		}
	}
	if leaks := srv.TokenLeaks(); len(leaks) > 0 {
		t.Errorf("token in URLs: %v", leaks)
	}
}

// apply configures the plan's providers as relctl apply does (with no
// spacing and short polls) and runs the executor on the state file.
func apply(t *testing.T, p *plan.Plan, statePath string, getenv func(string) string, logger hclog.Logger) (*executor.Result, error) {
	t.Helper()
	reg := builtin.Registry()
	provs := map[string]providers.Provider{}
	for _, a := range p.Actions {
		if provs[a.Provider] != nil {
			continue
		}
		prov, err := reg.New(a.Provider)
		if err != nil {
			t.Fatal(err)
		}
		cfg, err := plan.ProviderConfig(p, a.Provider, prov.Schema())
		if err != nil {
			t.Fatal(err)
		}
		if a.Provider == "github" {
			attrs := cfg.AsValueMap()
			attrs["mutation_interval"], attrs["poll_interval"], attrs["max_poll_interval"] = cty.StringVal("0s"), cty.StringVal("20ms"), cty.StringVal("50ms")
			cfg = cty.ObjectVal(attrs)
		}
		if err := prov.Configure(context.Background(), providers.ConfigureRequest{Config: cfg, Logger: logger}); err != nil {
			t.Fatal(err)
		}
		provs[a.Provider] = prov
	}
	j, err := state.Open(context.Background(), statePath, "apply", 0)
	if err != nil {
		t.Fatal(err)
	}
	defer j.Close()
	ex := &executor.Executor{Plan: p, Providers: provs, Journal: j, Getenv: getenv, Logger: logger}
	return ex.Apply(context.Background())
}

func commentsText(srv *githubtest.Server) string {
	var b strings.Builder
	for _, pr := range srv.PullRequests("gravitee-io/release") {
		for _, c := range srv.Comments("gravitee-io/release", pr.Number) {
			b.WriteString(c.Body)
		}
	}
	return b.String()
}

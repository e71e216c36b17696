package e2e

import (
	"encoding/json"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/relctl/relctl/providers/github/githubtest"
)

// gateRun is a workspace with the Gravitee example's configuration, run
// through the built binary against the fake GitHub that gravitee builds.
type gateRun struct {
	t        *testing.T
	dir      string
	srv      *githubtest.Server
	manifest string
	env      []string
	vars     []string
}

func newGateRun(t *testing.T, edits ...func(string) string) *gateRun {
	t.Helper()
	config, err := os.ReadFile(filepath.Join(exampleDir, "release.rel.hcl"))
	if err != nil {
		t.Fatal(err)
	}
	cfg := edit(t, string(config), "  base_url = var.github_api_url\n",
		"  base_url = var.github_api_url\n  mutation_interval = \"0s\"\n  poll_interval = \"20ms\"\n  max_poll_interval = \"50ms\"\n")
	// The state stays local here: TestReleaseAcrossRunners runs the
	// release on the github backend.
	cfg = edit(t, cfg, "  backend \"github\" {\n    repo   = \"gravitee-io/release\"\n    branch = \"relctl-state\"\n  }\n", "")
	for _, e := range edits {
		cfg = e(cfg)
	}
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "release.rel.hcl"), []byte(cfg), 0o644); err != nil {
		t.Fatal(err)
	}
	srv, manifest := gravitee(t)
	slack := httptest.NewServer(&webhook{})
	t.Cleanup(slack.Close)
	return &gateRun{t: t, dir: dir, srv: srv, manifest: manifest,
		env: []string{"GITHUB_TOKEN=" + e2eCanary, "RELCTL_VAR_slack_webhook_url=" + slack.URL + "/services/T0/B0/secret"},
		vars: []string{"-var", "release_version=3.4.7", "-var", "milestone=APIM 3.4.7", "-var", "github_api_url=" + srv.URL(),
			"-var", "approval_timeout=300ms", "-target", "stage.publish"}}
}

func (g *gateRun) run(code int, args ...string) result {
	g.t.Helper()
	r := startEnv(g.t, g.dir, g.env, args...).wait()
	if r.code != code {
		g.t.Fatalf("exit code %d, want %d:\n%s", r.code, code, r)
	}
	return r
}

const (
	releaseRepo = "gravitee-io/release"
	prepareRef  = "heads/feature/prepare_release_3.4.7"
)

// released runs the release to its end as its users do: plan, apply to
// the merge gate (exit 3), a reviewer merges, apply again completes.
func (g *gateRun) release() {
	g.t.Helper()
	g.run(0, append([]string{"plan", "-out", "plan.out"}, g.vars...)...)
	r := g.run(3, "apply", "plan.out")
	wantOutput(g.t, "apply to the gate", r.stdout, "stage.prepare.github_await_merge.approval: Timed out")
	prs := g.srv.PullRequests(releaseRepo)
	if len(prs) != 1 || prs[0].State != "open" {
		g.t.Fatalf("pull requests at the gate: %+v", prs)
	}
	g.srv.MergePR(releaseRepo, prs[0].Number)
	r = g.run(0, "apply", "plan.out")
	wantOutput(g.t, "apply after the merge", r.stdout, "Apply complete!")
	if got, _ := g.srv.File(releaseRepo, "master", "release.json"); got == g.manifest || g.srv.Ref(releaseRepo, "tags/3.4.7") == "" {
		g.t.Fatalf("the release did not reach master and its tag")
	}
}

// statuses reads relctl state list.
func (g *gateRun) statuses() map[string]string {
	g.t.Helper()
	out := map[string]string{}
	for _, l := range strings.Split(strings.TrimSpace(g.run(0, "state", "list").stdout), "\n") {
		status, addr, _ := strings.Cut(l, " ")
		out[strings.TrimSpace(addr)] = status
	}
	return out
}

// wantRolledBack checks that the rollback left nothing of the release
// behind but the merged pull request and what cannot be unsaid.
func (g *gateRun) wantRolledBack(branches ...string) {
	g.t.Helper()
	if got, _ := g.srv.File(releaseRepo, "master", "release.json"); got != g.manifest {
		g.t.Errorf("release.json on master is not restored byte for byte:\n%s", got)
	}
	want := append([]string{"refs/heads/master"}, branches...)
	if diff := cmp.Diff(want, g.srv.Refs(releaseRepo)); diff != "" {
		g.t.Errorf("refs of the release repository (-want +got):\n%s", diff)
	}
	if rels := g.srv.Releases(releaseRepo); len(rels) != 0 {
		g.t.Errorf("releases left: %+v", rels)
	}
	for _, c := range g.srv.Comments(releaseRepo, 1) {
		if strings.Contains(c.Body, "relctl:release-checklist") {
			g.t.Errorf("the checklist comment is left: %q", c.Body)
		}
	}
	want2 := map[string]string{
		"stage.prepare.github_branch.prepare":       "undone",
		"stage.prepare.github_file.release_json":    "undone",
		"stage.prepare.github_pull_request.prepare": "done",
		"stage.prepare.github_comment.checklist":    "undone",
		"stage.prepare.slack_message.review":        "done",
		"stage.prepare.github_await_merge.approval": "done",
		"stage.publish.github_tag.release":          "undone",
		"stage.publish.github_release.release":      "undone",
	}
	if diff := cmp.Diff(want2, g.statuses()); diff != "" {
		g.t.Errorf("state after the rollback (-want +got):\n%s", diff)
	}
	for _, f := range []string{"plan.out", "relctl.state", "relctl.state.plan", "rollback.out"} {
		if data, _ := os.ReadFile(filepath.Join(g.dir, f)); strings.Contains(string(data), e2eCanary) || strings.Contains(string(data), "/services/T0/B0/secret") {
			g.t.Errorf("%s holds a secret", f)
		}
	}
}

func TestRollbackAfterTheMergeGate(t *testing.T) {
	t.Parallel()
	g := newGateRun(t)
	g.release()
	r := g.run(0, "rollback", "-auto-approve")
	wantOutput(t, "rollback", r.stdout,
		"relctl will undo 5 actions, newest first:",
		"- stage.prepare.github_file.release_json  restore gravitee-io/release:release.json on master (blob ",
		"- stage.prepare.github_branch.prepare  delete branch feature/prepare_release_3.4.7 of gravitee-io/release at ",
		"- stage.publish.github_tag.release  delete tag 3.4.7 of gravitee-io/release at ",
		"! stage.prepare.github_pull_request.prepare",
		"pull request gravitee-io/release#1 was merged by octocat at ",
		"Rollback complete! 5 undone, 3 irreversible.")
	if strings.Contains(r.stdout+r.stderr, "known after apply") {
		t.Errorf("the rollback plan shows unknown values:\n%s", r.stdout)
	}
	g.wantRolledBack()
	if prs := g.srv.PullRequests(releaseRepo); len(prs) != 1 || !prs[0].Merged {
		t.Errorf("pull requests after the rollback: %+v", prs)
	}
	again := g.run(0, "rollback", "-auto-approve")
	wantOutput(t, "second rollback", again.stdout, "Nothing to undo.")
}

func TestRollbackViaPullRequest(t *testing.T) {
	t.Parallel()
	g := newGateRun(t, func(cfg string) string {
		return edit(t, cfg, "  parallelism      = 10\n", "  parallelism      = 10\n\n  rollback {\n    via_pull_request = true\n  }\n")
	})
	g.release()
	released, _ := g.srv.File(releaseRepo, "master", "release.json")
	r := g.run(0, "rollback", "-auto-approve")
	wantOutput(t, "rollback", r.stdout,
		"+ stage.prepare.github_file.release_json  open pull request relctl-revert/feature/prepare_release_3.4.7 → master to restore release.json",
		"opened pull request gravitee-io/release#2 to revert release.json on master")
	if got, _ := g.srv.File(releaseRepo, "master", "release.json"); got != released {
		t.Errorf("master changed before the revert was reviewed")
	}
	prs := g.srv.PullRequests(releaseRepo)
	if len(prs) != 2 || prs[1].State != "open" || prs[1].Base != "master" {
		t.Fatalf("pull requests: %+v", prs)
	}
	g.srv.MergePR(releaseRepo, prs[1].Number)
	g.wantRolledBack("refs/heads/relctl-revert/feature/prepare_release_3.4.7")
}

// shownRollback is the part of relctl show -json of a rollback plan the
// test reads.
type shownRollback struct {
	PlanID   string `json:"plan_id"`
	Rollback struct {
		Of           string `json:"of"`
		Undo         []struct{ Address, Description string }
		Irreversible []struct{ Address, Reason string }
	} `json:"rollback"`
}

func TestReviewedRollback(t *testing.T) {
	t.Parallel()
	g := newGateRun(t)
	g.release()
	planID := strings.TrimSpace(g.run(0, "show", "-json", "plan.out").stdout)
	var applied struct {
		PlanID string `json:"plan_id"`
	}
	if err := json.Unmarshal([]byte(planID), &applied); err != nil {
		t.Fatal(err)
	}

	saved := g.run(0, "rollback", "-out", "rollback.out")
	wantOutput(t, "rollback -out", saved.stdout, "relctl will undo 5 actions", "Saved the rollback plan to rollback.out",
		"To perform exactly this rollback: relctl apply rollback.out")
	if got, _ := g.srv.File(releaseRepo, "master", "release.json"); got == g.manifest || g.srv.Ref(releaseRepo, prepareRef) == "" {
		t.Fatalf("rollback -out changed the world")
	}
	var shown shownRollback
	if err := json.Unmarshal([]byte(g.run(0, "show", "-json", "rollback.out").stdout), &shown); err != nil {
		t.Fatal(err)
	}
	if shown.Rollback.Of != applied.PlanID || len(shown.Rollback.Undo) != 5 || len(shown.Rollback.Irreversible) != 3 {
		t.Errorf("show -json rollback.out: %+v", shown)
	}
	human := g.run(0, "show", "rollback.out")
	wantOutput(t, "show rollback.out", human.stdout, "Rollback of plan "+applied.PlanID[:4], "was merged by octocat at ",
		"relctl apply rollback.out")
	posted := g.run(0, "comment", "rollback.out", "-pr", "gravitee-io/release#1")
	wantOutput(t, "comment rollback.out", posted.stdout, "Rollback plan "+shown.PlanID[:12]+" posted to gravitee-io/release#1")
	var comment string
	for _, c := range g.srv.Comments(releaseRepo, 1) {
		if strings.HasPrefix(c.Body, "<!-- relctl:rollback -->") {
			comment = c.Body
		}
	}
	wantOutput(t, "the rollback comment", comment, `## relctl rollback: APIM 3\.4\.7`, "relctl apply -plan-sha256 "+shown.PlanID,
		"| `-` | `stage.prepare.github_branch.prepare` | delete branch feature/prepare\\_release\\_3\\.4\\.7 of gravitee\\-io/release at ")

	// The world changes after the review: someone deletes the prepare
	// branch. The saved rollback no longer describes what would happen.
	branch := g.srv.Ref(releaseRepo, prepareRef)
	g.srv.Repo(releaseRepo).Branch("feature/prepare_release_3.4.7", g.srv.Ref(releaseRepo, "heads/master"))
	stale := g.run(1, "apply", "rollback.out")
	wantOutput(t, "apply of a stale rollback plan", stale.stderr, "rollback plan "+shown.PlanID[:12]+" is stale",
		"branch feature/prepare_release_3.4.7 of gravitee-io/release is at "+branch[:7], "run relctl rollback -out again")
	g.srv.Repo(releaseRepo).Branch("feature/prepare_release_3.4.7", branch)

	// The state changes after the review: a targeted rollback ran.
	g.run(0, "rollback", "-auto-approve", "-target", "stage.publish.github_release.release")
	stale = g.run(1, "apply", "rollback.out")
	wantOutput(t, "apply of a rollback plan made from another state", stale.stderr, "is stale: the state changed since it was made")

	g.run(0, "rollback", "-out", "rollback.out")
	done := g.run(0, "apply", "rollback.out")
	wantOutput(t, "apply rollback.out", done.stdout, "Rollback complete! 4 undone, 3 irreversible.")
	g.wantRolledBack()
}

// TestRollbackWithImmutableReleases: in a repository with GitHub's
// immutable releases the release plan says the release is irreversible,
// and the rollback keeps the release and its tag, undoing the rest.
func TestRollbackWithImmutableReleases(t *testing.T) {
	t.Parallel()
	g := newGateRun(t)
	g.srv.EnableImmutableReleases(releaseRepo)
	const reason = "gravitee-io/release has immutable releases: the published release 3.4.7 and its tag can never be deleted or reused"
	plan := g.run(0, append([]string{"plan"}, g.vars...)...)
	wantOutput(t, "plan", plan.stdout, "irreversible: "+reason)
	g.release()
	tag := g.srv.Ref(releaseRepo, "tags/3.4.7")
	r := g.run(0, "rollback", "-auto-approve")
	wantOutput(t, "rollback", r.stdout, "relctl will undo 3 actions", "! stage.publish.github_release.release",
		"! stage.publish.github_tag.release", "      "+reason, "Rollback complete! 3 undone, 5 irreversible.")
	if got, _ := g.srv.File(releaseRepo, "master", "release.json"); got != g.manifest {
		t.Errorf("release.json on master is not restored:\n%s", got)
	}
	if rels := g.srv.Releases(releaseRepo); len(rels) != 1 || !rels[0].Immutable || g.srv.Ref(releaseRepo, "tags/3.4.7") != tag {
		t.Errorf("the immutable release and its tag did not stay: %+v", rels)
	}
	if g.srv.Ref(releaseRepo, prepareRef) != "" {
		t.Errorf("the prepare branch is left")
	}
}

package e2e

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// apiGate is the action that fails in the gated release when gates/api
// is missing.
const apiGate = `stage.release["api"].exec.gate`

// gatedAfterFailure maps the actions of the gated release to their status after
// api's gate failed: common's release and the qualify stage done (common's
// next-version commit, disabled, too), api's gate failed, everything after
// it skipped.
func gatedAfterFailure() map[string]string {
	want := map[string]string{
		"stage.qualify.exec.tools":  "done",
		"stage.announce.exec.notes": "skipped",
		apiGate:                     "failed",
	}
	for _, c := range []string{"common", "api", "web"} {
		for _, a := range []string{"exec.gate", "git_commit.version", "git_tag.release", "git_commit.next", "git_push.publish"} {
			addr := `stage.release["` + c + `"].` + a
			switch {
			case addr == apiGate:
			case c == "common":
				want[addr] = "done"
			default:
				want[addr] = "skipped"
			}
		}
	}
	return want
}

func TestFailureSkipsDependentsAndResumes(t *testing.T) {
	t.Parallel()
	w := newWorkspace(t, gatedRelease(t, quickstart(t)))
	w.write("gates/common", "")
	w.write("gates/web", "")
	before := w.snapshot()
	w.plan()
	plan := w.showPlan()

	r := w.mustRun(1, "apply", "plan.out")
	want := gatedAfterFailure()
	for addr, status := range want {
		if status == "skipped" {
			wantOutput(t, "apply", r.stdout, addr+": Skipped (upstream failed: "+apiGate+")")
		}
	}
	// The report names the root cause only.
	if got := strings.Count(r.stderr, "Error:"); got != 1 {
		t.Errorf("%d errors reported, want the root cause only:\n%s", got, r.stderr)
	}
	wantOutput(t, "the failure report", r.stderr, "Error: "+apiGate, "command test -e gates/api exited with code 1")
	wantOutput(t, "apply", r.stdout, "Apply failed: 5 done, 1 failed, 10 skipped, 1 disabled.")
	if diff := cmp.Diff(want, w.statuses()); diff != "" {
		t.Errorf("state after the failure (-want +got):\n%s", diff)
	}
	// common, independent of api, was released; api and web were not.
	w.wantReleased(before, quickstartRelease[0])

	// Fix the cause and apply the same plan: it finishes what is left.
	w.write("gates/api", "")
	r = w.mustRun(0, "apply", "plan.out")
	wantOutput(t, "the resumed apply", r.stdout, "Resuming plan "+plan.PlanID[:12]+": 6 of 17 actions already done.",
		"Apply complete! 10 done, 5 already done, 2 disabled.")
	if strings.Contains(r.stdout, `stage.release["common"]`) {
		t.Errorf("the resumed apply ran common's finished actions again:\n%s", r.stdout)
	}
	w.wantAppliedOnce(before, plan, quickstartRelease...)
}

func TestRollbackOnFailure(t *testing.T) {
	t.Parallel()
	w := newWorkspace(t, gatedRelease(t, quickstart(t)))
	w.write("gates/common", "")
	w.write("gates/web", "")
	before := w.snapshot()
	w.plan()

	r := w.mustRun(1, "apply", "-rollback-on-failure", "plan.out")
	wantOutput(t, "apply -rollback-on-failure", r.stdout, "Apply failed: 5 done, 1 failed, 10 skipped, 1 disabled.",
		"Rolling back what the plan did (-rollback-on-failure).", "relctl will undo 3 actions, newest first:",
		"Rollback complete! 3 undone, 2 irreversible.")
	wantOutput(t, "apply -rollback-on-failure", r.stderr, "Error: "+apiGate)
	w.wantRefs("after the rollback on failure", before)

	want := gatedAfterFailure()
	for addr, status := range want {
		if status == "done" && strings.Contains(addr, "git_") && !strings.Contains(addr, "git_commit.next") {
			want[addr] = "undone"
		}
	}
	if diff := cmp.Diff(want, w.statuses()); diff != "" {
		t.Errorf("state after the rollback on failure (-want +got):\n%s", diff)
	}
}

// TestTagConflictFailsThenResumes: while a failed apply waits to be
// resumed, someone tags another commit with the release's tag. The resumed
// apply refuses to move it, naming both commits, and skips what depends on
// it; once the tag is deleted, the same plan completes.
func TestTagConflictFailsThenResumes(t *testing.T) {
	t.Parallel()
	w := newWorkspace(t, gatedRelease(t, quickstart(t)))
	w.write("gates/common", "")
	w.write("gates/web", "")
	before := w.snapshot()
	w.plan()
	plan := w.showPlan()
	w.mustRun(1, "apply", "plan.out")

	w.gitOut("api", "tag", "api-2.0.1", "refs/tags/api-2.0.0")
	w.write("gates/api", "")
	r := w.mustRun(1, "apply", "plan.out")
	other := w.git("api", "rev-parse", "--short=7", "refs/tags/api-2.0.0")
	main := w.git("api", "rev-parse", "--short=7", "refs/heads/main")
	wantOutput(t, "the resumed apply", r.stderr,
		"Error: "+`stage.release["api"].git_tag.release: conflict: tag api-2.0.1 is at `+other+" in remotes/api, the plan expects ")
	wantOutput(t, "the resumed apply", r.stdout,
		`stage.release["api"].git_push.publish: Skipped (upstream failed: stage.release["api"].git_tag.release)`)
	if got := strings.Count(r.stderr, "Error:"); got != 1 {
		t.Errorf("%d errors reported, want the root cause only:\n%s", got, r.stderr)
	}
	if main != before["api"]["refs/heads/main"][:7] {
		t.Errorf("api's main moved to %s although its push was skipped", main)
	}

	w.gitOut("api", "tag", "-d", "api-2.0.1")
	w.mustRun(0, "apply", "plan.out")
	w.wantAppliedOnce(before, plan, quickstartRelease...)
}

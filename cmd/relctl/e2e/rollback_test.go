package e2e

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// wantRolledBack checks the state after a complete rollback of the
// quickstart: the git actions undone, the commands (irreversible) and the
// disabled actions done.
func (w *workspace) wantRolledBack(plan shownPlan) {
	w.t.Helper()
	want := map[string]string{}
	for _, a := range plan.addresses() {
		want[a] = "undone"
		if strings.Contains(a, ".exec.") || plan.disabled(a) {
			want[a] = "done"
		}
	}
	if diff := cmp.Diff(want, w.statuses()); diff != "" {
		w.t.Errorf("state after the rollback (-want +got):\n%s", diff)
	}
}

func TestRollbackRestoresRepositories(t *testing.T) {
	t.Parallel()
	w := newWorkspace(t, quickstart(t))
	before := w.snapshot()
	w.plan()
	plan := w.showPlan()
	w.mustRun(0, "apply", "plan.out")
	w.wantReleased(before, quickstartRelease...)

	r := w.mustRun(0, "rollback", "-auto-approve")
	wantOutput(t, "rollback", r.stdout,
		"relctl will undo 10 actions, newest first:",
		"2 actions cannot be undone, left in place:",
		"! stage.qualify.exec.tools",
		"Rollback complete! 10 undone, 2 irreversible.")
	w.wantRefs("after the rollback", before)
	w.wantRolledBack(plan)

	// A second rollback finds nothing left to undo.
	r = w.mustRun(0, "rollback", "-auto-approve")
	if strings.Contains(r.stdout, "Undoing") {
		t.Errorf("a second rollback undid something again:\n%s", r)
	}
	w.wantRefs("after a second rollback", before)
}

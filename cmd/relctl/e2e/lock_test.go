package e2e

import (
	"fmt"
	"os"
	"os/user"
	"strings"
	"syscall"
	"testing"
	"time"
)

// whoAmI is how relctl names this user in a lock: user@host.
func whoAmI(t *testing.T) string {
	t.Helper()
	u, err := user.Current()
	if err != nil {
		t.Fatal(err)
	}
	host, err := os.Hostname()
	if err != nil {
		t.Fatal(err)
	}
	return u.Username + "@" + host
}

func TestConcurrentApplyRefused(t *testing.T) {
	t.Parallel()
	w := newWorkspace(t, slowQualify(t, quickstart(t)))
	before := w.snapshot()
	w.plan()
	plan := w.showPlan()

	first := w.start("apply", "plan.out")
	first.waitForOutput(qualifying)
	holder := fmt.Sprintf("state is locked by %s (pid %d, apply since ", whoAmI(t), first.pid())

	// A second apply, and a rollback, fail at once naming the holder.
	r := w.mustRun(1, "apply", "plan.out")
	wantOutput(t, "a second apply", r.stderr, holder)
	r = w.mustRun(1, "rollback", "-auto-approve")
	wantOutput(t, "a rollback during the apply", r.stderr, holder)

	// With -lock-timeout, the second apply waits for the first to end,
	// then finds the plan applied to completion and does nothing.
	waiter := w.start("apply", "-lock-timeout", "2m", "plan.out")
	if r := first.wait(); r.code != 0 {
		t.Fatalf("the first apply: exit %d\n%s", r.code, r)
	}
	r = waiter.wait()
	if r.code != 1 {
		t.Fatalf("the waiting apply: exit %d, want 1\n%s", r.code, r)
	}
	wantOutput(t, "the waiting apply", r.stderr, "plan "+plan.PlanID[:12]+" was already applied to completion")
	if strings.Contains(r.stderr, "locked") || r.stdout != "" {
		t.Errorf("the waiting apply did not wait for the lock:\n%s", r)
	}
	if waiter.ended.Before(first.ended) {
		t.Errorf("the waiting apply ended before the one holding the lock")
	}
	w.wantAppliedOnce(before, plan, quickstartRelease...)
}

// TestWaitingApplyResumesKilledHolder kills the apply holding the lock
// while another waits for it (-lock-timeout): the lock dies with its
// holder, and the waiting apply takes it and resumes the plan.
func TestWaitingApplyResumesKilledHolder(t *testing.T) {
	t.Parallel()
	w := newWorkspace(t, slowQualify(t, quickstart(t)))
	before := w.snapshot()
	w.plan()
	plan := w.showPlan()

	first := w.start("apply", "plan.out")
	first.waitForOutput(qualifying)
	waiter := w.start("apply", "-lock-timeout", "2m", "plan.out")
	// Let the waiter find the lock held (the test holds either way).
	time.Sleep(300 * time.Millisecond)
	first.signal(syscall.SIGKILL)
	if r := first.wait(); !r.killed {
		t.Fatalf("the first apply was not killed:\n%s", r)
	}
	r := waiter.wait()
	if r.code != 0 {
		t.Fatalf("the waiting apply: exit %d, want 0\n%s", r.code, r)
	}
	wantOutput(t, "the waiting apply", r.stdout, "Resuming plan "+plan.PlanID[:12])
	w.wantAppliedOnce(before, plan, quickstartRelease...)
}

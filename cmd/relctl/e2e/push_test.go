//go:build linux

package e2e

import (
	"os"
	"strings"
	"syscall"
	"testing"
	"time"
)

// holdPushes makes the remote of component hold every push in a
// pre-receive hook until release is called; reached returns once a push is
// held there, past the point where the client can take it back.
func (w *workspace) holdPushes(component string) (reached func(), release func()) {
	w.t.Helper()
	mark, gate := w.path("push-reached"), w.path("push-go")
	hook := "#!/bin/sh\ntouch '" + mark + "'\nwhile [ ! -e '" + gate + "' ]; do sleep 0.02; done\n"
	if err := os.WriteFile(w.path("work/remotes/"+component+".git/hooks/pre-receive"), []byte(hook), 0o755); err != nil {
		w.t.Fatal(err)
	}
	reached = func() {
		w.t.Helper()
		deadline := time.Now().Add(30 * time.Second)
		for _, err := os.Stat(mark); err != nil; _, err = os.Stat(mark) {
			if time.Now().After(deadline) {
				w.t.Fatalf("no push reached %s in 30s", component)
			}
			time.Sleep(10 * time.Millisecond)
		}
	}
	release = func() { os.WriteFile(gate, nil, 0o644) }
	// A test that fails while a push is held must not leave the hook waiting.
	w.t.Cleanup(release)
	return reached, release
}

// commonPush is the action that pushes common's release.
const commonPush = `stage.release["common"].git_push.publish`

// TestKilledDuringPush kills apply while its push of common is inside the
// remote, where it goes on to the end: the remote has the release commit
// and tag, the state says the push is running. Resuming must adopt the
// push, not make it twice; rolling back must undo it.
func TestKilledDuringPush(t *testing.T) {
	t.Parallel()
	for _, mode := range []killMode{killRelctl, killTree} {
		for _, then := range []string{"resume", "rollback"} {
			t.Run(strings.ReplaceAll(mode.String(), " ", "_")+"/"+then, func(t *testing.T) {
				t.Parallel()
				w := newWorkspace(t, quickstart(t))
				before := w.snapshot()
				w.plan()
				plan := w.showPlan()
				reached, release := w.holdPushes("common")
				p := w.start("apply", "plan.out")
				reached()
				if r := p.kill(mode, w.remotes()); !r.killed {
					t.Fatalf("the apply was not killed:\n%s", r)
				}
				release()
				p.waitGroupGone()
				w.waitForRef("common", "refs/tags/v1.5.0")
				if got := w.statuses()[commonPush]; got != "running" {
					t.Fatalf("the state says the push is %q, want running", got)
				}
				switch then {
				case "resume":
					w.mustRun(0, "apply", "plan.out")
					w.wantAppliedOnce(before, plan, quickstartRelease...)
				case "rollback":
					r := w.mustRun(0, "rollback", "-auto-approve")
					wantOutput(t, "rollback", r.stdout, "- "+commonPush, commonPush+": Undone")
					w.wantRefs("after rolling back the killed apply", before)
					if got := w.statuses()[commonPush]; got != "undone" {
						t.Errorf("after the rollback the state says the push is %q, want undone", got)
					}
				}
			})
		}
	}
}

// TestKilledDuringUndoPush kills rollback while the push that undoes
// web's release is inside the remote, where it goes on to the end: the
// remote is back as before, the state says the undo is under way. The
// rollback run again must finish without undoing anything twice.
func TestKilledDuringUndoPush(t *testing.T) {
	t.Parallel()
	for _, mode := range []killMode{killRelctl, killTree} {
		t.Run(strings.ReplaceAll(mode.String(), " ", "_"), func(t *testing.T) {
			t.Parallel()
			w := newWorkspace(t, quickstart(t))
			before := w.snapshot()
			w.plan()
			plan := w.showPlan()
			w.mustRun(0, "apply", "plan.out")
			reached, release := w.holdPushes("web")
			p := w.start("rollback", "-auto-approve")
			reached()
			if r := p.kill(mode, w.remotes()); !r.killed {
				t.Fatalf("the rollback was not killed:\n%s", r)
			}
			release()
			p.waitGroupGone()
			w.waitForRefGone("web", "refs/tags/v0.10.0")
			if got := w.statuses()[webPush]; got != "undoing" {
				t.Fatalf("the state says the push is %q, want undoing", got)
			}
			w.mustRun(0, "rollback", "-auto-approve")
			w.wantRefs("after the resumed rollback", before)
			w.wantRolledBack(plan)
		})
	}
}

// TestInterruptDuringPush interrupts apply (SIGINT) while its push of
// common is held inside the remote: the apply stops with exit 3 once the
// push ends, and the apply run again finishes the release exactly once.
func TestInterruptDuringPush(t *testing.T) {
	t.Parallel()
	w := newWorkspace(t, quickstart(t))
	before := w.snapshot()
	w.plan()
	plan := w.showPlan()
	reached, release := w.holdPushes("common")
	p := w.start("apply", "plan.out")
	reached()
	p.signal(syscall.SIGINT)
	p.waitForStderr("Interrupt received")
	release()
	r := p.wait()
	if r.code != 3 {
		t.Fatalf("exit code %d after an interrupt, want 3:\n%s", r.code, r)
	}
	wantOutput(t, "the interrupted apply", r.stdout, "Apply stopped before the end", "Run it again to resume.")
	if strings.Contains(r.stdout, `stage.release["api"]`) {
		t.Errorf("an action started after the interrupt:\n%s", r.stdout)
	}
	w.mustRun(0, "apply", "plan.out")
	w.wantAppliedOnce(before, plan, quickstartRelease...)
}

// webPush is the action that pushes web's release.
const webPush = `stage.release["web"].git_push.publish`

// waitForRef waits until the remote of component has ref: the push the
// killed relctl started ends on its own.
func (w *workspace) waitForRef(component, ref string) {
	w.t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for w.git(component, "for-each-ref", ref) == "" {
		if time.Now().After(deadline) {
			w.t.Fatalf("%s has no %s 30s after the push was released", component, ref)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// waitForRefGone waits until the remote of component no longer has ref.
func (w *workspace) waitForRefGone(component, ref string) {
	w.t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for w.git(component, "for-each-ref", ref) != "" {
		if time.Now().After(deadline) {
			w.t.Fatalf("%s still has %s 30s after the push was released", component, ref)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

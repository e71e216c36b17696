package e2e

import (
	"strings"
	"syscall"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// qualifying is what apply prints when the slow qualify stage starts.
const qualifying = "stage.qualify.exec.tools: Running..."

func TestInterruptedApplyResumes(t *testing.T) {
	t.Parallel()
	tests := map[string]struct {
		interrupts int
		stdout     []string
		stderr     []string
		notStdout  string
		// tools is the state of the command running when interrupted.
		tools string
	}{
		// The running command finishes; nothing new starts.
		"once": {
			interrupts: 1,
			stdout:     []string{qualifying, "stage.qualify.exec.tools: Done", "Apply stopped before the end: 1 done, 13 left to do. Run it again to resume."},
			stderr:     []string{"Interrupt received: no new action will start"},
			tools:      "done",
		},
		// relctl exits at once, leaving the command recorded as running.
		"twice": {
			interrupts: 2,
			notStdout:  "stage.qualify.exec.tools: Done",
			stderr:     []string{"Interrupt received", "Exiting at once. The state is consistent: run the command again to resume."},
			tools:      "running",
		},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			w := newWorkspace(t, slowQualify(t, quickstart(t)))
			before := w.snapshot()
			w.plan()
			plan := w.showPlan()

			p := w.start("apply", "plan.out")
			p.waitForOutput(qualifying)
			for range tc.interrupts {
				// The kernel merges a signal into one still pending: send
				// the next once relctl has taken the previous one.
				p.signal(syscall.SIGINT)
				p.waitForStderr("Interrupt received")
			}
			r := p.wait()
			if r.code != 3 {
				t.Fatalf("exit code %d after %d interrupts, want 3:\n%s", r.code, tc.interrupts, r)
			}
			wantOutput(t, "the interrupted apply", r.stdout, tc.stdout...)
			wantOutput(t, "the interrupted apply", r.stderr, tc.stderr...)
			if tc.notStdout != "" && strings.Contains(r.stdout, tc.notStdout) {
				t.Errorf("the interrupted apply says %q:\n%s", tc.notStdout, r.stdout)
			}
			w.wantRefs("after the interrupt", before)
			want := map[string]string{}
			for _, a := range plan.addresses() {
				want[a] = "pending"
			}
			want["stage.qualify.exec.tools"] = tc.tools
			if diff := cmp.Diff(want, w.statuses()); diff != "" {
				t.Errorf("state after the interrupt (-want +got):\n%s", diff)
			}

			r = w.mustRun(0, "apply", "plan.out")
			wantOutput(t, "the resumed apply", r.stdout, "Resuming plan "+plan.PlanID[:12])
			w.wantAppliedOnce(before, plan, quickstartRelease...)
		})
	}
}

package main

import (
	"os"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/relctl/relctl/planner/plan"
	"github.com/relctl/relctl/providers"
)

// appliedDir applies actions in a new configuration directory.
func appliedDir(t *testing.T, actions ...plan.Action) (string, *plan.Plan) {
	t.Helper()
	dir := t.TempDir()
	path, p := writePlan(t, dir, nil, actions...)
	if r := relctl(t, "-chdir="+dir, "apply", path); r.code != 0 {
		t.Fatalf("apply: %s", r.transcript(p, dir))
	}
	return dir, p
}

func TestRollback(t *testing.T) {
	t.Parallel()
	tests := map[string]struct {
		runs    [][]string
		wantOut string
	}{
		"everything then nothing left": {
			runs:    [][]string{{"rollback", "-auto-approve"}, {"rollback", "-auto-approve"}},
			wantOut: "a\nb\nc\nundo b\nundo a\n",
		},
		"target and what depends on it": {
			runs:    [][]string{{"rollback", "-auto-approve", "-target=stage.s.exec.a"}},
			wantOut: "a\nb\nc\nundo b\nundo a\n",
		},
		"target alone": {
			runs:    [][]string{{"rollback", "-auto-approve", "-target=stage.s.exec.b"}},
			wantOut: "a\nb\nc\nundo b\n",
		},
		"asks for approval": {
			runs:    [][]string{{"rollback"}},
			wantOut: "a\nb\nc\n",
		},
		"json": {
			runs:    [][]string{{"rollback", "-json"}, {"rollback", "-json", "-auto-approve"}},
			wantOut: "a\nb\nc\nundo b\nundo a\n",
		},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			dir, p := appliedDir(t, threeActions()...)
			var transcript []string
			for _, args := range tc.runs {
				r := relctl(t, append([]string{"-chdir=" + dir}, args...)...)
				transcript = append(transcript, "=== relctl "+strings.Join(args, " ")+"\n"+r.transcript(p, dir))
			}
			assertApplyGolden(t, "rollback", strings.ReplaceAll(name, " ", "_"), strings.Join(transcript, "\n"))
			if diff := cmp.Diff(tc.wantOut, readOut(t, dir)); diff != "" {
				t.Errorf("out.txt (-want +got):\n%s", diff)
			}
		})
	}
}

func TestRollbackWithoutState(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	r := relctl(t, "-chdir="+dir, "rollback", "-auto-approve")
	assertApplyGolden(t, "rollback", "no_state", r.transcript(nil, dir))
}

func TestRollbackInterruptedThenResumed(t *testing.T) {
	// Not parallel: it replaces the signal hook.
	slowUndo := shellAction("stage.s.exec.slow", map[string]any{
		"argv": []string{"sh", "-c", "echo slow >> out.txt"},
		"undo": []string{"sh", "-c", "sleep 0.5; echo undo slow >> out.txt"},
	}, providers.Compensable, "stage.s.exec.a")
	dir, p := appliedDir(t, execAction("stage.s.exec.a", "a", true), slowUndo)
	undoing := make(chan struct{})
	restore := notifySignals
	notifySignals = func(c chan<- os.Signal) {
		go func() {
			<-undoing
			c <- syscall.SIGINT
		}()
	}
	t.Cleanup(func() { notifySignals = restore })
	go func() {
		for !strings.Contains(readState(dir), `"status":"undoing"`) {
			time.Sleep(5 * time.Millisecond)
		}
		close(undoing)
	}()
	stopped := relctl(t, "-chdir="+dir, "rollback", "-auto-approve")
	notifySignals = restore
	resumed := relctl(t, "-chdir="+dir, "rollback", "-auto-approve")
	assertApplyGolden(t, "rollback", "interrupted_then_resumed", stopped.transcript(p, dir)+"\n=== resume\n"+resumed.transcript(p, dir))
	if diff := cmp.Diff("a\nslow\nundo slow\nundo a\n", readOut(t, dir)); diff != "" {
		t.Errorf("out.txt (-want +got):\n%s", diff)
	}
}

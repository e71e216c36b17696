package views

import (
	"bytes"
	"errors"
	"fmt"
	"path/filepath"
	"testing"
	"time"

	"github.com/relctl/relctl/executor"
	"github.com/relctl/relctl/planner/plan"
	"github.com/relctl/relctl/providers"
	"github.com/relctl/relctl/state"
	"github.com/sebdah/goldie/v2"
)

// viewScript drives a view through every kind of event an apply and a
// rollback produce.
func viewScript(v ApplyView) {
	build := &plan.Action{Address: `stage.maven["x"].exec.build`, Operation: providers.OpRun, Description: "run mvn deploy"}
	tag := &plan.Action{Address: `stage.maven["x"].git_tag.release`, Operation: providers.OpCreate, Description: "tag 1.2.0 at 1a2b3c4"}
	merge := &plan.Action{Address: "stage.prepare.github_await_merge.approval", Operation: providers.OpWait}
	notify := &plan.Action{Address: "stage.announce.slack_message.done", Operation: providers.OpRun, Description: "post to #releases"}
	noop := &plan.Action{Address: "stage.prepare.git_branch.release", Operation: providers.OpNoop}
	boom := errors.New("mvn exited with code 1")

	v.Resuming(&plan.Plan{PlanID: "9f2c1e41a0b2c3d4", Actions: make([]plan.Action, 5)},
		&state.State{Actions: map[string]*state.Action{"a": {Status: state.Done}, "b": {Status: state.Failed}}})
	v.PreAction(noop)
	v.PostAction(noop, executor.Outcome{Status: state.Done, Adopted: true, Reason: executor.ReasonAlreadyDone})
	v.PreAction(merge)
	v.StillRunning(merge, 5*time.Minute)
	v.PostAction(merge, executor.Outcome{Status: state.Pending, Stopped: true, Reason: executor.ReasonTimedOut, Elapsed: 72 * time.Hour,
		Err: fmt.Errorf("pull request #12 was not merged within 72h: %w", providers.ErrWaitTimeout)})
	v.PreAction(build)
	v.StillRunning(build, time.Minute)
	v.PostAction(build, executor.Outcome{Status: state.Failed, Elapsed: 90*time.Second + 400*time.Millisecond, Err: boom})
	v.PostAction(tag, executor.Outcome{Status: state.Skipped, Reason: "upstream failed: " + build.Address})
	v.PreAction(notify)
	v.PostAction(notify, executor.Outcome{Status: state.Running, Stopped: true, Reason: executor.ReasonInterrupted, Elapsed: 2 * time.Second})
	v.Summary("apply", &executor.Result{
		Adopted: []string{noop.Address}, Failed: []string{build.Address}, Skipped: []string{tag.Address},
		Unfinished: []string{merge.Address, notify.Address}, TimedOut: []string{merge.Address},
		Errors: []*executor.ActionError{{Address: build.Address, Err: boom}},
	}, errors.Join(&executor.ActionError{Address: build.Address, Err: boom}))

	v.RollbackPlan(&executor.RollbackPlan{Undo: []*plan.Action{tag, build}, Irreversible: []*plan.Action{notify}, NotMade: []*plan.Action{noop}})
	v.PreUndo(tag)
	v.PostUndo(tag, executor.Outcome{Status: state.Undone, Elapsed: 1200 * time.Millisecond, Description: "deleted tag 1.2.0"})
	v.PreUndo(build)
	v.PostUndo(build, executor.Outcome{Status: state.UndoFailed, Elapsed: time.Second, Err: errors.New("undo command failed")})
	v.PostUndo(merge, executor.Outcome{Status: state.Done, Skipped: true, Reason: "not undone: the undo of " + build.Address + " failed"})
	v.Summary("rollback", &executor.Result{Done: []string{tag.Address}, Failed: []string{build.Address}, Skipped: []string{merge.Address},
		Irreversible: []string{notify.Address}}, fmt.Errorf("%w (interrupted): 1 action left to do", executor.ErrStopped))
}

func TestApplyViews(t *testing.T) {
	t.Parallel()
	clock := time.Date(2024, 5, 1, 10, 0, 0, 0, time.UTC)
	kinds := map[string]func(*bytes.Buffer) ApplyView{
		"human": func(b *bytes.Buffer) ApplyView { return &humanView{w: b} },
		"json": func(b *bytes.Buffer) ApplyView {
			return &jsonView{w: b, now: func() time.Time { clock = clock.Add(time.Second); return clock }}
		},
	}
	for name, newView := range kinds {
		t.Run(name, func(t *testing.T) {
			var buf bytes.Buffer
			viewScript(newView(&buf))
			g := goldie.New(t, goldie.WithFixtureDir(filepath.Join("testdata", "apply")), goldie.WithNameSuffix(".golden"))
			g.Assert(t, "view_"+name, buf.Bytes())
		})
	}
}

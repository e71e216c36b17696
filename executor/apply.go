package executor

import (
	"context"
	"fmt"

	"github.com/relctl/relctl/planner/plan"
	"github.com/relctl/relctl/providers"
	"github.com/relctl/relctl/state"
)

// Result is what a run did. It is returned together with the run's error:
// a partial apply still reports everything it recorded.
type Result struct {
	// State is the state after the run.
	State *state.State
	// Done lists the actions performed by this run, Adopted those whose
	// result the world already held, AlreadyDone those an earlier run
	// finished. Addresses are in plan order.
	Done, Adopted, AlreadyDone []string
	// Failed lists the actions that failed (the root causes); Skipped the
	// actions not run because something they depend on failed.
	Failed, Skipped []string
	// Disabled lists the actions the plan skips (enabled = false),
	// recorded as done without being performed.
	Disabled []string
	// Unfinished lists the actions left to do because the run stopped.
	Unfinished []string
	// TimedOut lists the waits that timed out.
	TimedOut []string
	// Interrupted is set when the run's context was cancelled before the end.
	Interrupted bool
	// Errors are the root causes, one per failed action.
	Errors []*ActionError
	// For a rollback, Done lists the actions undone, Failed the undos
	// that failed, Skipped the actions kept because the undo of an action
	// that depends on them failed; Irreversible and NotMade list the
	// finished actions left in place (see RollbackPlan).
	Irreversible, NotMade []string
}

// Apply performs the plan: actions already done are skipped, the others
// run as soon as everything they depend on is done, at most Parallelism at
// once. Cancelling ctx stops starting actions; running ones get
// GracePeriod to finish (waits are cancelled at once). The result is
// returned together with the error: the root causes joined, ErrStopped
// when the run stopped before the end without failing, or why the plan
// was refused.
func (e *Executor) Apply(ctx context.Context) (*Result, error) {
	g, err := newGraph(e.Plan)
	if err != nil {
		return nil, err
	}
	if err := e.begin(); err != nil {
		return nil, err
	}
	m := newApplyMode(e)
	w := newWalker(e, g, m)
	for _, n := range g.nodes {
		switch {
		case !m.done[n.action.Address]:
		case n.action.Operation == providers.OpSkip:
			w.res.Disabled = append(w.res.Disabled, n.action.Address)
		default:
			w.res.AlreadyDone = append(w.res.AlreadyDone, n.action.Address)
		}
	}
	w.walk(ctx)
	return e.result(w)
}

// NoteDisabled is the note on an action the plan skips because its
// enabled argument is false: recorded as done, never performed, so that
// what depends on it runs and nothing is undone for it.
const NoteDisabled = "disabled"

// disabled records an action the plan skips as done, without performing
// it. It runs in the walk like any action, so that what depends on it
// still waits for what it depends on.
func (e *Executor) disabled(a *plan.Action) (Outcome, error) {
	o := Outcome{Status: state.Done, Disabled: true, Reason: a.Description}
	err := e.record(state.Action{Address: a.Address, Status: state.Done, FinishedAt: e.now(), Note: NoteDisabled})
	return o, err
}

// Admit checks, without changing anything, that the state may take the
// plan: it refuses a plan applied to completion and a plan while another
// one is unfinished. started reports that an earlier run of this plan
// began work, so this run resumes it (and the plan's facts may have been
// changed by that work).
func (e *Executor) Admit() (started bool, err error) {
	return e.admit(e.Journal.State())
}

// admit is Admit on st, the journal's state.
func (e *Executor) admit(st *state.State) (started bool, err error) {
	p := e.Plan
	if st.PlanID != p.PlanID || p.PlanID == "" {
		if st.PlanID != "" && Unfinished(st) {
			return false, &OtherPlanError{PlanID: st.PlanID, Release: st.Release, Counts: st.Counts()}
		}
		return false, nil
	}
	if st.Complete() {
		return false, fmt.Errorf("plan %s was %w", shortID(p.PlanID), ErrAlreadyApplied)
	}
	for _, a := range p.Actions {
		rec, ok := st.Actions[a.Address]
		if !ok {
			return false, &MismatchError{PlanID: p.PlanID, Missing: []string{a.Address}}
		}
		started = started || rec.Attempts > 0 || rec.Status != state.Pending
	}
	return started, nil
}

// begin admits the plan and starts it in the state unless it is there.
func (e *Executor) begin() error {
	st := e.Journal.State()
	if _, err := e.admit(st); err != nil {
		return err
	}
	p := e.Plan
	if st.PlanID == p.PlanID {
		return nil
	}
	addrs := make([]string, len(p.Actions))
	for i, a := range p.Actions {
		addrs[i] = a.Address
	}
	release := p.Release.Name
	if p.Release.Version != "" {
		release += " " + p.Release.Version
	}
	if err := e.Journal.Begin(p.PlanID, release, addrs); err != nil {
		return fmt.Errorf("beginning plan %s in the state: %w", shortID(p.PlanID), err)
	}
	return nil
}

// Unfinished reports whether the state holds work that another plan
// would make relctl forget: an action running or being undone, an undo
// that failed, or a change made and neither completed with the rest of its
// plan nor settled by a rollback.
func Unfinished(st *state.State) bool {
	if st.PlanID == "" || st.Complete() {
		return false
	}
	for _, a := range st.Actions {
		switch a.Status {
		case state.Running, state.Undoing, state.UndoFailed:
			return true
		case state.Done:
			if a.Note != NoteKept && a.Note != NoteDisabled {
				return true
			}
		}
	}
	return false
}

// result completes the walk's result and chooses the run's error.
func (e *Executor) result(w *walker) (*Result, error) {
	res := w.res
	w.sortResult()
	if err := e.syncJournal(); err != nil && w.fatal == nil {
		w.fatal = err
	}
	res.State = e.Journal.State()
	if w.fatal != nil {
		return res, fmt.Errorf("the state could not be written, so the run stopped: %w", w.fatal)
	}
	if err := joinRootCauses(res.Errors); err != nil {
		return res, err
	}
	if len(res.Unfinished) > 0 {
		why := ReasonInterrupted
		if len(res.TimedOut) > 0 {
			why = fmt.Sprintf("waiting timed out (%s)", res.TimedOut[0])
		}
		return res, fmt.Errorf("%w (%s): %s left to do; %s to resume", ErrStopped, why, plural(len(res.Unfinished), "action"), w.resume)
	}
	return res, nil
}

// applyMode is the apply walk: dependencies first; a failure skips what
// depends on it, except across the barrier of an on_failure = "continue"
// stage.
type applyMode struct {
	e    *Executor
	done map[string]bool // actions an earlier run finished
}

func newApplyMode(e *Executor) applyMode {
	m := applyMode{e: e, done: map[string]bool{}}
	for addr, rec := range e.Journal.State().Actions {
		if rec.Status == state.Done {
			m.done[addr] = true
		}
	}
	return m
}

func (m applyMode) upstream(n *node) []int   { return n.deps }
func (m applyMode) downstream(n *node) []int { return n.dependents }
func (m applyMode) settled(n *node) bool     { return m.done[n.action.Address] }
func (m applyMode) priority(n *node) int     { return n.height }

// tolerates reports whether down may run although up failed: up's stage
// says on_failure = "continue", down is in another stage (it depends on
// up only through the stage barrier), and down reads none of up's outputs.
func (m applyMode) tolerates(up, down *node) bool {
	return up.action.OnFailure == "continue" && up.action.Stage != down.action.Stage && !down.outputDeps[up.idx]
}

func (m applyMode) interruptible(n *node) bool { return n.action.Operation == providers.OpWait }

// pre announces an action about to be performed; a disabled one is not.
func (m applyMode) pre(a *plan.Action) {
	if a.Operation != providers.OpSkip {
		m.e.hook().PreAction(a)
	}
}

func (m applyMode) post(a *plan.Action, o Outcome) { m.e.hook().PostAction(a, o) }

func (m applyMode) perform(ctx context.Context, n *node) (Outcome, error) {
	if n.action.Operation == providers.OpSkip {
		return m.e.disabled(n.action)
	}
	return m.e.perform(ctx, n.action)
}

func (m applyMode) skip(n, root *node) (Outcome, error) {
	reason := "upstream failed: " + root.action.Address
	rec := state.Action{Address: n.action.Address, Status: state.Skipped, FinishedAt: m.e.now(), Error: reason}
	if err := m.e.record(rec); err != nil {
		return Outcome{Status: state.Skipped, Reason: reason}, err
	}
	return Outcome{Status: state.Skipped, Reason: reason}, nil
}

package executor

import (
	"context"
	"fmt"
	"strings"

	"github.com/relctl/relctl/planner/plan"
	"github.com/relctl/relctl/providers"
	"github.com/relctl/relctl/state"
)

// NoteKept is the note a rollback leaves on a finished action it does
// not undo (irreversible, or not made by relctl). Such actions do not
// keep the state from taking another plan.
const NoteKept = "kept by rollback"

// undoKind classifies a recorded action for rollback.
type undoKind int

const (
	undoNone undoKind = iota
	undoRun
	undoIrreversible
	undoNotMade
)

func classifyUndo(a *plan.Action, rec state.Action) undoKind {
	switch rec.Status {
	case state.Undoing, state.UndoFailed:
		return undoRun
	case state.Done:
	default:
		return undoNone
	}
	switch {
	case a.Operation == providers.OpSkip:
		return undoNone // disabled: nothing was made
	case a.Operation == providers.OpNoop || rec.Attempts == 0:
		return undoNotMade
	case a.Reversibility == providers.Irreversible:
		return undoIrreversible
	}
	return undoRun
}

// CheckUnfinished asks the providers about every action the state records
// as running: the apply that started it was killed, so whether it happened
// is unknown. An action whose result the world holds is recorded as done
// (adopted, with the outputs and undo data its provider reports), so that
// a rollback undoes it instead of leaving it in place; the others stay as
// they are. Call it before PlanRollback.
func (e *Executor) CheckUnfinished(ctx context.Context) error {
	if e.Journal.State().PlanID != e.Plan.PlanID {
		return nil // PlanRollback says so
	}
	for i := range e.Plan.Actions {
		a := &e.Plan.Actions[i]
		rec, ok := e.current(a.Address)
		if !ok || rec.Status != state.Running {
			continue
		}
		prov, schema, err := e.schemaOf(a)
		if err != nil {
			return err
		}
		args, err := e.resolveArgs(a, schema)
		if err != nil {
			return fmt.Errorf("checking whether %s happened: %w", a.Address, err)
		}
		check, err := e.check(ctx, prov, schema, a, args, rec)
		if err != nil {
			return fmt.Errorf("checking whether %s happened: %w", a.Address, err)
		}
		if check.Status != providers.CheckDone {
			continue
		}
		if _, err := e.adopt(a, schema, check); err != nil {
			return err
		}
	}
	return nil
}

// selectTargets returns the nodes matching targets and everything that
// depends on them; every node when there is no target.
func selectTargets(g *graph, targets []string) (map[int]bool, error) {
	selected := make(map[int]bool, len(g.nodes))
	if len(targets) == 0 {
		for i := range g.nodes {
			selected[i] = true
		}
		return selected, nil
	}
	var stack []int
	for _, t := range targets {
		found := false
		for _, n := range g.nodes {
			if matchTarget(n.action.Address, t) {
				found = true
				stack = append(stack, n.idx)
			}
		}
		if !found {
			return nil, fmt.Errorf("no action of the plan matches target %s", t)
		}
	}
	for len(stack) > 0 {
		i := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		if selected[i] {
			continue
		}
		selected[i] = true
		stack = append(stack, g.nodes[i].dependents...)
	}
	return selected, nil
}

// matchTarget reports whether addr is target or lies under it
// (stage.maven matches stage.maven["x"].exec.build).
func matchTarget(addr, target string) bool {
	if !strings.HasPrefix(addr, target) {
		return false
	}
	rest := addr[len(target):]
	return rest == "" || rest[0] == '.' || rest[0] == '['
}

// undoOrder lists the nodes in the order a one-at-a-time rollback would
// undo them: every node after those that depend on it, newest first.
func undoOrder(g *graph, snap map[string]state.Action) []int {
	waiting := make([]int, len(g.nodes))
	q := queue{prio: func(i int) int { return undoPriority(snap[g.nodes[i].action.Address]) }}
	for i, n := range g.nodes {
		waiting[i] = len(n.dependents)
		if waiting[i] == 0 {
			q.push(i)
		}
	}
	order := make([]int, 0, len(g.nodes))
	for q.Len() > 0 {
		i := q.pop()
		order = append(order, i)
		for _, d := range g.nodes[i].deps {
			if waiting[d]--; waiting[d] == 0 {
				q.push(d)
			}
		}
	}
	return order
}

// undoPriority starts the most recently finished actions first.
func undoPriority(rec state.Action) int {
	if rec.FinishedAt.IsZero() {
		return 0
	}
	return int(rec.FinishedAt.UnixNano())
}

// Rollback reads the world to plan the rollback of the actions selected
// by targets (see PlanRollback) and performs it (see ApplyRollback).
func (e *Executor) Rollback(ctx context.Context, targets []string) (*Result, error) {
	rp, err := e.PlanRollback(ctx, targets)
	if err != nil {
		return nil, err
	}
	return e.ApplyRollback(ctx, rp)
}

// ApplyRollback undoes the actions of rp, each after the undos of the
// actions that depend on it, independent ones in parallel. Irreversible
// actions and those relctl did not make are left in place and noted. An
// undo that fails leaves the actions it depends on in place. Like Apply,
// it returns the result together with the root causes, or ErrStopped when
// interrupted.
func (e *Executor) ApplyRollback(ctx context.Context, rp *RollbackPlan) (*Result, error) {
	g, err := newGraph(e.Plan)
	if err != nil {
		return nil, err
	}
	kinds := rp.kinds(g)
	res, err := e.keep(rp)
	if err != nil {
		return nil, err
	}
	m := rollbackMode{e: e, kinds: kinds, snap: snapshot(e.Journal.State())}
	w := newWalker(e, g, m)
	w.res = res
	w.resume = "run relctl rollback again"
	w.walk(ctx)
	return e.result(w)
}

// keep notes the finished actions a rollback leaves in place.
func (e *Executor) keep(rp *RollbackPlan) (*Result, error) {
	res := &Result{Irreversible: addressesOf(rp.Irreversible), NotMade: addressesOf(rp.NotMade)}
	for _, a := range append(append([]*plan.Action(nil), rp.Irreversible...), rp.NotMade...) {
		rec, _ := e.current(a.Address)
		if rec.Note == NoteKept {
			continue
		}
		if err := e.record(state.Action{Address: a.Address, Status: state.Done, FinishedAt: rec.FinishedAt, Note: NoteKept}); err != nil {
			return nil, err
		}
	}
	return res, nil
}

func addressesOf(actions []*plan.Action) []string {
	var out []string
	for _, a := range actions {
		out = append(out, a.Address)
	}
	return out
}

// rollbackMode is the rollback walk: the apply graph reversed, and an
// undo that fails keeps what it depends on in place.
type rollbackMode struct {
	e     *Executor
	kinds map[int]undoKind
	snap  map[string]state.Action
}

func (m rollbackMode) upstream(n *node) []int         { return n.dependents }
func (m rollbackMode) downstream(n *node) []int       { return n.deps }
func (m rollbackMode) settled(n *node) bool           { return m.kinds[n.idx] != undoRun }
func (m rollbackMode) tolerates(_, _ *node) bool      { return false }
func (m rollbackMode) interruptible(*node) bool       { return false }
func (m rollbackMode) pre(a *plan.Action)             { m.e.hook().PreUndo(a) }
func (m rollbackMode) post(a *plan.Action, o Outcome) { m.e.hook().PostUndo(a, o) }

func (m rollbackMode) priority(n *node) int {
	return undoPriority(m.snap[n.action.Address])
}

func (m rollbackMode) perform(ctx context.Context, n *node) (Outcome, error) {
	return m.e.undo(ctx, n.action)
}

// skip leaves n done: something that depends on it could not be undone.
func (m rollbackMode) skip(n, root *node) (Outcome, error) {
	rec, _ := m.e.current(n.action.Address)
	return Outcome{Status: rec.Status, Skipped: true, Reason: "not undone: the undo of " + root.action.Address + " failed"}, nil
}

// undo records the action as undoing, undoes it and records the result.
func (e *Executor) undo(ctx context.Context, a *plan.Action) (Outcome, error) {
	prov, schema, err := e.schemaOf(a)
	if err != nil {
		return e.undoFailed(a, err)
	}
	args, err := e.resolveArgs(a, schema)
	if err != nil {
		return e.undoFailed(a, err)
	}
	rec, _ := e.current(a.Address)
	outputs, err := decodeOutputs(schema, rec.Outputs)
	if err != nil {
		return e.undoFailed(a, err)
	}
	if err := e.record(state.Action{Address: a.Address, Status: state.Undoing}); err != nil {
		return Outcome{Status: rec.Status, Err: err}, err
	}
	resp, err := prov.UndoAction(ctx, providers.UndoActionRequest{
		Address:        a.Address,
		Type:           a.Type,
		Args:           args,
		Outputs:        outputs,
		UndoData:       rec.UndoData,
		Logger:         e.logger().With("action", a.Address),
		ViaPullRequest: e.viaPullRequest(a),
	})
	switch {
	case err != nil && ctx.Err() != nil:
		return Outcome{Status: state.Undoing, Stopped: true, Reason: ReasonInterrupted, Err: err}, nil
	case err != nil:
		return e.undoFailed(a, err)
	}
	if err := e.record(state.Action{Address: a.Address, Status: state.Undone, UndoneAt: e.now()}); err != nil {
		return Outcome{Status: state.Undoing, Err: err}, err
	}
	return Outcome{Status: state.Undone, Description: resp.Description}, nil
}

func (e *Executor) undoFailed(a *plan.Action, err error) (Outcome, error) {
	rec := state.Action{Address: a.Address, Status: state.UndoFailed, UndoneAt: e.now(), Error: err.Error()}
	if rerr := e.record(rec); rerr != nil {
		return Outcome{Status: state.UndoFailed, Err: err}, rerr
	}
	return Outcome{Status: state.UndoFailed, Err: err}, nil
}

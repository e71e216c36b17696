package executor

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"sort"

	"github.com/relctl/relctl/planner/plan"
	"github.com/relctl/relctl/providers"
	"github.com/relctl/relctl/state"
)

// RollbackPlan is what a rollback would do, read from the state and from
// the world before anything is shown.
type RollbackPlan struct {
	// Undo lists the actions to undo in the order they start: newest
	// first, every action after those that depend on it.
	Undo []*plan.Action
	// Irreversible lists the finished actions that cannot be undone
	// (irreversible by their schema, or because the world no longer
	// allows it: a merged pull request); the state keeps what they did.
	Irreversible []*plan.Action
	// NotMade lists finished actions whose result the world already held
	// (noop or adopted without relctl running them): not relctl's to undo.
	NotMade []*plan.Action
	// Steps says, by address, what undoing each action of Undo does now
	// and why each action of Irreversible stays, as the providers read
	// it. An action without a step is shown as it was planned.
	Steps map[string]plan.UndoStep
	// Facts are what the providers relied on: a saved rollback plan is
	// refused when one no longer holds.
	Facts []providers.Fact
	// StateDigest identifies the state the plan was made from.
	StateDigest string
}

// Step returns what undoing a does, as the providers read it, or the
// action as it was planned when its provider cannot tell.
func (rp *RollbackPlan) Step(a *plan.Action) plan.UndoStep {
	if s, ok := rp.Steps[a.Address]; ok {
		return s
	}
	return plan.UndoStep{Address: a.Address, Operation: providers.OpDelete, Description: a.Description}
}

// kinds classifies the graph's nodes by the lists of rp.
func (rp *RollbackPlan) kinds(g *graph) map[int]undoKind {
	byAddr := map[string]undoKind{}
	for _, l := range []struct {
		acts []*plan.Action
		k    undoKind
	}{{rp.Undo, undoRun}, {rp.Irreversible, undoIrreversible}, {rp.NotMade, undoNotMade}} {
		for _, a := range l.acts {
			byAddr[a.Address] = l.k
		}
	}
	kinds := map[int]undoKind{}
	for i, n := range g.nodes {
		if k, ok := byAddr[n.action.Address]; ok {
			kinds[i] = k
		}
	}
	return kinds
}

// PlanRollback computes the rollback of the actions matching targets
// (addresses or address prefixes such as stage.maven or
// stage.maven["x"]) and of every finished action that depends on them;
// no target means every finished action. The provider of each action to
// undo is asked, with what the state recorded, what the undo would do
// now (providers.UndoPlanner): an action the world no longer lets relctl
// undo is listed as irreversible with the provider's reason.
func (e *Executor) PlanRollback(ctx context.Context, targets []string) (*RollbackPlan, error) {
	g, err := newGraph(e.Plan)
	if err != nil {
		return nil, err
	}
	st := e.Journal.State()
	planID, snap := st.PlanID, snapshot(st)
	if planID != e.Plan.PlanID {
		return nil, fmt.Errorf("the state holds plan %s, not plan %s", shortID(planID), shortID(e.Plan.PlanID))
	}
	selected, err := selectTargets(g, targets)
	if err != nil {
		return nil, err
	}
	rp := &RollbackPlan{Steps: map[string]plan.UndoStep{}, StateDigest: digest(snap)}
	for _, i := range undoOrder(g, snap) {
		if !selected[i] {
			continue
		}
		a := g.nodes[i].action
		switch classifyUndo(a, snap[a.Address]) {
		case undoRun:
			if err := e.planUndo(ctx, rp, a, snap[a.Address]); err != nil {
				return nil, err
			}
		case undoIrreversible:
			e.planKept(ctx, rp, a, snap[a.Address])
		case undoNotMade:
			rp.NotMade = append(rp.NotMade, a)
		}
	}
	return rp, nil
}

// planUndo asks a's provider what undoing it would do now and files a
// under Undo or Irreversible.
func (e *Executor) planUndo(ctx context.Context, rp *RollbackPlan, a *plan.Action, rec state.Action) error {
	resp, asked, err := e.askUndo(ctx, a, rec)
	if err != nil {
		return err
	}
	rp.Facts = append(rp.Facts, resp.Facts...)
	step := plan.UndoStep{Address: a.Address, Operation: resp.Operation, Description: resp.Description, Diff: resp.Diff}
	if step.Description == "" {
		step.Description = a.Description
	}
	switch {
	case resp.Irreversible != "":
		step.Operation, step.Reason, step.Diff = providers.OpNoop, resp.Irreversible, ""
		rp.Irreversible = append(rp.Irreversible, a)
		rp.Steps[a.Address] = step
		return nil
	case step.Operation == "":
		step.Operation = providers.OpDelete
	}
	if asked {
		rp.Steps[a.Address] = step
	}
	rp.Undo = append(rp.Undo, a)
	return nil
}

// planKept describes an irreversible action in the values the state
// recorded; when its provider cannot tell, it is shown as planned.
func (e *Executor) planKept(ctx context.Context, rp *RollbackPlan, a *plan.Action, rec state.Action) {
	rp.Irreversible = append(rp.Irreversible, a)
	resp, asked, err := e.askUndo(ctx, a, rec)
	if err != nil || !asked || resp.Description == "" {
		if err != nil {
			e.logger().Warn("describing an irreversible action", "action", a.Address, "error", err)
		}
		return
	}
	rp.Steps[a.Address] = plan.UndoStep{Address: a.Address, Operation: providers.OpNoop,
		Description: resp.Description, Reason: resp.Irreversible}
}

// askUndo asks a's provider what undoing it would do now
// (providers.UndoPlanner) or, for a provider that can plan offline, how
// the action reads with the arguments it ran with. asked is false when
// the provider can tell neither.
func (e *Executor) askUndo(ctx context.Context, a *plan.Action, rec state.Action) (resp providers.PlanUndoResponse, asked bool, err error) {
	prov, schema, err := e.schemaOf(a)
	if err != nil {
		return resp, false, err
	}
	up, isUndo := prov.(providers.UndoPlanner)
	off, isOffline := prov.(providers.OfflinePlanner)
	if !isUndo && !isOffline {
		return resp, false, nil
	}
	args, err := e.resolveArgs(a, schema)
	if err != nil {
		return resp, false, fmt.Errorf("planning the undo of %s: %w", a.Address, err)
	}
	if !isUndo {
		pr, err := off.PlanActionOffline(ctx, providers.PlanActionRequest{Address: a.Address, Type: a.Type, Args: args})
		return providers.PlanUndoResponse{Description: pr.Description}, err == nil, err
	}
	outputs, err := decodeOutputs(schema, rec.Outputs)
	if err != nil {
		return resp, false, fmt.Errorf("planning the undo of %s: %w", a.Address, err)
	}
	resp, err = up.PlanUndo(ctx, providers.PlanUndoRequest{Address: a.Address, Type: a.Type, Args: args,
		Outputs: outputs, UndoData: rec.UndoData, ViaPullRequest: e.viaPullRequest(a)})
	return resp, err == nil, err
}

// viaPullRequest is the rollback setting of a's stage, else the plan's.
func (e *Executor) viaPullRequest(a *plan.Action) bool {
	for _, s := range e.Plan.Stages {
		if s.Name == a.Stage && s.Rollback != nil {
			return s.Rollback.ViaPullRequest
		}
	}
	return e.Plan.Settings.Rollback != nil && e.Plan.Settings.Rollback.ViaPullRequest
}

// StateDigest is the SHA-256 of every action's record in the state: a
// rollback plan made from another digest was made from another state.
func (e *Executor) StateDigest() string {
	return digest(snapshot(e.Journal.State()))
}

func digest(snap map[string]state.Action) string {
	addrs := make([]string, 0, len(snap))
	for a := range snap {
		addrs = append(addrs, a)
	}
	sort.Strings(addrs)
	h := sha256.New()
	enc := json.NewEncoder(h)
	for _, a := range addrs {
		_ = enc.Encode(snap[a]) // a state.Action always encodes
	}
	return hex.EncodeToString(h.Sum(nil))
}

// Model is the rollback plan as the views and the rollback plan file hold
// it: of is the id of the plan undone, targets the -target addresses.
func (rp *RollbackPlan) Model(of string, targets []string) *plan.Rollback {
	rb := &plan.Rollback{Of: of, StateDigest: rp.StateDigest, Targets: targets,
		Undo: []plan.UndoStep{}, Irreversible: []plan.UndoStep{}, NotMade: []plan.UndoStep{}}
	for _, a := range rp.Undo {
		rb.Undo = append(rb.Undo, rp.Step(a))
	}
	for _, a := range rp.Irreversible {
		s, ok := rp.Steps[a.Address]
		if !ok {
			s = plan.UndoStep{Address: a.Address, Operation: a.Operation, Description: a.Description}
		}
		rb.Irreversible = append(rb.Irreversible, s)
	}
	for _, a := range rp.NotMade {
		rb.NotMade = append(rb.NotMade, plan.UndoStep{Address: a.Address, Operation: a.Operation, Description: a.Description})
	}
	return rb
}

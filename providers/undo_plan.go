package providers

import (
	"context"
	"encoding/json"

	"github.com/zclconf/go-cty/cty"
)

// UndoPlanner is implemented by providers that can tell, before a
// rollback shows anything, what undoing a finished action would do in the
// world as it is now: a merged pull request can no longer be closed, a
// file whose branch was merged is reverted on the base branch instead.
// The executor asks it of every finished action a rollback considers,
// the irreversible ones too (to describe what stays in real values);
// actions of other providers are described by PlanActionOffline with
// their recorded arguments when the provider offers it, else as planned.
type UndoPlanner interface {
	PlanUndo(ctx context.Context, req PlanUndoRequest) (PlanUndoResponse, error)
}

// PlanUndoRequest carries what the state recorded of one finished action.
type PlanUndoRequest struct {
	Address string
	Type    string
	Args    cty.Value
	// Outputs and UndoData are those the apply recorded.
	Outputs  map[string]cty.Value
	UndoData json.RawMessage
	// ViaPullRequest asks that a change compensating what reached a
	// protected or reviewed branch be proposed as a pull request instead
	// of committed (the stage's or relctl block's rollback setting).
	ViaPullRequest bool
}

// PlanUndoResponse says what the undo would do now.
type PlanUndoResponse struct {
	// Operation is what the undo does: OpDelete (remove what the action
	// made), OpUpdate (a compensating change), OpCreate (a revert pull
	// request), OpNoop (the world already holds the state before the
	// action).
	Operation Operation
	// Irreversible is set, with the reason ("merged by octocat at …"),
	// when the world no longer allows the undo; rollback lists the action
	// and undoes the others.
	Irreversible string
	// Description is one line naming real values ("delete branch x of
	// acme/api at 1a2b3c4"); for an action that stays, what it did.
	Description string
	// Diff is an optional unified diff of a compensating change.
	Diff string
	// Facts are what the undo plan relied on; a saved rollback plan is
	// refused when one no longer holds.
	Facts []Fact
}

package plan

import "github.com/relctl/relctl/providers"

// Rollback marks a plan file as the rollback of an applied plan: the
// file holds the applied plan (its actions, settings and providers, so
// that show and comment render it and apply configures the same
// providers) and, here, what undoing it does, as read from the state and
// the world when relctl rollback -out made it. Its Facts are those the
// undo relied on; apply refuses the file when one of them, or the state,
// changed since.
type Rollback struct {
	// Of is the id of the applied plan this undoes.
	Of string `json:"of"`
	// StateDigest is the SHA-256 of the state's action records the
	// rollback was planned from.
	StateDigest string `json:"state_digest"`
	// Targets are the -target addresses of the rollback (empty: all).
	Targets []string `json:"targets"`
	// Undo lists the undos in the order they start.
	Undo []UndoStep `json:"undo"`
	// Irreversible lists the finished actions left in place because they
	// cannot be undone, with the reason when the world forbids it.
	Irreversible []UndoStep `json:"irreversible"`
	// NotMade lists the actions relctl found done and did not make.
	NotMade []UndoStep `json:"not_made"`
}

// UndoStep is what undoing one action does, in real values read from the
// state and the world.
type UndoStep struct {
	Address     string              `json:"address"`
	Operation   providers.Operation `json:"operation"`
	Description string              `json:"description"`
	// Reason says why an irreversible action stays ("pull request
	// acme/api#7 was merged by octocat at …").
	Reason string `json:"reason,omitempty"`
	Diff   string `json:"diff,omitempty"`
}

// IsRollback reports whether the plan is a rollback plan.
func (p *Plan) IsRollback() bool { return p.Rollback != nil }

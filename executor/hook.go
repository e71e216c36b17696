package executor

import (
	"time"

	"github.com/relctl/relctl/planner/plan"
	"github.com/relctl/relctl/state"
)

// Hook receives the executor's progress. Methods are called from the
// goroutines that run actions, so implementations must be safe for
// concurrent use. Embed NilHook to implement only what you need.
type Hook interface {
	// PreAction is called when an action starts (before its check).
	PreAction(a *plan.Action)
	// PostAction is called when an action ends, including actions skipped
	// because something they depend on failed.
	PostAction(a *plan.Action, o Outcome)
	// StillRunning is called periodically while an action runs.
	StillRunning(a *plan.Action, elapsed time.Duration)
	// PreUndo is called when the undo of an action starts.
	PreUndo(a *plan.Action)
	// PostUndo is called when the undo of an action ends.
	PostUndo(a *plan.Action, o Outcome)
}

// Outcome is how an action (or its undo) ended.
type Outcome struct {
	// Status is the status recorded in the state. An action interrupted
	// or stopped by a wait timeout keeps its earlier status (Running or
	// Pending) and has Stopped set.
	Status state.Status
	// Adopted is set when the world already held the action's result.
	Adopted bool
	// Skipped is set for an undo not attempted because the undo of an
	// action that depends on it failed; the action stays done.
	Skipped bool
	// Disabled is set for an action the plan skips (enabled = false):
	// recorded as done without being performed.
	Disabled bool
	// Stopped is set when the action did not finish because the run was
	// interrupted or a wait timed out; apply again to resume it.
	Stopped bool
	// Reason explains a skip ("upstream failed: ADDR"), an adoption or a
	// stop, for display.
	Reason  string
	Elapsed time.Duration
	// Err is the action's own error (nil for a skipped action: the root
	// cause is reported on the action that failed).
	Err error
	// Description says what an undo did ("deleted tag v1.2.0").
	Description string
}

// NilHook implements Hook with methods that do nothing.
type NilHook struct{}

var _ Hook = NilHook{}

// PreAction does nothing.
func (NilHook) PreAction(*plan.Action) {}

// PostAction does nothing.
func (NilHook) PostAction(*plan.Action, Outcome) {}

// StillRunning does nothing.
func (NilHook) StillRunning(*plan.Action, time.Duration) {}

// PreUndo does nothing.
func (NilHook) PreUndo(*plan.Action) {}

// PostUndo does nothing.
func (NilHook) PostUndo(*plan.Action, Outcome) {}

// Reasons an Outcome gives besides skips ("upstream failed: ADDR").
const (
	ReasonAlreadyDone = "already done"
	ReasonInterrupted = "interrupted"
	ReasonTimedOut    = "timed out"
)

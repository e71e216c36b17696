package executor

import (
	"errors"
	"fmt"
	"strings"

	"github.com/relctl/relctl/state"
)

// Sentinel errors for the expected ways a run ends early.
var (
	// ErrStopped: the run stopped before the end without failing
	// (interrupted, or a wait timed out); running it again resumes it.
	ErrStopped = errors.New("stopped before the end")
	// ErrAlreadyApplied: the state says this plan was applied to completion.
	ErrAlreadyApplied = errors.New("already applied to completion")
	// ErrConflict: the world holds something else where the action would
	// put its result.
	ErrConflict = errors.New("conflict")
	// ErrStale: an action planned as already done no longer is.
	ErrStale = errors.New("plan is stale")
	// ErrNothingToUndo: rollback found no finished action to undo.
	ErrNothingToUndo = errors.New("nothing to undo")
)

// ActionError is the failure of one action: a root cause of a failed run.
type ActionError struct {
	Address string
	Err     error
}

func (e *ActionError) Error() string { return e.Address + ": " + e.Err.Error() }

func (e *ActionError) Unwrap() error { return e.Err }

// OtherPlanError refuses to start a plan while the state holds another
// plan that is not finished: its actions would be forgotten.
type OtherPlanError struct {
	PlanID  string
	Release string
	Counts  map[state.Status]int
}

func (e *OtherPlanError) Error() string {
	var parts []string
	for _, s := range state.Statuses {
		if n := e.Counts[s]; n > 0 {
			parts = append(parts, fmt.Sprintf("%d %s", n, s))
		}
	}
	release := ""
	if e.Release != "" {
		release = " (" + e.Release + ")"
	}
	return fmt.Sprintf("the state holds plan %s%s, which is not finished (%s); "+
		"finish it by applying that plan again, or undo it with relctl rollback, before applying another plan",
		shortID(e.PlanID), release, strings.Join(parts, ", "))
}

// MismatchError reports a state that does not hold the plan's actions.
type MismatchError struct {
	PlanID  string
	Missing []string
}

func (e *MismatchError) Error() string {
	return fmt.Sprintf("the state of plan %s does not list action %s; the state file does not belong to this plan",
		shortID(e.PlanID), e.Missing[0])
}

// joinRootCauses returns the action errors joined, in the order given.
func joinRootCauses(errs []*ActionError) error {
	if len(errs) == 0 {
		return nil
	}
	all := make([]error, len(errs))
	for i, e := range errs {
		all[i] = e
	}
	return errors.Join(all...)
}

func shortID(id string) string {
	if len(id) > 12 {
		return id[:12]
	}
	return id
}

func plural(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return fmt.Sprintf("%d %ss", n, noun)
}

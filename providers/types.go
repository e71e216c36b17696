package providers

import (
	"errors"
)

// Operation is what an action will do, decided at plan time.
type Operation string

// Operations, with the symbol the human plan shows.
const (
	OpCreate Operation = "create" // +
	OpUpdate Operation = "update" // ~
	OpDelete Operation = "delete" // -
	OpRun    Operation = "run"    // >
	OpWait   Operation = "wait"   // ?
	OpNoop   Operation = "noop"   // = the world already matches
	// OpSkip is set by the planner, never by a provider: the action's
	// enabled argument is false, so apply does not perform it.
	OpSkip Operation = "skip" // /
)

// Symbol is the one-character marker of the operation in the human plan.
func (o Operation) Symbol() string {
	switch o {
	case OpCreate:
		return "+"
	case OpUpdate:
		return "~"
	case OpDelete:
		return "-"
	case OpRun:
		return ">"
	case OpWait:
		return "?"
	case OpNoop:
		return "="
	case OpSkip:
		return "/"
	}
	return " "
}

// Reversibility says whether and how an action can be undone.
type Reversibility string

const (
	// Reversible actions are undone by removing what they created.
	Reversible Reversibility = "reversible"
	// Compensable actions are undone by a new, opposite change (a revert).
	Compensable Reversibility = "compensable"
	// Irreversible actions cannot be undone (a sent message, a pipeline
	// that ran); rollback lists them.
	Irreversible Reversibility = "irreversible"
)

// Fact is something the plan relied on. Key is provider-defined; the
// conventions shared by the repository readers are
//
//	ref:<repo>:heads/<branch>  -> commit SHA (empty: the branch does not exist)
//	ref:<repo>:tags/<tag>      -> commit SHA (empty: the tag does not exist)
//
// Value is what the provider saw at plan time.
type Fact struct {
	Provider string `json:"provider"`
	Key      string `json:"key"`
	Value    string `json:"value"`
	// Description is a sentence for the stale-plan message, e.g.
	// "branch master of acme/api is at 1a2b3c4".
	Description string `json:"description,omitempty"`
}

// RefFact builds the fact that a repository ref (heads/NAME or tags/NAME)
// points at sha ("" for absent). The key names the remote URL when there
// is one, else the repository, so that CheckFact can read it again.
func RefFact(provider string, repo Repository, ref, sha, description string) Fact {
	return Fact{Provider: provider, Key: "ref:" + repo.Locator() + ":" + ref, Value: sha, Description: description}
}

// Locator is the URL when set, else the repository name.
func (r Repository) Locator() string {
	if r.URL != "" {
		return r.URL
	}
	return r.Repo
}

// ErrWaitTimeout is wrapped by the error of an action that gave up
// waiting (for a pull request to be merged, a pipeline to finish) after
// its timeout. Nothing failed: apply stops before the end with exit code 3
// and waits again when run again.
var ErrWaitTimeout = errors.New("timed out waiting")

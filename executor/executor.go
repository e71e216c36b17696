package executor

import (
	"fmt"
	"sync"
	"time"

	"github.com/hashicorp/go-hclog"

	"github.com/relctl/relctl/planner/plan"
	"github.com/relctl/relctl/providers"
	"github.com/relctl/relctl/state"
)

// Defaults of the Executor's optional fields.
const (
	DefaultParallelism      = 10
	DefaultGracePeriod      = 30 * time.Second
	DefaultProgressInterval = time.Minute
)

// Journal is the part of a state.Recorder the executor uses: the current
// state, and one durable record per status change, on whatever backend
// holds the state. Its methods must be safe for concurrent use.
//
// The journal is the one owner of the state: the executor keeps no copy
// of it and reads every action's record back through Action, as stored
// (with the secrets the journal redacts redacted), so that a run sees
// exactly what a later run resuming it will see.
type Journal interface {
	// State returns a deep copy of the state (once per run: it costs the
	// size of the state).
	State() *state.State
	// Action returns a copy of the stored record of addr, at a cost that
	// does not depend on the size of the state; ok is false when the
	// state has no such action. Its Outputs and UndoData must not be
	// modified.
	Action(addr string) (state.Action, bool)
	Begin(planID, release string, addresses []string) error
	Record(rec state.Action) error
}

var _ Journal = state.Recorder(nil)

// Executor performs one plan against configured providers, recording
// every status change in the journal.
type Executor struct {
	Plan *plan.Plan
	// Providers maps the provider names the plan's actions use to
	// configured providers.
	Providers map[string]providers.Provider
	Journal   Journal
	// Hook receives progress; nil means none.
	Hook Hook
	// Parallelism bounds the actions running at once; 0 means the plan's
	// setting, or DefaultParallelism.
	Parallelism int
	Logger      hclog.Logger
	// Getenv reads RELCTL_VAR_* for sensitive arguments; nil means none.
	Getenv func(string) string
	// GracePeriod is how long running actions may go on after the run is
	// interrupted before their context is cancelled. Waits are cancelled
	// at once. 0 means DefaultGracePeriod.
	GracePeriod time.Duration
	// ProgressInterval is how often Hook.StillRunning is called for a
	// running action; 0 means DefaultProgressInterval.
	ProgressInterval time.Duration
	// Now returns the current time; nil means time.Now.
	Now func() time.Time

	mu      sync.Mutex // guards outputs
	outputs map[string]outputsEntry
}

// schemaOf returns the provider and the action schema of a.
func (e *Executor) schemaOf(a *plan.Action) (providers.Provider, providers.ActionSchema, error) {
	p, ok := e.Providers[a.Provider]
	if !ok || p == nil {
		return nil, providers.ActionSchema{}, fmt.Errorf("provider %q is not configured", a.Provider)
	}
	s, ok := p.Schema().Actions[a.Type]
	if !ok {
		return nil, providers.ActionSchema{}, fmt.Errorf("provider %q offers no action type %q", a.Provider, a.Type)
	}
	return p, s, nil
}

func (e *Executor) hook() Hook {
	if e.Hook == nil {
		return NilHook{}
	}
	return e.Hook
}

func (e *Executor) logger() hclog.Logger {
	if e.Logger == nil {
		return hclog.NewNullLogger()
	}
	return e.Logger.Named("executor")
}

func (e *Executor) now() time.Time {
	if e.Now != nil {
		return e.Now()
	}
	return time.Now()
}

func (e *Executor) parallelism() int {
	switch {
	case e.Parallelism > 0:
		return e.Parallelism
	case e.Plan.Settings.Parallelism > 0:
		return e.Plan.Settings.Parallelism
	}
	return DefaultParallelism
}

func (e *Executor) gracePeriod() time.Duration {
	if e.GracePeriod > 0 {
		return e.GracePeriod
	}
	return DefaultGracePeriod
}

func (e *Executor) progressInterval() time.Duration {
	if e.ProgressInterval > 0 {
		return e.ProgressInterval
	}
	return DefaultProgressInterval
}

func (e *Executor) getenv(name string) string {
	if e.Getenv == nil {
		return ""
	}
	return e.Getenv(name)
}

// record appends one status change to the journal. The journal is safe
// for concurrent use, and one action's records come from one goroutine
// at a time.
func (e *Executor) record(rec state.Action) error {
	if err := e.Journal.Record(rec); err != nil {
		return fmt.Errorf("recording %s as %s: %w", rec.Address, rec.Status, err)
	}
	return nil
}

// unsyncedJournal is a journal that can append a record without waiting
// for the disk, and later make everything written durable.
type unsyncedJournal interface {
	RecordUnsynced(rec state.Action) error
	Sync() error
}

// recordFinished records an action's completion. Nothing outside acts on
// it before the next fsync of the journal: the actions that depend on it
// record themselves running (synced) before their own work, and the run
// syncs the journal before it returns. So with a journal that can, the
// record does not wait for the disk, and the dependents start at once.
func (e *Executor) recordFinished(rec state.Action) error {
	j, ok := e.Journal.(unsyncedJournal)
	if !ok {
		return e.record(rec)
	}
	if err := j.RecordUnsynced(rec); err != nil {
		return fmt.Errorf("recording %s as %s: %w", rec.Address, rec.Status, err)
	}
	return nil
}

// syncJournal makes every record of the run durable.
func (e *Executor) syncJournal() error {
	if j, ok := e.Journal.(unsyncedJournal); ok {
		return j.Sync()
	}
	return nil
}

// current returns a copy of the state's record of addr: a pending
// record when the state has none.
func (e *Executor) current(addr string) (state.Action, bool) {
	a, ok := e.Journal.Action(addr)
	if !ok {
		return state.Action{Address: addr, Status: state.Pending}, false
	}
	return a, true
}

// snapshot returns a copy of every action's record in st.
func snapshot(st *state.State) map[string]state.Action {
	out := make(map[string]state.Action, len(st.Actions))
	for addr, a := range st.Actions {
		out[addr] = *a
	}
	return out
}

package state

import (
	"context"
	"errors"
	"fmt"
	"time"
)

// A backend is where one workspace's state lives: its journal, its lock
// and the plan being applied, so that a run on another machine finds all
// three with nothing but the configuration and credentials. Local keeps
// them in files (today's state file, lock and plan copy); other packages
// keep them in a database or a repository.
//
// A backend stores records; it does not interpret them. Framing, replay,
// the merge rule of records (Action.Merge) and format upgrades stay in
// this package, so that every backend replays a journal the same way:
// backends call EncodeHeader and Replay or ReplayRecords, and relctl
// writes through a Recorder (OpenRecorder), never record by record. A
// Recorder owns the workspace's lock: it takes it when it opens and
// releases it when it closes, so that no run writes without it.

// Reader reads a workspace's state without locking it.
type Reader interface {
	// ReadState returns the current state. It returns an error wrapping
	// ErrNoState when no plan has begun, and a *CorruptError when a
	// record that is not the last cannot be trusted. A last record that
	// is torn or foreign is ignored, as a write a crash interrupted.
	ReadState(ctx context.Context) (*State, error)
}

// Writer stores a workspace's journal. Only the holder of the
// workspace's lock calls it: a Recorder (OpenRecorder), which holds the
// lock as long as it is open, or Migrate, which takes both locks.
type Writer interface {
	// BeginPlan replaces the stored journal, atomically, by a new
	// generation whose only record is h: a reader sees the previous
	// generation or the new one, never a mix. It refuses with a
	// *LineageError when the stored state belongs to a lineage other
	// than h.Lineage: a state keeps its lineage across plans, so another
	// lineage means another run began the state.
	BeginPlan(ctx context.Context, h Header) error
	// AppendRecord stores record (one framed journal line, as
	// EncodeAction makes it) after the records of the current
	// generation and returns once it is durable: a record announces the
	// remote call made after it returns. It refuses with a *LineageError
	// when the stored generation is not g (another run began another
	// plan or lineage). A failed or interrupted append is not visible,
	// or is a torn last record that ReadState ignores; the next append
	// replaces it.
	AppendRecord(ctx context.Context, g Generation, record []byte) error
}

// Locker keeps two runs on one workspace apart.
type Locker interface {
	// Lock locks the workspace for operation ("apply", "rollback").
	// With timeout 0 it fails at once with a *LockError naming the
	// holder; with a positive timeout it retries with backoff (RetryLock)
	// until it gets the lock, the timeout passes or ctx is done. A lock
	// whose holder died is taken over, or released by ForceUnlock.
	Lock(ctx context.Context, operation string, timeout time.Duration) (HeldLock, error)
	// ForceUnlock releases the lock id, left by a holder that died. It
	// refuses when id is not the lock's ID (the error names the actual
	// one) and when the holder is still running; it returns an error
	// wrapping ErrNotLocked when there is no lock.
	ForceUnlock(ctx context.Context, id string) error
	// LockInfo returns the info of the lock as its holder wrote it: an
	// error wrapping ErrNotLocked when there is none.
	LockInfo(ctx context.Context) (LockInfo, error)
}

// HeldLock is a lock this process holds. *Held is the local one.
type HeldLock interface {
	Info() LockInfo
	// Unlock releases the lock and removes its info, if still its own.
	Unlock() error
}

// PlanStore keeps the plan being applied with the state, so that a run
// elsewhere can resume or roll it back without the plan file. A plan is
// stored as the plan file's bytes: a JSON object whose "plan_id" is its
// id.
type PlanStore interface {
	// SavePlan stores data as the plan planID, replacing any plan saved
	// before, atomically.
	SavePlan(ctx context.Context, planID string, data []byte) error
	// LoadPlan returns the bytes saved for planID: an error wrapping
	// ErrNoPlan when none was saved, a *PlanMismatchError when the
	// backend holds another plan.
	LoadPlan(ctx context.Context, planID string) ([]byte, error)
}

// Backend is everything a run needs of one workspace's storage.
type Backend interface {
	Reader
	Writer
	Locker
	PlanStore
	// String describes where the state is, for messages (a path, a
	// database and workspace). It never holds a secret.
	String() string
	// Close releases what the backend holds open (connections). Locks
	// are released by their HeldLock, not by Close.
	Close() error
}

// RecorderBackend is what OpenRecorder needs of a backend: its state,
// its journal and its lock.
type RecorderBackend interface {
	Reader
	Writer
	Locker
}

// Recorder is an open state that records status changes: what apply and
// rollback write through. Its methods are safe for concurrent use. A
// Recorder holds the workspace's lock from OpenRecorder (or Open, for
// the local Journal) to Close, so it never writes without it; *Journal
// is the local one; OpenRecorder opens one on any backend.
//
// The Recorder is the one owner of the state relctl is writing: it
// redacts registered secrets before it applies or writes a record, so
// what State and Action return is what is stored, and no reader holds a
// value the state never held.
type Recorder interface {
	// State returns a deep copy of the current state: an empty State
	// (no lineage, no plan) when no plan has begun.
	State() *State
	// Action returns a copy of the stored record of addr, cheaply: it
	// never waits for a record being written or made durable. ok is
	// false when no plan has begun or the plan has no action addr. The
	// copy's Outputs and UndoData are the Recorder's own bytes, which
	// it never modifies: callers must not modify them either.
	Action(addr string) (a Action, ok bool)
	// Begin starts the journal for a plan, or continues it (Journal.Begin
	// documents how).
	Begin(planID, release string, addresses []string) error
	// Record durably records one action's new status (Journal.Record
	// documents the merge rule).
	Record(rec Action) error
	// AddSecrets registers values never to be written.
	AddSecrets(values ...string)
	// LockInfo is the info of the workspace's lock the Recorder holds.
	LockInfo() LockInfo
	// Close waits for the records being written, ends recording and
	// releases the workspace's lock.
	Close() error
}

// RecorderOpener is the optional ability of a backend to open a Recorder
// of its own, which OpenRecorder then uses: Local opens its Journal,
// which shares one fsync among records made at the same time. lock is
// the backend's lock, which OpenRecorder took: the Recorder returned
// owns it and releases it on Close; when OpenRecorder fails, lock is
// still the caller's.
type RecorderOpener interface {
	OpenRecorder(ctx context.Context, lock HeldLock) (Recorder, error)
}

// SecretHolder is the optional ability of a backend to name the secrets
// it was configured with (a database password), which a Recorder must
// never write: OpenRecorder registers them.
type SecretHolder interface {
	Secrets() []string
}

// Generation names one plan's journal in a lineage: what AppendRecord
// appends to.
type Generation struct {
	Lineage string
	PlanID  string
}

// ErrLineage is wrapped by a *LineageError.
var ErrLineage = errors.New("state belongs to another run")

// LineageError reports that the stored state is not the generation the
// writer expected: another run began it, or began another plan in it.
type LineageError struct {
	// Where describes the state (Backend.String).
	Where  string
	Stored Generation // zero when there is no state
	Want   Generation
}

func (e *LineageError) Error() string {
	if e.Stored.Lineage != e.Want.Lineage {
		return fmt.Sprintf("state %s belongs to lineage %s, not %s: another run began it; refusing to write over it",
			e.Where, orNone(e.Stored.Lineage), e.Want.Lineage)
	}
	return fmt.Sprintf("state %s now holds plan %s, not %s: another run began another plan; refusing to write over it",
		e.Where, orNone(e.Stored.PlanID), e.Want.PlanID)
}

func (e *LineageError) Unwrap() error { return ErrLineage }

func orNone(s string) string {
	if s == "" {
		return "(none)"
	}
	return s
}

// ErrNoPlan reports that the backend holds no saved plan.
var ErrNoPlan = errors.New("no saved plan")

// PlanMismatchError reports that the backend holds another plan than the
// one asked for.
type PlanMismatchError struct {
	Where  string
	Want   string
	Stored string
}

func (e *PlanMismatchError) Error() string {
	return fmt.Sprintf("%s holds plan %s, but plan %s was asked for", e.Where, e.Stored, e.Want)
}

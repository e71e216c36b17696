// Package state owns relctl's state file: what apply and rollback have done
// to the world, action by action, and the lock that keeps two runs apart.
//
// The state is a journal (journal.go documents the format): a header naming
// the lineage and the plan, then one appended, checksummed record per status
// change, fsynced before the remote call it announces. Reading replays the
// records; a torn final record (a crash mid-write) is detected and ignored.
// state.go holds the model (State, Action, Status) and how a record merges
// into an action; record.go the framing and replay; lock.go the OS lock and
// its lock-info file; redact.go keeps registered secrets out of records.
//
// Where the state lives is a Backend (backend.go): Reader, Writer, Locker
// and PlanStore composed. Local (local.go) is the state file, its lock
// and the plan copy beside it; state/pg keeps them in PostgreSQL and
// state/ghstate in a branch of a GitHub repository. A backend stores
// framed records only: the framing, replay, merge rule and format
// upgrades (codec.go, upgrade.go) stay here, and apply and rollback write
// through a Recorder (recorder.go): the Journal for a file, one record per
// Writer call elsewhere, or for a BatchWriter the records made while a
// write is under way in the next write (grouprecorder.go, group commit,
// as the Journal shares one fsync). A Recorder is the one owner of the
// state being written: it takes the workspace's lock when it opens and
// releases it when it closes, redacts secrets before it applies a
// record, and is what the executor reads the state through (State, and
// Action for one record). Migrate moves a state between backends under
// both locks; statetest is the conformance suite every backend passes.
//
// The executor decides what to do and when to record it; this package only
// remembers it. Rendering the state for people is the command line's job.
package state

// FormatVersion is the version of the state file format this relctl writes
// and the newest it reads.
const FormatVersion = "1"

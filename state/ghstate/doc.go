// Package ghstate is the "github" state backend: a workspace's journal,
// its applied plan and its lock kept in a GitHub repository (typically the
// release repository itself), through the REST API, so that a second CI
// runner finds them with nothing but the configuration and a token.
//
// # Layout
//
// Everything lives on one branch, "relctl-state" by default, created on
// the first write as an orphan branch (a root commit holding only relctl's
// files, none of the repository's). Under an optional directory prefix,
// workspace W has:
//
//	<prefix>/W.relctl-state      the journal: framed records, one per line
//	<prefix>/W.relctl-plan.json  the plan being applied (the plan file's bytes)
//
// and its lock is the ref refs/heads/relctl-lock/<branch>/<prefix>/W.relctl-state.
//
// Both are branches, so a workflow that runs on every push should leave
// them out (GitHub Actions: branches-ignore: [relctl-state, "relctl-lock/**"]);
// writes made with the GITHUB_TOKEN of a workflow run start no workflow.
//
// # Writes: compare-and-swap on the file's blob SHA
//
// The journal is the same framed record format as the local state file
// (package state owns framing, replay and the merge rule). Every write is
// one PUT of the contents API carrying the blob SHA the writer last saw:
// GitHub refuses it (409, or 422 when the file appeared meanwhile) when
// the file changed since, so two writers can never both win. A writer that
// loses re-reads the file: when it still holds the writer's generation
// (same lineage and plan) the records are re-applied on top of what is
// there, otherwise the write fails with a *state.LineageError. A write
// whose answer was lost (a 5xx after GitHub acted, then a retry) reads
// back as the writer's own content and counts as done. Records made at the
// same time by parallel actions are committed together (one PUT for the
// batch: see Backend.AppendRecords), which matters because GitHub asks
// integrations to space their mutations by about a second.
//
// # Lock: a ref created atomically
//
// Lock creates a root commit whose message carries the lock info as JSON
// (id, operation, who@host, pid, created, heartbeat), its tree the same in
// relctl-lock.json, and then the lock ref pointing at it with POST
// git/refs, which GitHub refuses with 422 "Reference already exists" when
// another run holds the lock. The holder renews the heartbeat every
// LockHeartbeat by fast-forwarding the ref to a child commit; the
// fast-forward fails when the lock was force-unlocked and taken by someone
// else, which the holder then learns, and the backend then writes nothing
// more. A lock whose heartbeat is older than LockStale (by this runner's
// clock) belongs to a holder that died: Lock takes it over by
// fast-forwarding the ref from the dead holder's commit, which only one
// of several runners doing so at once can do, and ForceUnlock releases it
// by its ID.
//
// # Requests
//
// Measured against the fake GitHub (requests_test.go): taking the lock
// costs 4 requests (a read of the lock ref, then a tree, a commit and the
// ref) and releasing it 3; reading the state and the plan one each (a
// missing file costs one more read, of the repository, the first time);
// each record is one PUT: 2 per action (running, then done) when actions
// run one at a time, about 0.4 per action with ten in parallel, since
// records made while a write is under way share the next one. The first
// write of a workspace creates the branch (a tree, a commit and the ref).
// A renewal of the lock is a commit and a ref update, once a minute.
// Every write creates a commit, which GitHub counts against its limit of
// content-creating requests (about 80 a minute and 500 an hour).
//
// # Credentials
//
// The token comes from Config.Token or GITHUB_TOKEN; it lives in the HTTP
// transport (providers/github/ghhttp: retries, rate limits, token
// scrubbing) and is never stored, logged or put in an error.
package ghstate

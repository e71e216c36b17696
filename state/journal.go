package state

// The state file is an append-only journal of records, one per line:
//
//	<crc32c> <length> <json>\n
//
// <crc32c> is the CRC-32C (Castagnoli) of <json> as 8 lower-case hex
// digits, <length> the byte length of <json> in decimal, and <json> one
// compact JSON object (never containing a raw newline) whose "kind" says
// what it is:
//
//   - "header", always and only the first record: format_version,
//     lineage, plan_id, release, created, and addresses (the plan's
//     action addresses in plan order). Every listed action starts
//     pending.
//   - "action": one action's status change, with the fields of Action
//     that changed (address and status always). Replaying merges it into
//     the action as Action.Merge documents.
//
// A status change appends one small record and fsyncs the file before
// Record returns, so its cost does not depend on the size of the state.
// Beginning a new plan rewrites the file atomically with a new header.
//
// A crash during an append leaves a last line without its newline, or
// one whose length or checksum does not match: reading ignores such a
// last record, and the next append truncates it away first. A bad record
// followed by others is not a torn write and is reported as a
// *CorruptError naming the file and the record number.

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sync"
	"time"

	"github.com/google/uuid"

	"github.com/relctl/relctl/state/atomicfile"
)

// filePerm is the state file's mode: it holds no secret, but what a
// release did is nobody else's business by default.
const filePerm = 0o600

var errClosed = errors.New("state journal is closed")

// Journal is an open state file that records status changes. Its methods
// are safe for concurrent use. It holds the state's lock from Open to
// Close.
type Journal struct {
	// mu guards the fields below. It is held while a record is written
	// to the file, never while it is fsynced (syncMu), except by Begin,
	// which replaces the file, and Close.
	mu      sync.Mutex
	lock    HeldLock // nil once Close released it
	path    string
	f       *os.File
	st      *State // nil until a plan has begun
	size    int64  // length of the valid records; the file may be longer
	torn    bool   // bytes after size must be truncated before appending
	secrets secrets
	now     func() time.Time
	// synced is how many bytes of the file are known to be on disk;
	// syncMu serialises fsyncs (taken before mu, never while holding it),
	// so that concurrent records share one fsync (group commit).
	syncMu sync.Mutex
	synced int64
	// syncFile fsyncs the file (tests count and delay it).
	syncFile func(*os.File) error
	// broken is a failed fsync: what was written may not be on disk, so
	// the journal refuses further records.
	broken error
	// writeFile replaces a file durably (tests simulate a crash with it).
	writeFile func(path string, data []byte, perm os.FileMode) error
}

// Open locks the state file at path for operation ("apply",
// "rollback"), waiting as Lock does with timeout, then opens it,
// creating it and its directory when missing, and replays its records.
// The Journal holds the lock until Close releases it; when Open fails,
// the lock is released before it returns. A lock error is Lock's.
func Open(ctx context.Context, path, operation string, timeout time.Duration) (*Journal, error) {
	l, err := Lock(ctx, path, operation, timeout)
	if err != nil {
		return nil, err
	}
	j, err := openLocked(path, l)
	if err != nil {
		return nil, errors.Join(err, l.Unlock())
	}
	return j, nil
}

// openLocked opens the state file at path for the holder of lock, which
// the Journal then owns.
func openLocked(path string, lock HeldLock) (*Journal, error) {
	j, err := openFile(path)
	if err != nil {
		return nil, err
	}
	j.lock = lock
	return j, nil
}

// openFile opens the state file at path, creating it and its directory
// when missing, and replays its records. The Journal holds no lock: the
// Writer methods of Local use it for one operation of a lock holder.
func openFile(path string) (*Journal, error) {
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return nil, fmt.Errorf("creating state directory: %w", err)
	}
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, filePerm)
	if err != nil {
		return nil, fmt.Errorf("opening state: %w", err)
	}
	j := &Journal{path: path, f: f, now: now, writeFile: atomicfile.WriteFile, syncFile: (*os.File).Sync}
	if err := j.load(); err != nil {
		f.Close()
		return nil, err
	}
	return j, nil
}

func now() time.Time { return time.Now().UTC() }

// load replays the open file.
func (j *Journal) load() error {
	data, err := io.ReadAll(j.f)
	if err != nil {
		return fmt.Errorf("reading state %s: %w", j.path, err)
	}
	r := replayer{}
	valid, err := r.lines(data)
	if err != nil {
		return withPath(err, j.path)
	}
	j.st, j.size, j.torn = r.state(), int64(valid), valid < len(data)
	j.synced = j.size
	if j.st != nil && j.st.UpgradedFrom != "" {
		return j.upgrade(r.upgraded)
	}
	return nil
}

// upgrade rewrites a journal written in an older format version in the
// current one (records, as upgraded by replaying them), so that what is
// appended to it is in the same format as what precedes it.
func (j *Journal) upgrade(records [][]byte) error {
	var data []byte
	for _, payload := range records {
		data = append(data, frame(payload)...)
	}
	if err := j.rewrite(data); err != nil {
		return fmt.Errorf("upgrading state %s from format version %s: %w", j.path, j.st.UpgradedFrom, err)
	}
	j.st.UpgradedFrom = ""
	j.size, j.torn = int64(len(data)), false
	j.synced = j.size
	return nil
}

// SetClock replaces the clock that stamps record times and the header's
// creation time (time.Now in UTC by default), for reproducible states.
func (j *Journal) SetClock(now func() time.Time) {
	j.mu.Lock()
	defer j.mu.Unlock()
	j.now = now
}

// Path returns the state file's path.
func (j *Journal) Path() string { return j.path }

// State returns a deep copy of the current state: an empty State (no
// lineage, no plan) when no plan has begun.
func (j *Journal) State() *State {
	j.mu.Lock()
	defer j.mu.Unlock()
	if j.st == nil {
		return &State{FormatVersion: FormatVersion, Actions: map[string]*Action{}}
	}
	return j.st.clone()
}

// Action returns a copy of the record of addr as stored (secrets
// redacted). It waits for no fsync; see Recorder.Action.
func (j *Journal) Action(addr string) (Action, bool) {
	j.mu.Lock()
	defer j.mu.Unlock()
	return j.st.action(addr)
}

// LockInfo is the info of the lock the Journal holds; zero for a Journal
// opened without one (by the Writer methods of Local).
func (j *Journal) LockInfo() LockInfo {
	j.mu.Lock()
	defer j.mu.Unlock()
	if j.lock == nil {
		return LockInfo{}
	}
	return j.lock.Info()
}

// Begin starts the journal for a plan, or continues it. When the state
// already belongs to planID, Begin does nothing (a resume). Otherwise it
// starts a new generation: the file is rewritten atomically with a new
// header listing addresses, all pending, keeping the lineage if there was
// one and minting a new one if not. Whatever the previous plan recorded
// is dropped: callers decide beforehand whether that is acceptable.
func (j *Journal) Begin(planID, release string, addresses []string) error {
	j.mu.Lock()
	defer j.mu.Unlock()
	if j.f == nil {
		return errClosed
	}
	if j.st != nil && j.st.PlanID == planID {
		return nil
	}
	h, st, err := nextHeader(j.st, planID, release, addresses, j.now())
	if err != nil {
		return err
	}
	line, err := EncodeHeader(h)
	if err != nil {
		return err
	}
	if err := j.rewrite(line); err != nil {
		return err
	}
	j.st, j.size, j.torn = st, int64(len(line)), false
	j.synced = j.size
	return nil
}

// rewrite replaces the file with data and reopens it for appending.
func (j *Journal) rewrite(data []byte) error {
	if err := j.writeFile(j.path, data, filePerm); err != nil {
		return fmt.Errorf("writing state %s: %w", j.path, err)
	}
	f, err := os.OpenFile(j.path, os.O_RDWR, filePerm)
	if err != nil {
		return fmt.Errorf("reopening state: %w", err)
	}
	j.f.Close()
	j.f = f
	return nil
}

// Record appends one checksummed record of rec (one action's new status),
// applies it to the state and returns once the record is on disk (its
// fsync may be shared with records made at the same time). Zero fields of rec keep
// earlier values, except that Running clears FinishedAt and Adopted and
// increments Attempts, and Done and Undone clear Error. Record stamps
// StartedAt when the status becomes Running, FinishedAt when it becomes
// Done, Failed or Skipped, and UndoneAt when it becomes Undone or
// UndoFailed, unless rec carries the time. Registered secrets are
// redacted from the record before it is written.
func (j *Journal) Record(rec Action) error {
	end, err := j.write(rec)
	if err != nil {
		return err
	}
	return j.syncTo(end, rec.Address)
}

// RecordUnsynced appends rec like Record but returns before it is on
// disk: the record becomes durable with the next fsync of the journal,
// which the next Record or Sync makes (an fsync covers every record
// written before it). It serves records that nothing outside the process
// acts upon until then, such as an action's completion: the actions that
// depend on it record themselves running with Record before they act, and
// that makes the completion durable first. Call Sync before reporting the
// end of a run.
func (j *Journal) RecordUnsynced(rec Action) error {
	_, err := j.write(rec)
	return err
}

// Sync returns once every record written so far is on disk.
func (j *Journal) Sync() error {
	j.mu.Lock()
	end := j.size
	j.mu.Unlock()
	return j.syncTo(end, "the last records")
}

// write validates, encodes and appends rec, applies it to the state and
// returns the file offset its record ends at.
func (j *Journal) write(rec Action) (int64, error) {
	j.mu.Lock()
	defer j.mu.Unlock()
	if j.f == nil {
		return 0, errClosed
	}
	if j.broken != nil {
		return 0, fmt.Errorf("recording %s: the state file could not be synced earlier: %w", rec.Address, j.broken)
	}
	if j.st == nil {
		return 0, errors.New("recording to state: no plan has begun")
	}
	a, ok := j.st.Actions[rec.Address]
	if !ok {
		return 0, fmt.Errorf("recording to state: action %q is not in the plan", rec.Address)
	}
	rec, err := j.prepare(a, rec)
	if err != nil {
		return 0, fmt.Errorf("recording %s: %w", rec.Address, err)
	}
	payload, err := json.Marshal(actionRecord{Kind: kindAction, Action: rec})
	if err != nil {
		return 0, fmt.Errorf("encoding state record for %s: %w", rec.Address, err)
	}
	if err := j.append(frame(payload)); err != nil {
		return 0, fmt.Errorf("recording %s to state %s: %w", rec.Address, j.path, err)
	}
	a.Merge(&rec)
	return j.size, nil
}

// syncTo returns once the file is on disk up to end. One fsync covers
// every record written before it starts, so records made at the same
// time by parallel actions share it.
func (j *Journal) syncTo(end int64, addr string) error {
	j.syncMu.Lock()
	defer j.syncMu.Unlock()
	j.mu.Lock()
	if j.synced >= end || j.f == nil {
		j.mu.Unlock()
		return nil
	}
	f, target := j.f, j.size
	j.mu.Unlock()
	err := j.syncFile(f)
	j.mu.Lock()
	defer j.mu.Unlock()
	if err != nil {
		j.broken = err
		return fmt.Errorf("recording %s to state %s: %w", addr, j.path, err)
	}
	if target > j.synced {
		j.synced = target
	}
	return nil
}

// prepare validates rec against the action's current value, stamps its
// times, fixes its attempt number and redacts secrets, so that the
// record written replays to exactly the state Record produces.
func (j *Journal) prepare(a *Action, rec Action) (Action, error) {
	return prepareRecord(a, rec, j.now(), j.secrets)
}

// nextHeader returns the header and the state of a new generation for
// planID after prev (nil when no plan has begun): prev's lineage, or a
// new one.
func nextHeader(prev *State, planID, release string, addresses []string, created time.Time) (Header, *State, error) {
	if planID == "" {
		return Header{}, nil, errors.New("beginning state: empty plan id")
	}
	h := Header{
		FormatVersion: FormatVersion,
		PlanID:        planID,
		Release:       release,
		Created:       created,
		StartedBy:     whoAmI(),
		Addresses:     addresses,
	}
	if prev != nil {
		h.Lineage = prev.Lineage
	} else {
		h.Lineage = uuid.NewString()
	}
	st, err := newState(&h)
	if err != nil {
		return Header{}, nil, fmt.Errorf("beginning state: %w", err)
	}
	return h, st, nil
}

// prepareRecord validates rec against the action's current value a,
// stamps its times (now), fixes its attempt number and redacts secrets,
// so that the record written replays to exactly the state recording it
// produces.
func prepareRecord(a *Action, rec Action, now time.Time, s secrets) (Action, error) {
	if !rec.Status.Valid() {
		return rec, fmt.Errorf("unknown status %q", rec.Status)
	}
	switch {
	case rec.Status == Running:
		if rec.Attempts == 0 {
			rec.Attempts = a.Attempts + 1
		}
		if rec.StartedAt.IsZero() {
			rec.StartedAt = now
		}
	case rec.Status.finishes() && rec.FinishedAt.IsZero():
		rec.FinishedAt = now
	case (rec.Status == Undone || rec.Status == UndoFailed) && rec.UndoneAt.IsZero():
		rec.UndoneAt = now
	}
	rec, err := s.redact(rec)
	if err != nil {
		return rec, err
	}
	return rec, rec.validate()
}

// append writes one framed record at the end of the valid records and
// fsyncs it. A failed append leaves the journal marked torn, so the next
// one first truncates whatever part of it reached the file.
func (j *Journal) append(line []byte) error {
	if j.torn {
		if err := j.f.Truncate(j.size); err != nil {
			return fmt.Errorf("truncating a torn record: %w", err)
		}
		j.torn = false
	}
	j.torn = true
	if _, err := j.f.WriteAt(line, j.size); err != nil {
		return err
	}
	j.size += int64(len(line))
	j.torn = false
	return nil
}

// Close makes the records written durable, closes the state file and
// releases the lock. A record made at the same time is either made
// durable before or refused. A second Close does nothing.
func (j *Journal) Close() error {
	j.syncMu.Lock()
	defer j.syncMu.Unlock()
	j.mu.Lock()
	defer j.mu.Unlock()
	if j.f == nil {
		return nil
	}
	var serr error
	if j.synced < j.size && j.broken == nil {
		if serr = j.syncFile(j.f); serr != nil {
			serr = fmt.Errorf("recording the last records to state %s: %w", j.path, serr)
		}
	}
	err := j.f.Close()
	j.f = nil
	if err == nil {
		err = serr
	}
	if j.lock != nil {
		err = errors.Join(err, j.lock.Unlock())
		j.lock = nil
	}
	return err
}

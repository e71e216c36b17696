package state

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"os/user"
	"path/filepath"
	"time"

	"github.com/gofrs/flock"
	"github.com/google/uuid"

	"github.com/relctl/relctl/state/atomicfile"
)

// The state is locked with an OS lock on "<state>.lock", which the
// operating system releases when the holding process dies, plus a JSON
// lock-info file "<state>.lock.info" naming the holder for the messages
// of those who wait. The ".lock" file itself is never removed: removing
// a lock file lets two processes lock two different files.

// ErrLocked is wrapped by a *LockError.
var ErrLocked = errors.New("state is locked")

// ErrNotLocked reports that there is no lock to release.
var ErrNotLocked = errors.New("state is not locked")

// LockInfo describes who holds the state's lock.
type LockInfo struct {
	ID        string    `json:"id"`
	Operation string    `json:"operation"`
	Who       string    `json:"who"` // user@host
	PID       int       `json:"pid"`
	Created   time.Time `json:"created"`
	Path      string    `json:"path"` // the state file
}

// LockError reports that another process holds the state's lock.
type LockError struct {
	Info LockInfo // zero when the holder has not written it (yet)
	// Waited is how long Lock waited before giving up.
	Waited time.Duration
	Err    error
}

func (e *LockError) Error() string {
	var msg string
	if e.Info.ID == "" {
		msg = "state is locked by another process (its lock info is not available)"
	} else {
		i := e.Info
		msg = fmt.Sprintf("state is locked by %s (pid %d, %s since %s, lock ID %s)",
			i.Who, i.PID, i.Operation, i.Created.Format(time.RFC3339), i.ID)
	}
	if e.Waited > 0 {
		msg += fmt.Sprintf("; gave up after waiting %s", e.Waited)
	}
	return msg
}

func (e *LockError) Unwrap() error { return e.Err }

// Held is a lock on a state file that this process holds. (The type
// cannot be called Lock: that is the function that takes it.)
type Held struct {
	fl   *flock.Flock
	info LockInfo
}

func lockPath(statePath string) string { return statePath + ".lock" }
func infoPath(statePath string) string { return statePath + ".lock.info" }

// Lock locks the state at statePath for operation ("apply", "rollback").
// With timeout 0 it fails at once with a *LockError naming the holder;
// with a positive timeout it retries with backoff, on *LockError only,
// until it gets the lock, the timeout passes or ctx is done.
func Lock(ctx context.Context, statePath, operation string, timeout time.Duration) (*Held, error) {
	return RetryLock(ctx, timeout, func() (*Held, error) { return tryLock(statePath, operation) })
}

// RetryLock calls try until it takes a lock: at once and only once with
// timeout 0, else with backoff (50ms doubling to 1s) while try fails
// with a *LockError, until the timeout passes or ctx is done. The
// *LockError it then returns says how long it waited. Every backend's
// Lock waits this way.
func RetryLock[L any](ctx context.Context, timeout time.Duration, try func() (L, error)) (L, error) {
	start := time.Now()
	delay := 50 * time.Millisecond
	for {
		l, err := try()
		var le *LockError
		if err == nil || !errors.As(err, &le) || timeout <= 0 {
			return l, err
		}
		var zero L
		waited := time.Since(start)
		if waited >= timeout {
			le.Waited = timeout
			return zero, le
		}
		wait := min(delay, timeout-waited)
		select {
		case <-ctx.Done():
			le.Waited = time.Since(start).Round(time.Millisecond)
			return zero, fmt.Errorf("%w (stopped waiting: %w)", le, ctx.Err())
		case <-time.After(wait):
		}
		delay = min(delay*2, time.Second)
	}
}

// tryLock makes one attempt.
func tryLock(statePath, operation string) (*Held, error) {
	if err := os.MkdirAll(filepath.Dir(statePath), 0o755); err != nil {
		return nil, fmt.Errorf("creating state directory: %w", err)
	}
	fl := flock.New(lockPath(statePath))
	ok, err := fl.TryLock()
	if err != nil {
		return nil, fmt.Errorf("locking state %s: %w", statePath, err)
	}
	if !ok {
		info, _ := readInfo(statePath)
		return nil, &LockError{Info: info, Err: ErrLocked}
	}
	l := &Held{fl: fl, info: newInfo(statePath, operation)}
	if err := writeInfo(statePath, l.info); err != nil {
		fl.Unlock()
		return nil, err
	}
	return l, nil
}

func newInfo(statePath, operation string) LockInfo {
	abs, err := filepath.Abs(statePath)
	if err != nil {
		abs = statePath
	}
	return NewLockInfo(operation, abs)
}

// NewLockInfo returns the info of a new lock for operation on the state
// that where describes: a new ID, user@host, this process and now.
func NewLockInfo(operation, where string) LockInfo {
	return LockInfo{
		ID:        uuid.NewString(),
		Operation: operation,
		Who:       whoAmI(),
		PID:       os.Getpid(),
		Created:   time.Now().UTC().Truncate(time.Second),
		Path:      where,
	}
}

// whoAmI returns user@host, as well as it can be known.
func whoAmI() string {
	name := os.Getenv("USER")
	if u, err := user.Current(); err == nil && u.Username != "" {
		name = u.Username
	}
	if name == "" {
		name = "unknown"
	}
	host, err := os.Hostname()
	if err != nil || host == "" {
		host = "unknown"
	}
	return name + "@" + host
}

func writeInfo(statePath string, info LockInfo) error {
	data, err := json.MarshalIndent(info, "", "  ")
	if err != nil {
		return fmt.Errorf("encoding lock info: %w", err)
	}
	if err := atomicfile.WriteFile(infoPath(statePath), append(data, '\n'), 0o644); err != nil {
		return fmt.Errorf("writing lock info: %w", err)
	}
	return nil
}

// ReadLockInfo returns the lock info of the state at statePath; an error
// wrapping fs.ErrNotExist when there is none.
func ReadLockInfo(statePath string) (LockInfo, error) { return readInfo(statePath) }

func readInfo(statePath string) (LockInfo, error) {
	var info LockInfo
	data, err := os.ReadFile(infoPath(statePath))
	if err != nil {
		return info, fmt.Errorf("reading lock info: %w", err)
	}
	if err := json.Unmarshal(data, &info); err != nil {
		return LockInfo{}, fmt.Errorf("decoding lock info %s: %w", infoPath(statePath), err)
	}
	return info, nil
}

// Info describes the lock.
func (l *Held) Info() LockInfo { return l.info }

// Unlock removes the lock info, if it is still this lock's, then releases
// the OS lock.
func (l *Held) Unlock() error {
	var errs []error
	if info, err := readInfo(l.info.Path); err == nil && info.ID == l.info.ID {
		if err := os.Remove(infoPath(l.info.Path)); err != nil && !errors.Is(err, fs.ErrNotExist) {
			errs = append(errs, fmt.Errorf("removing lock info: %w", err))
		}
	}
	if err := l.fl.Unlock(); err != nil {
		errs = append(errs, fmt.Errorf("unlocking state %s: %w", l.info.Path, err))
	}
	return errors.Join(errs...)
}

// ForceUnlock releases a lock left by a process that died: the operating
// system has already released its OS lock, and ForceUnlock removes the
// lock info it left behind. It refuses when id is not the lock's ID (the
// error names the actual one) and when the holder is still running.
func ForceUnlock(statePath, id string) error {
	info, err := readInfo(statePath)
	if errors.Is(err, fs.ErrNotExist) {
		if held, herr := heldByOther(statePath); herr != nil || held {
			return errors.Join(herr, fmt.Errorf("state %s is locked by a process that has not written its lock info yet: try again", statePath))
		}
		return fmt.Errorf("unlocking %s: %w", statePath, ErrNotLocked)
	}
	if err != nil {
		return err
	}
	if info.ID != id {
		return fmt.Errorf("lock ID %q does not match the state's lock %s (held by %s, pid %d, %s)", id, info.ID, info.Who, info.PID, info.Operation)
	}
	fl := flock.New(lockPath(statePath))
	ok, err := fl.TryLock()
	if err != nil {
		return fmt.Errorf("checking state lock %s: %w", statePath, err)
	}
	if !ok {
		return fmt.Errorf("lock %s is held by a running process (%s, pid %d, %s since %s): stop that process first; unlock only releases a lock whose holder died",
			id, info.Who, info.PID, info.Operation, info.Created.Format(time.RFC3339))
	}
	defer fl.Unlock()
	if err := os.Remove(infoPath(statePath)); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("removing lock info: %w", err)
	}
	return nil
}

// heldByOther reports whether some process holds the OS lock.
func heldByOther(statePath string) (bool, error) {
	if _, err := os.Stat(lockPath(statePath)); errors.Is(err, fs.ErrNotExist) {
		return false, nil
	}
	fl := flock.New(lockPath(statePath))
	ok, err := fl.TryLock()
	if err != nil {
		return false, fmt.Errorf("checking state lock %s: %w", statePath, err)
	}
	if ok {
		fl.Unlock()
	}
	return !ok, nil
}

package state

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"time"

	"github.com/relctl/relctl/state/atomicfile"
)

var (
	_ Backend        = (*Local)(nil)
	_ RecorderOpener = (*Local)(nil)
	_ HeldLock       = (*Held)(nil)
)

// Local is the default backend: the state file (journal.go), its OS lock
// and lock info beside it (lock.go), and the plan being applied kept as
// "<state>.plan".
type Local struct {
	path string
}

// NewLocal returns the local backend of the state file at path.
func NewLocal(path string) *Local { return &Local{path: path} }

// Path returns the state file's path.
func (l *Local) Path() string { return l.path }

// String returns the state file's path.
func (l *Local) String() string { return l.path }

// Close does nothing: the local backend holds nothing open.
func (l *Local) Close() error { return nil }

// ReadState reads the state file (Read).
func (l *Local) ReadState(context.Context) (*State, error) { return Read(l.path) }

// OpenRecorder opens the state file's Journal, whose records made at the
// same time share one fsync, for the holder of lock (the state file's
// lock, which the Journal then owns).
func (l *Local) OpenRecorder(_ context.Context, lock HeldLock) (Recorder, error) {
	j, err := openLocked(l.path, lock)
	if err != nil {
		return nil, err
	}
	return j, nil
}

// BeginPlan rewrites the state file atomically with h alone.
func (l *Local) BeginPlan(_ context.Context, h Header) error {
	line, err := EncodeHeader(h)
	if err != nil {
		return err
	}
	j, err := openFile(l.path)
	if err != nil {
		return err
	}
	defer j.Close()
	if j.st != nil && j.st.Lineage != h.Lineage {
		return &LineageError{Where: l.path, Stored: generationOf(j.st), Want: h.Generation()}
	}
	if err := j.rewrite(line); err != nil {
		return err
	}
	return nil
}

// AppendRecord appends record to the state file and fsyncs it. It
// replays the file first to check the generation, so it costs the size
// of the state: apply and rollback record through OpenRecorder instead.
func (l *Local) AppendRecord(_ context.Context, g Generation, record []byte) error {
	if err := CheckRecord(record); err != nil {
		return fmt.Errorf("appending to state %s: %w", l.path, err)
	}
	j, err := openFile(l.path)
	if err != nil {
		return err
	}
	defer j.Close()
	if j.st == nil || generationOf(j.st) != g {
		return &LineageError{Where: l.path, Stored: generationOf(j.st), Want: g}
	}
	if err := j.append(record); err != nil {
		return fmt.Errorf("appending to state %s: %w", l.path, err)
	}
	if err := j.f.Sync(); err != nil {
		return fmt.Errorf("appending to state %s: %w", l.path, err)
	}
	return nil
}

// Lock takes the state file's OS lock (Lock).
func (l *Local) Lock(ctx context.Context, operation string, timeout time.Duration) (HeldLock, error) {
	h, err := Lock(ctx, l.path, operation, timeout)
	if err != nil {
		return nil, err
	}
	return h, nil
}

// ForceUnlock releases a lock whose holder died (ForceUnlock).
func (l *Local) ForceUnlock(_ context.Context, id string) error { return ForceUnlock(l.path, id) }

// LockInfo reads the lock info file.
func (l *Local) LockInfo(context.Context) (LockInfo, error) {
	info, err := readInfo(l.path)
	if errors.Is(err, fs.ErrNotExist) {
		return info, fmt.Errorf("state %s: %w (%w)", l.path, ErrNotLocked, err)
	}
	return info, err
}

// planPath is where the plan being applied is kept.
func (l *Local) planPath() string { return l.path + ".plan" }

// SavePlan writes the plan atomically as "<state>.plan".
func (l *Local) SavePlan(_ context.Context, planID string, data []byte) error {
	if err := CheckPlanID(data, planID); err != nil {
		return err
	}
	if err := atomicfile.WriteFile(l.planPath(), data, 0o644); err != nil {
		return fmt.Errorf("saving the plan beside the state: %w", err)
	}
	return nil
}

// LoadPlan reads "<state>.plan" and checks that it is the plan planID.
func (l *Local) LoadPlan(_ context.Context, planID string) ([]byte, error) {
	data, err := os.ReadFile(l.planPath())
	if errors.Is(err, fs.ErrNotExist) {
		return nil, fmt.Errorf("%w at %s", ErrNoPlan, l.planPath())
	}
	if err != nil {
		return nil, fmt.Errorf("reading the plan beside the state: %w", err)
	}
	id, err := PlanIDOf(data)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", l.planPath(), err)
	}
	if id != planID {
		return nil, &PlanMismatchError{Where: l.planPath(), Want: planID, Stored: id}
	}
	return data, nil
}

// PlanIDOf returns the "plan_id" of a plan's bytes, for backends that
// check what they store.
func PlanIDOf(data []byte) (string, error) {
	var head struct {
		PlanID string `json:"plan_id"`
	}
	if err := json.Unmarshal(data, &head); err != nil {
		return "", fmt.Errorf("not a relctl plan: %w", err)
	}
	if head.PlanID == "" {
		return "", errors.New("not a relctl plan: it has no plan_id")
	}
	return head.PlanID, nil
}

// CheckPlanID refuses to store data, a plan's bytes, under another plan's id.
func CheckPlanID(data []byte, planID string) error {
	id, err := PlanIDOf(data)
	if err != nil {
		return fmt.Errorf("saving plan %s: %w", planID, err)
	}
	if id != planID {
		return fmt.Errorf("saving plan %s: the bytes are plan %s", planID, id)
	}
	return nil
}

// generationOf returns st's generation; zero for nil.
func generationOf(st *State) Generation {
	if st == nil {
		return Generation{}
	}
	return Generation{Lineage: st.Lineage, PlanID: st.PlanID}
}

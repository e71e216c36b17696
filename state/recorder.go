package state

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"
)

var _ Recorder = (*Journal)(nil)

// OpenRecorder locks b's workspace for operation ("apply", "rollback"),
// waiting as Locker.Lock does with timeout, and opens its state for
// recording: b's own Recorder when it offers one (RecorderOpener), else
// one that writes each record through b's Writer. The Recorder holds the
// lock until Close releases it; when OpenRecorder fails, the lock is
// released before it returns. A lock error is Lock's, unchanged.
//
// The backend's own secrets (SecretHolder) are registered with the
// Recorder, so that they are never written.
func OpenRecorder(ctx context.Context, b RecorderBackend, operation string, timeout time.Duration) (Recorder, error) {
	lock, err := b.Lock(ctx, operation, timeout)
	if err != nil {
		return nil, err
	}
	r, err := openRecorder(ctx, b, lock)
	if err != nil {
		return nil, errors.Join(err, lock.Unlock())
	}
	if s, ok := b.(SecretHolder); ok {
		r.AddSecrets(s.Secrets()...)
	}
	return r, nil
}

func openRecorder(ctx context.Context, b RecorderBackend, lock HeldLock) (Recorder, error) {
	if o, ok := b.(RecorderOpener); ok {
		return o.OpenRecorder(ctx, lock)
	}
	st, err := b.ReadState(ctx)
	if errors.Is(err, ErrNoState) {
		st, err = nil, nil
	}
	if err != nil {
		return nil, err
	}
	// Records are written even after ctx is cancelled: a record reports
	// what a remote call did, and an interrupted run finishes its calls.
	r := &recorder{ctx: context.WithoutCancel(ctx), w: b, lock: lock, st: st, now: now}
	if bw, ok := b.(BatchWriter); ok {
		return &groupRecorder{recorder: r, bw: bw}, nil
	}
	return r, nil
}

// recorder is a Recorder over a Writer. Records are written one at a
// time, in the order they are applied to the state, so that the stored
// journal replays to exactly the state the recorder holds.
type recorder struct {
	ctx  context.Context
	w    Writer
	lock HeldLock // released by Close
	// writeMu is held while writing (Begin, Record, a group commit's
	// batch, Close), so that records are written in the order they are
	// applied; it is taken before mu, never while holding it. mu guards
	// the fields below and is never held across a write, so that State
	// and Action do not wait for the backend.
	writeMu sync.Mutex
	mu      sync.Mutex
	st      *State // nil until a plan has begun
	secrets secrets
	now     func() time.Time
	closed  bool
	// broken is a failed append: whether it was stored is unknown, so
	// the recorder refuses further records.
	broken error
}

func (r *recorder) State() *State {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.st == nil {
		return &State{FormatVersion: FormatVersion, Actions: map[string]*Action{}}
	}
	return r.st.clone()
}

// Action returns a copy of the stored record of addr.
func (r *recorder) Action(addr string) (Action, bool) {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.st.action(addr)
}

// LockInfo is the info of the lock the recorder holds.
func (r *recorder) LockInfo() LockInfo { return r.lock.Info() }

// Begin does what Journal.Begin does, through BeginPlan.
func (r *recorder) Begin(planID, release string, addresses []string) error {
	r.writeMu.Lock()
	defer r.writeMu.Unlock()
	return r.beginLocked(planID, release, addresses)
}

// beginLocked begins the plan. Caller holds writeMu.
func (r *recorder) beginLocked(planID, release string, addresses []string) error {
	r.mu.Lock()
	if r.closed {
		r.mu.Unlock()
		return errClosed
	}
	if r.st != nil && r.st.PlanID == planID {
		r.mu.Unlock()
		return nil
	}
	h, st, err := nextHeader(r.st, planID, release, addresses, r.now())
	r.mu.Unlock()
	if err != nil {
		return err
	}
	if err := r.w.BeginPlan(r.ctx, h); err != nil {
		return fmt.Errorf("beginning state: %w", err)
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	r.st, r.broken = st, nil
	return nil
}

// Record does what Journal.Record does, through AppendRecord. The record
// is applied to the state once it is stored.
func (r *recorder) Record(rec Action) error {
	r.writeMu.Lock()
	defer r.writeMu.Unlock()
	r.mu.Lock()
	a, rec, line, err := r.prepare(rec)
	var g Generation
	if err == nil {
		g = Generation{Lineage: r.st.Lineage, PlanID: r.st.PlanID}
	}
	r.mu.Unlock()
	if err != nil {
		return err
	}
	err = r.w.AppendRecord(r.ctx, g, line)
	r.mu.Lock()
	defer r.mu.Unlock()
	if err != nil {
		r.broken = err
		return fmt.Errorf("recording %s: %w", rec.Address, err)
	}
	a.Merge(&rec)
	return nil
}

// prepare checks that rec can be recorded, stamps and redacts it and
// returns the action it changes, the record and its framed line. Caller
// holds mu.
func (r *recorder) prepare(rec Action) (*Action, Action, []byte, error) {
	switch {
	case r.closed:
		return nil, rec, nil, errClosed
	case r.broken != nil:
		return nil, rec, nil, fmt.Errorf("recording %s: an earlier record could not be stored: %w", rec.Address, r.broken)
	case r.st == nil:
		return nil, rec, nil, errors.New("recording to state: no plan has begun")
	}
	if r.st.UpgradedFrom != "" {
		return nil, rec, nil, fmt.Errorf("recording %s: the state was written in format version %s by an older relctl: resume it with that relctl, or begin a new plan", rec.Address, r.st.UpgradedFrom)
	}
	a, ok := r.st.Actions[rec.Address]
	if !ok {
		return nil, rec, nil, fmt.Errorf("recording to state: action %q is not in the plan", rec.Address)
	}
	rec, err := prepareRecord(a, rec, r.now(), r.secrets)
	if err != nil {
		return nil, rec, nil, fmt.Errorf("recording %s: %w", rec.Address, err)
	}
	line, err := EncodeAction(rec)
	return a, rec, line, err
}

func (r *recorder) AddSecrets(values ...string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.secrets = r.secrets.add(values)
}

// Close waits for the record being written, ends recording and releases
// the lock; the backend stays open. A second Close does nothing.
func (r *recorder) Close() error {
	r.writeMu.Lock()
	defer r.writeMu.Unlock()
	r.mu.Lock()
	closed := r.closed
	r.closed = true
	r.mu.Unlock()
	if closed {
		return nil
	}
	return r.lock.Unlock()
}

package state

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"
)

var _ Recorder = (*Journal)(nil)

// OpenRecorder opens b's state for recording: b's own Recorder when it
// offers one (RecorderOpener), else one that writes each record through
// b's Writer. Hold the workspace's lock while it is open.
//
// The backend's own secrets (SecretHolder) are registered with the
// Recorder, so that they are never written.
func OpenRecorder(ctx context.Context, b ReadWriter) (Recorder, error) {
	r, err := openRecorder(ctx, b)
	if err != nil {
		return nil, err
	}
	if s, ok := b.(SecretHolder); ok {
		r.AddSecrets(s.Secrets()...)
	}
	return r, nil
}

func openRecorder(ctx context.Context, b ReadWriter) (Recorder, error) {
	if o, ok := b.(RecorderOpener); ok {
		return o.OpenRecorder(ctx)
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
	r := &recorder{ctx: context.WithoutCancel(ctx), w: b, st: st, now: now}
	if bw, ok := b.(BatchWriter); ok {
		return &groupRecorder{recorder: r, bw: bw}, nil
	}
	return r, nil
}

// recorder is a Recorder over a Writer. Records are written one at a
// time, in the order they are applied to the state, so that the stored
// journal replays to exactly the state the recorder holds.
type recorder struct {
	ctx     context.Context
	w       Writer
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

// Begin does what Journal.Begin does, through BeginPlan.
func (r *recorder) Begin(planID, release string, addresses []string) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.closed {
		return errClosed
	}
	if r.st != nil && r.st.PlanID == planID {
		return nil
	}
	h, st, err := nextHeader(r.st, planID, release, addresses, r.now())
	if err != nil {
		return err
	}
	if err := r.w.BeginPlan(r.ctx, h); err != nil {
		return fmt.Errorf("beginning state: %w", err)
	}
	r.st, r.broken = st, nil
	return nil
}

// Record does what Journal.Record does, through AppendRecord.
func (r *recorder) Record(rec Action) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	a, rec, line, err := r.prepare(rec)
	if err != nil {
		return err
	}
	g := Generation{Lineage: r.st.Lineage, PlanID: r.st.PlanID}
	if err := r.w.AppendRecord(r.ctx, g, line); err != nil {
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

// Close ends recording; the backend stays open.
func (r *recorder) Close() error {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.closed = true
	return nil
}

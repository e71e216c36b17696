package state

import (
	"context"
	"errors"
	"fmt"
)

// BatchWriter is the optional ability of a Writer to store several
// records in one write, which OpenRecorder then uses to commit records
// made at the same time together (group commit), as the local journal
// shares one fsync among them. It matters for backends where a write is
// a remote call that must be spaced out (GitHub asks for about a second
// between mutations).
type BatchWriter interface {
	// AppendRecords stores records, in order, as AppendRecord would
	// store each, all durably or none.
	AppendRecords(ctx context.Context, g Generation, records [][]byte) error
}

// groupRecorder is a recorder over a BatchWriter. Record applies its
// record to the state at once and queues it; one caller at a time (the
// one holding writeMu) writes everything queued when its turn comes, and
// every Record returns once a write that included its record succeeded.
// Records are queued in the order they are applied, so the stored journal
// replays to exactly the state the recorder holds. A failed write breaks
// the recorder, as a failed append does: whether it was stored is unknown.
type groupRecorder struct {
	*recorder
	bw BatchWriter
	// Guarded by mu: the records not written yet, and the counts of
	// records queued and written since the recorder opened.
	queue           [][]byte
	queued, written int
	gen             Generation // of the queued records
}

// Begin writes what is queued, then begins as the recorder does.
func (r *groupRecorder) Begin(planID, release string, addresses []string) error {
	r.writeMu.Lock()
	defer r.writeMu.Unlock()
	if err := r.flushLocked(); err != nil {
		return err
	}
	return r.beginLocked(planID, release, addresses)
}

// Close ends recording, so that no record is queued after it, writes
// what is queued (a failure already reported is not reported again),
// then releases the lock, even when the write fails. A second Close does
// nothing.
func (r *groupRecorder) Close() error {
	r.writeMu.Lock()
	defer r.writeMu.Unlock()
	r.mu.Lock()
	closed, queued := r.closed, len(r.queue) > 0 && r.broken == nil
	r.closed = true
	r.mu.Unlock()
	if closed {
		return nil
	}
	var ferr error
	if queued {
		ferr = r.flushLocked()
	}
	return errors.Join(ferr, r.lock.Unlock())
}

// Record does what Journal.Record does; records made while a write is
// under way are written together by the next one.
func (r *groupRecorder) Record(rec Action) error {
	r.mu.Lock()
	a, rec, line, err := r.prepare(rec)
	if err != nil {
		r.mu.Unlock()
		return err
	}
	a.Merge(&rec)
	r.queue = append(r.queue, line)
	r.gen = Generation{Lineage: r.st.Lineage, PlanID: r.st.PlanID}
	r.queued++
	seq := r.queued
	r.mu.Unlock()

	r.writeMu.Lock()
	defer r.writeMu.Unlock()
	r.mu.Lock()
	done, broken := r.written >= seq, r.broken
	r.mu.Unlock()
	switch {
	case done:
		return nil
	case broken != nil:
		return fmt.Errorf("recording %s: %w", rec.Address, broken)
	}
	if err := r.flushLocked(); err != nil {
		return fmt.Errorf("recording %s: %w", rec.Address, err)
	}
	return nil
}

// flushLocked writes every queued record in one batch. Caller holds
// writeMu.
func (r *groupRecorder) flushLocked() error {
	r.mu.Lock()
	if r.broken != nil || len(r.queue) == 0 {
		err := r.broken
		r.mu.Unlock()
		return err
	}
	batch, g, target := r.queue, r.gen, r.queued
	r.queue = nil
	r.mu.Unlock()
	err := r.bw.AppendRecords(r.ctx, g, batch)
	r.mu.Lock()
	defer r.mu.Unlock()
	if err != nil {
		r.broken = fmt.Errorf("%d record(s) could not be stored: %w", len(batch), err)
		return r.broken
	}
	r.written = target
	return nil
}

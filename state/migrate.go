package state

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"time"
)

// Migrate locks src, then dst, for "migrate" (each waiting as
// Locker.Lock does with timeout), copies the state of src, and the plan
// it belongs to when src holds it, into dst, and releases both locks. A
// dst that already holds src's lineage and plan is left as it is (a
// migration done before, maybe applied further since); any other state
// in dst is refused. The copy keeps the lineage, the plan and every
// action's value; it is written as a compacted journal (the header, then
// one record per action that is not pending) and read back to check that
// it replays to the same state. A lock error is Lock's, unchanged.
func Migrate(ctx context.Context, src, dst Backend, timeout time.Duration) (err error) {
	for _, b := range []Backend{src, dst} {
		l, lerr := b.Lock(ctx, "migrate", timeout)
		if lerr != nil {
			return lerr
		}
		defer func() { err = errors.Join(err, l.Unlock()) }()
	}
	have, err := dst.ReadState(ctx)
	if err == nil {
		if st, serr := src.ReadState(ctx); serr == nil && st.Lineage == have.Lineage && st.PlanID == have.PlanID {
			return nil
		}
	} else if !errors.Is(err, ErrNoState) {
		return err
	}
	return migrate(ctx, src, dst)
}

// migrate copies src into dst, which must hold no state; the caller
// holds both locks.
func migrate(ctx context.Context, src, dst Backend) error {
	st, err := src.ReadState(ctx)
	if err != nil {
		return fmt.Errorf("migrating the state of %s: %w", src, err)
	}
	if have, err := dst.ReadState(ctx); err == nil {
		return fmt.Errorf("migrating the state of %s: %s already holds a state (lineage %s, plan %s): refusing to replace it", src, dst, have.Lineage, have.PlanID)
	} else if !errors.Is(err, ErrNoState) {
		return fmt.Errorf("migrating the state to %s: %w", dst, err)
	}
	plan, err := src.LoadPlan(ctx, st.PlanID)
	if err != nil && !errors.Is(err, ErrNoPlan) {
		return fmt.Errorf("migrating the plan of %s: %w", src, err)
	}
	if plan != nil {
		if err := dst.SavePlan(ctx, st.PlanID, plan); err != nil {
			return fmt.Errorf("migrating the plan to %s: %w", dst, err)
		}
	}
	h, records, err := compact(st)
	if err != nil {
		return err
	}
	if err := dst.BeginPlan(ctx, h); err != nil {
		return fmt.Errorf("migrating the state to %s: %w", dst, err)
	}
	for _, rec := range records {
		if err := dst.AppendRecord(ctx, h.Generation(), rec); err != nil {
			return fmt.Errorf("migrating the state to %s: %w", dst, err)
		}
	}
	return checkCopy(ctx, st, dst)
}

// compact returns the header and the records that replay to st: one
// record per action that is not pending, holding all its fields (a
// record applied to a pending action sets every field it carries).
func compact(st *State) (Header, [][]byte, error) {
	h := Header{FormatVersion: FormatVersion, Lineage: st.Lineage, PlanID: st.PlanID,
		Release: st.Release, Created: st.Created, StartedBy: st.StartedBy, Addresses: st.Order}
	var records [][]byte
	for _, addr := range st.Order {
		rec, err := EncodeAction(*st.Actions[addr])
		if err != nil {
			return h, nil, err
		}
		if pristine, _ := EncodeAction(Action{Address: addr, Status: Pending}); !bytes.Equal(rec, pristine) {
			records = append(records, rec)
		}
	}
	return h, records, nil
}

// checkCopy reads dst back and compares it with st, record by record.
func checkCopy(ctx context.Context, st *State, dst Backend) error {
	got, err := dst.ReadState(ctx)
	if err != nil {
		return fmt.Errorf("reading the migrated state back from %s: %w", dst, err)
	}
	wh, want, _ := compact(st)
	gh, have, _ := compact(got)
	wl, _ := EncodeHeader(wh)
	gl, _ := EncodeHeader(gh)
	if !bytes.Equal(wl, gl) || len(want) != len(have) {
		return fmt.Errorf("the state migrated to %s does not read back as it was written", dst)
	}
	for i := range want {
		if !bytes.Equal(want[i], have[i]) {
			return fmt.Errorf("the state migrated to %s does not read back as it was written (record %d)", dst, i+2)
		}
	}
	return nil
}

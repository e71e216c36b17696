package statetest

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/relctl/relctl/state"
)

var t0 = time.Date(2024, 5, 1, 10, 0, 0, 0, time.UTC)

// began returns a backend holding plan P1 of lineage L1 with a running,
// and the state it holds.
func began(t *testing.T, h Harness) (state.Backend, state.Generation, *state.State) {
	b := h.New(t)
	begin(t, b, "L1", "P1")
	g := state.Generation{Lineage: "L1", PlanID: "P1"}
	appendRecord(t, b, g, state.Action{Address: "a", Status: state.Running, Attempts: 1})
	return b, g, read(t, b)
}

// testCrash: a write that never completed is not visible, and the next
// append goes on from the records before it.
func testCrash(t *testing.T, h Harness) {
	b, g, before := began(t, h)
	h.Crash(t, b, record(t, state.Action{Address: "a", Status: state.Done, Outputs: []byte(`{"sha":"half"}`)}))
	wantState(t, b, before)
	wantState(t, h.Reopen(t, b), before)
	appendRecord(t, b, g, state.Action{Address: "b", Status: state.Running, Attempts: 1})
	want := read(t, b)
	if got := want.Actions["a"]; got.Status != state.Running || len(got.Outputs) != 0 {
		t.Errorf("after the crash a is %s %s, want running without outputs", got.Status, got.Outputs)
	}
	if got := want.Actions["b"].Status; got != state.Running {
		t.Errorf("the append after the crash: b is %s, want running", got)
	}
}

// testCancelledAppend: an append whose context ends while it runs is
// stored whole or not at all.
func testCancelledAppend(t *testing.T, h Harness) {
	b, g, before := began(t, h)
	for i, d := range []time.Duration{0, time.Microsecond, 100 * time.Microsecond, time.Millisecond} {
		c, cancel := context.WithTimeout(ctx, d)
		rec := state.Action{Address: "c", Status: state.Running, Attempts: i + 1}
		err := b.AppendRecord(c, g, record(t, rec))
		cancel()
		got := read(t, b)
		switch a := got.Actions["c"]; {
		case err == nil && a.Attempts != i+1:
			t.Errorf("append %d returned nil but c has attempt %d", i+1, a.Attempts)
		case a.Attempts != i+1 && a.Attempts != before.Actions["c"].Attempts:
			t.Errorf("append %d: c has attempt %d, want %d or the earlier %d", i+1, a.Attempts, i+1, before.Actions["c"].Attempts)
		}
		before = got
	}
	appendRecord(t, b, g, state.Action{Address: "c", Status: state.Done})
	if got := read(t, b).Actions["c"].Status; got != state.Done {
		t.Errorf("after cancelled appends c is %s, want done", got)
	}
}

// testTornOrForeign: a bad last record is ignored and replaced by the
// next append; a bad record followed by others is a *CorruptError.
func testTornOrForeign(t *testing.T, h Harness) {
	torn := func(line []byte) []byte { // flips the checksum's first digit
		bad := append([]byte{}, line...)
		bad[0] = "01"[boolInt(bad[0] == '0')]
		return bad
	}
	done := record(t, state.Action{Address: "a", Status: state.Done})
	tests := map[string]struct {
		raw     [][]byte
		corrupt int // the record a *CorruptError names; 0 when the last is ignored
	}{
		"bad checksum last":      {raw: [][]byte{torn(done)}},
		"no newline last":        {raw: [][]byte{done[:len(done)-1]}},
		"garbage last":           {raw: [][]byte{[]byte("not a record\n")}},
		"bad checksum then more": {raw: [][]byte{torn(done), done}, corrupt: 3},
		"foreign action":         {raw: [][]byte{record(t, state.Action{Address: "zzz", Status: state.Done})}, corrupt: 3},
		"second header":          {raw: [][]byte{mustHeader(t, header("L9", "P9"))}, corrupt: 3},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			b, g, before := began(t, h)
			for _, raw := range tc.raw {
				h.AppendRaw(t, b, raw)
			}
			_, err := b.ReadState(ctx)
			if tc.corrupt > 0 {
				var ce *state.CorruptError
				if !errors.As(err, &ce) || ce.Record != tc.corrupt {
					t.Fatalf("ReadState: got %v, want a *CorruptError at record %d", err, tc.corrupt)
				}
				return
			}
			wantState(t, b, before)
			appendRecord(t, b, g, state.Action{Address: "b", Status: state.Running, Attempts: 1})
			before.Actions["b"].Status, before.Actions["b"].Attempts = state.Running, 1
			wantState(t, h.Reopen(t, b), before)
		})
	}
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}

func mustHeader(t *testing.T, hd state.Header) []byte {
	line, err := state.EncodeHeader(hd)
	if err != nil {
		t.Fatal(err)
	}
	return line
}

func lock(t *testing.T, b state.Backend, op string) state.HeldLock {
	t.Helper()
	l, err := b.Lock(ctx, op, 0)
	if err != nil {
		t.Fatalf("Lock %s: %v", op, err)
	}
	return l
}

// wantLockError checks that err is a *LockError naming holder.
func wantLockError(t *testing.T, err error, holder state.LockInfo) *state.LockError {
	t.Helper()
	var le *state.LockError
	if !errors.As(err, &le) || !errors.Is(err, state.ErrLocked) {
		t.Fatalf("got %v, want a *LockError", err)
	}
	if le.Info.ID != holder.ID || le.Info.Operation != holder.Operation || le.Info.Who != holder.Who {
		t.Errorf("lock error names %+v, want the holder %+v", le.Info, holder)
	}
	if !strings.Contains(le.Error(), holder.ID) {
		t.Errorf("lock error %q does not name the lock ID %s", le.Error(), holder.ID)
	}
	return le
}

func testTwoWriters(t *testing.T, h Harness) {
	b1 := h.New(t)
	b2 := h.Reopen(t, b1)
	if _, err := b2.LockInfo(ctx); !errors.Is(err, state.ErrNotLocked) {
		t.Fatalf("LockInfo before any lock: got %v, want ErrNotLocked", err)
	}
	held := lock(t, b1, "apply")
	info := held.Info()
	if info.ID == "" || info.Operation != "apply" || !strings.Contains(info.Who, "@") || info.Created.IsZero() {
		t.Errorf("lock info %+v: want an ID, the operation, who@host and the time", info)
	}
	if got, err := b2.LockInfo(ctx); err != nil || got.ID != info.ID {
		t.Errorf("LockInfo from another runner: %+v, %v; want lock %s", got, err, info.ID)
	}
	_, err := b2.Lock(ctx, "rollback", 0)
	wantLockError(t, err, info)
	start := time.Now()
	_, err = b2.Lock(ctx, "rollback", 300*time.Millisecond)
	if le := wantLockError(t, err, info); le.Waited != 300*time.Millisecond || time.Since(start) < 300*time.Millisecond {
		t.Errorf("waited %s (reported %s), want 300ms", time.Since(start), le.Waited)
	}
	if err := b2.ForceUnlock(ctx, info.ID); err == nil {
		t.Error("ForceUnlock released a lock whose holder is running")
	}
	c, cancel := context.WithCancel(ctx)
	go func() { time.Sleep(100 * time.Millisecond); cancel() }()
	if _, err := b2.Lock(c, "rollback", time.Minute); !errors.Is(err, context.Canceled) {
		t.Errorf("Lock with a cancelled context: got %v", err)
	}
	if err := held.Unlock(); err != nil {
		t.Fatal(err)
	}
	if _, err := b2.LockInfo(ctx); !errors.Is(err, state.ErrNotLocked) {
		t.Errorf("LockInfo after Unlock: got %v, want ErrNotLocked", err)
	}
	second := lock(t, b2, "rollback")
	defer second.Unlock()
	_, err = b1.Lock(ctx, "apply", 0)
	wantLockError(t, err, second.Info())
}

func testStaleLock(t *testing.T, h Harness) {
	b1 := h.New(t)
	b2 := h.Reopen(t, b1)
	dead := lock(t, b1, "apply")
	h.Abandon(t, dead)
	info, err := b2.LockInfo(ctx)
	if err != nil || info.ID != dead.Info().ID {
		t.Fatalf("LockInfo after the holder died: %+v, %v; want lock %s", info, err, dead.Info().ID)
	}
	err = b2.ForceUnlock(ctx, "not-the-id")
	if err == nil || !strings.Contains(err.Error(), info.ID) {
		t.Errorf("ForceUnlock with a wrong ID: got %v, want an error naming %s", err, info.ID)
	}
	if err := b2.ForceUnlock(ctx, info.ID); err != nil {
		t.Fatalf("ForceUnlock of a dead holder's lock: %v", err)
	}
	if err := b2.ForceUnlock(ctx, info.ID); !errors.Is(err, state.ErrNotLocked) {
		t.Errorf("ForceUnlock again: got %v, want ErrNotLocked", err)
	}
	next := lock(t, b2, "rollback")
	if next.Info().ID == info.ID {
		t.Error("the new lock kept the dead holder's ID")
	}
	if !h.TakesOverStaleLocks {
		next.Unlock()
		return
	}
	h.Abandon(t, next)
	taken := lock(t, b1, "apply")
	defer taken.Unlock()
	if got, err := b2.LockInfo(ctx); err != nil || got.ID != taken.Info().ID {
		t.Errorf("LockInfo after taking over a stale lock: %+v, %v; want %s", got, err, taken.Info().ID)
	}
}

func testLineageMismatch(t *testing.T, h Harness) {
	b, g, before := began(t, h)
	other := h.Reopen(t, b)
	var le *state.LineageError
	if err := other.BeginPlan(ctx, header("L2", "P9")); !errors.As(err, &le) || !errors.Is(err, state.ErrLineage) {
		t.Fatalf("BeginPlan of another lineage: got %v, want a *LineageError", err)
	}
	if le.Stored.Lineage != "L1" || le.Want.Lineage != "L2" {
		t.Errorf("lineage error %+v: want stored L1, wanted L2", le)
	}
	wantState(t, b, before)
	rec := record(t, state.Action{Address: "b", Status: state.Running, Attempts: 1})
	for _, wrong := range []state.Generation{{Lineage: "L2", PlanID: "P1"}, {Lineage: "L1", PlanID: "P0"}} {
		if err := other.AppendRecord(ctx, wrong, rec); !errors.As(err, &le) {
			t.Errorf("AppendRecord to %+v: got %v, want a *LineageError", wrong, err)
		}
	}
	wantState(t, b, before)
	begin(t, other, "L1", "P2")
	if err := b.AppendRecord(ctx, g, rec); !errors.As(err, &le) || le.Stored.PlanID != "P2" {
		t.Errorf("AppendRecord to the plan replaced by another run: got %v, want a *LineageError naming P2", err)
	}
	wantState(t, b, pending("L1", "P2"))
	fresh := h.New(t)
	if err := fresh.AppendRecord(ctx, g, rec); !errors.As(err, &le) {
		t.Errorf("AppendRecord without a state: got %v, want a *LineageError", err)
	}
}

func testPlanStore(t *testing.T, h Harness) {
	b := h.New(t)
	plan := func(id string) []byte {
		return []byte(`{"format_version":"1","plan_id":"` + id + `","release":"APIM 3.4.7"}` + "\n")
	}
	if _, err := b.LoadPlan(ctx, "P1"); !errors.Is(err, state.ErrNoPlan) {
		t.Fatalf("LoadPlan before any save: got %v, want ErrNoPlan", err)
	}
	if err := b.SavePlan(ctx, "P1", plan("P2")); err == nil {
		t.Error("SavePlan stored plan P2 as P1")
	}
	if err := b.SavePlan(ctx, "P1", plan("P1")); err != nil {
		t.Fatal(err)
	}
	for _, r := range []state.Backend{b, h.Reopen(t, b)} {
		got, err := r.LoadPlan(ctx, "P1")
		if err != nil || string(got) != string(plan("P1")) {
			t.Errorf("LoadPlan P1 from %s: %q, %v; want what was saved", r, got, err)
		}
	}
	if err := b.SavePlan(ctx, "P2", plan("P2")); err != nil {
		t.Fatal(err)
	}
	var pm *state.PlanMismatchError
	if _, err := h.Reopen(t, b).LoadPlan(ctx, "P1"); !errors.As(err, &pm) || pm.Stored != "P2" || pm.Want != "P1" {
		t.Errorf("LoadPlan of a replaced plan: got %v, want a *PlanMismatchError naming P2", err)
	}
}

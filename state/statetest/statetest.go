package statetest

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/relctl/relctl/state"
)

// Harness says how to make a backend and how to damage it.
type Harness struct {
	// New returns a backend on new, empty storage.
	New func(t *testing.T) state.Backend
	// Reopen returns a second backend on the storage of b, as another
	// runner would open it.
	Reopen func(t *testing.T, b state.Backend) state.Backend
	// AppendRaw stores raw after the current generation's records,
	// bypassing every check, as a foreign writer could.
	AppendRaw func(t *testing.T, b state.Backend, raw []byte)
	// Crash starts to append record and stops part way, leaving the
	// storage as a process killed during the write leaves it.
	Crash func(t *testing.T, b state.Backend, record []byte)
	// Abandon gives up l the way a holder that dies does: without
	// unlocking or removing its lock info.
	Abandon func(t *testing.T, l state.HeldLock)
	// TakesOverStaleLocks is true when Lock succeeds at once on a lock
	// whose holder died; otherwise only ForceUnlock releases it.
	TakesOverStaleLocks bool
}

// TestBackend runs the conformance suite against the harness.
func TestBackend(t *testing.T, h Harness) {
	tests := map[string]func(*testing.T, Harness){
		"round trip":              testRoundTrip,
		"recorder":                testRecorder,
		"recorder holds the lock": testRecorderHoldsTheLock,
		"concurrent records":      testConcurrentRecords,
		"crash during an append":  testCrash,
		"cancelled append":        testCancelledAppend,
		"torn or foreign record":  testTornOrForeign,
		"two writers":             testTwoWriters,
		"stale lock":              testStaleLock,
		"lineage mismatch":        testLineageMismatch,
		"plan store":              testPlanStore,
		"migrate":                 func(t *testing.T, h Harness) { TestMigrate(t, h.New(t), h.New(t)) },
	}
	for name, test := range tests {
		t.Run(name, func(t *testing.T) { test(t, h) })
	}
}

var ctx = context.Background()

// header returns the header of plan id in lineage, actions a, b and c.
func header(lineage, id string) state.Header {
	return state.Header{FormatVersion: state.FormatVersion, Lineage: lineage, PlanID: id,
		Release: "APIM 3.4.7", Created: t0, Addresses: []string{"a", "b", "c"}}
}

// record frames one action record.
func record(t *testing.T, a state.Action) []byte {
	t.Helper()
	line, err := state.EncodeAction(a)
	if err != nil {
		t.Fatal(err)
	}
	return line
}

// begin begins plan id in lineage through the Writer.
func begin(t *testing.T, b state.Backend, lineage, id string) {
	t.Helper()
	if err := b.BeginPlan(ctx, header(lineage, id)); err != nil {
		t.Fatalf("BeginPlan: %v", err)
	}
}

func appendRecord(t *testing.T, b state.Backend, g state.Generation, a state.Action) {
	t.Helper()
	if err := b.AppendRecord(ctx, g, record(t, a)); err != nil {
		t.Fatalf("AppendRecord %s %s: %v", a.Address, a.Status, err)
	}
}

// read reads the state and fails the test on any error.
func read(t *testing.T, b state.Backend) *state.State {
	t.Helper()
	st, err := b.ReadState(ctx)
	if err != nil {
		t.Fatalf("ReadState: %v", err)
	}
	return st
}

// wantState compares the state b holds with want.
func wantState(t *testing.T, b state.Backend, want *state.State) {
	t.Helper()
	if diff := cmp.Diff(want, read(t, b)); diff != "" {
		t.Errorf("state of %s (-want +got):\n%s", b, diff)
	}
}

func testRoundTrip(t *testing.T, h Harness) {
	b := h.New(t)
	if _, err := b.ReadState(ctx); !errors.Is(err, state.ErrNoState) {
		t.Fatalf("ReadState of new storage: got %v, want ErrNoState", err)
	}
	begin(t, b, "L1", "P1")
	g := state.Generation{Lineage: "L1", PlanID: "P1"}
	appendRecord(t, b, g, state.Action{Address: "a", Status: state.Running, Attempts: 1, StartedAt: t0})
	appendRecord(t, b, g, state.Action{Address: "a", Status: state.Done, FinishedAt: t0,
		Outputs: []byte(`{"sha":"abc"}`), UndoData: []byte(`{"ref":"refs/tags/v1"}`)})
	appendRecord(t, b, g, state.Action{Address: "b", Status: state.Failed, Error: "boom", Note: "n"})
	want := pending("L1", "P1")
	want.Actions["a"] = &state.Action{Address: "a", Status: state.Done, StartedAt: t0, FinishedAt: t0, Attempts: 1,
		Outputs: []byte(`{"sha":"abc"}`), UndoData: []byte(`{"ref":"refs/tags/v1"}`)}
	want.Actions["b"] = &state.Action{Address: "b", Status: state.Failed, Error: "boom", Note: "n"}
	wantState(t, b, want)
	wantState(t, h.Reopen(t, b), want)

	begin(t, b, "L1", "P2")
	wantState(t, b, pending("L1", "P2"))
}

// pending is the state of header(lineage, id) before any record.
func pending(lineage, id string) *state.State {
	h := header(lineage, id)
	st := &state.State{FormatVersion: h.FormatVersion, Lineage: lineage, PlanID: id, Release: h.Release,
		Created: h.Created, Order: h.Addresses, Actions: map[string]*state.Action{}}
	for _, a := range h.Addresses {
		st.Actions[a] = &state.Action{Address: a, Status: state.Pending}
	}
	return st
}

func openRecorder(t *testing.T, b state.Backend) state.Recorder {
	t.Helper()
	r, err := state.OpenRecorder(ctx, b, "apply", 0)
	if err != nil {
		t.Fatalf("OpenRecorder: %v", err)
	}
	t.Cleanup(func() { r.Close() })
	return r
}

// testRecorder applies, resumes and begins a new plan through the
// Recorder relctl writes with, and checks that the storage replays to
// the recorder's state every time.
func testRecorder(t *testing.T, h Harness) {
	b := h.New(t)
	r := openRecorder(t, b)
	if err := r.Begin("P1", "R", []string{"a", "b"}); err != nil {
		t.Fatal(err)
	}
	r.AddSecrets("hunter2-secret")
	for _, rec := range []state.Action{
		{Address: "a", Status: state.Running},
		{Address: "a", Status: state.Done, Outputs: []byte(`{"pr":12,"token":"hunter2-secret"}`)},
		{Address: "b", Status: state.Running},
		{Address: "b", Status: state.Failed, Error: "push refused with hunter2-secret"},
	} {
		if err := r.Record(rec); err != nil {
			t.Fatal(err)
		}
	}
	first := r.State()
	if got := first.Actions["b"].Error; got != "push refused with "+state.Redacted {
		t.Errorf("recorded error %q: the secret was not redacted", got)
	}
	for _, addr := range []string{"a", "b"} {
		got, ok := r.Action(addr)
		if diff := cmp.Diff(*first.Actions[addr], got); !ok || diff != "" {
			t.Errorf("Action(%s) = %v (-state +action):\n%s", addr, ok, diff)
		}
	}
	if got, ok := r.Action("zzz"); ok {
		t.Errorf("Action of an address not in the plan: %+v, true", got)
	}
	wantState(t, h.Reopen(t, b), first)
	r.Close()

	r = openRecorder(t, h.Reopen(t, b))
	if diff := cmp.Diff(first, r.State()); diff != "" {
		t.Fatalf("reopened recorder (-want +got):\n%s", diff)
	}
	if err := r.Begin("P1", "R", []string{"a", "b"}); err != nil {
		t.Fatal(err)
	}
	if err := r.Record(state.Action{Address: "b", Status: state.Running}); err != nil {
		t.Fatal(err)
	}
	if got := r.State().Actions["b"].Attempts; got != 2 {
		t.Errorf("resumed attempt %d, want 2", got)
	}
	wantState(t, b, r.State())
	if err := r.Begin("P2", "R2", []string{"c"}); err != nil {
		t.Fatal(err)
	}
	got := read(t, b)
	if got.Lineage != first.Lineage || got.PlanID != "P2" || len(got.Order) != 1 {
		t.Errorf("new plan: lineage %s plan %s %v, want lineage %s kept, plan P2 [c]", got.Lineage, got.PlanID, got.Order, first.Lineage)
	}
	if err := r.Record(state.Action{Address: "a", Status: state.Running}); err == nil {
		t.Error("recording an action of the previous plan succeeded")
	}
}

// testRecorderHoldsTheLock: a Recorder holds the workspace's lock from
// OpenRecorder to Close, and writes nothing after it released it.
func testRecorderHoldsTheLock(t *testing.T, h Harness) {
	b := h.New(t)
	other := h.Reopen(t, b)
	r := openRecorder(t, b)
	info := r.LockInfo()
	if info.ID == "" || info.Operation != "apply" {
		t.Fatalf("recorder's lock info %+v: want an ID and the operation apply", info)
	}
	if got, err := other.LockInfo(ctx); err != nil || got.ID != info.ID {
		t.Errorf("LockInfo from another runner while a recorder is open: %+v, %v; want lock %s", got, err, info.ID)
	}
	_, err := other.Lock(ctx, "rollback", 0)
	wantLockError(t, err, info)
	_, err = state.OpenRecorder(ctx, other, "rollback", 0)
	wantLockError(t, err, info)
	if err := r.Begin("P1", "R", []string{"a"}); err != nil {
		t.Fatal(err)
	}
	if err := r.Close(); err != nil {
		t.Fatalf("Close: %v", err)
	}
	if err := r.Close(); err != nil {
		t.Errorf("a second Close: %v", err)
	}
	if _, err := other.LockInfo(ctx); !errors.Is(err, state.ErrNotLocked) {
		t.Errorf("LockInfo after the recorder closed: got %v, want ErrNotLocked", err)
	}
	if err := r.Record(state.Action{Address: "a", Status: state.Running}); err == nil {
		t.Error("a closed recorder recorded")
	}
	if got := read(t, b).Actions["a"].Status; got != state.Pending {
		t.Errorf("after Close a is %s, want pending", got)
	}
	next := openRecorder(t, other)
	if next.LockInfo().ID == info.ID {
		t.Error("the next recorder kept the closed one's lock ID")
	}
}

func testConcurrentRecords(t *testing.T, h Harness) {
	b := h.New(t)
	r := openRecorder(t, b)
	addrs := make([]string, 8)
	for i := range addrs {
		addrs[i] = fmt.Sprintf("act.%d", i)
	}
	if err := r.Begin("P1", "R", addrs); err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	for _, addr := range addrs {
		wg.Go(func() {
			for _, s := range []state.Status{state.Running, state.Done} {
				if err := r.Record(state.Action{Address: addr, Status: s}); err != nil {
					t.Error(err)
				}
			}
		})
	}
	wg.Wait()
	if !r.State().Complete() {
		t.Errorf("state not complete: %v", r.State().Counts())
	}
	wantState(t, h.Reopen(t, b), r.State())
}

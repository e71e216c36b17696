package state

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

// batchingFile is a BatchWriter over a local state file that counts its
// batches and can hold the first one back, so that records pile up.
type batchingFile struct {
	l        *Local
	mu       sync.Mutex
	batches  []int // size of each batch written
	unlocked int   // batches written while the state was not locked
	hold     chan struct{}
	fail     error
}

func (b *batchingFile) ReadState(ctx context.Context) (*State, error) { return b.l.ReadState(ctx) }
func (b *batchingFile) BeginPlan(ctx context.Context, h Header) error { return b.l.BeginPlan(ctx, h) }
func (b *batchingFile) AppendRecord(ctx context.Context, g Generation, rec []byte) error {
	return b.AppendRecords(ctx, g, [][]byte{rec})
}

func (b *batchingFile) AppendRecords(ctx context.Context, g Generation, records [][]byte) error {
	b.mu.Lock()
	first, fail := len(b.batches) == 0, b.fail
	b.batches = append(b.batches, len(records))
	b.mu.Unlock()
	if first && b.hold != nil {
		<-b.hold
	}
	if fail != nil {
		return fail
	}
	if _, err := b.l.LockInfo(ctx); err != nil {
		b.mu.Lock()
		b.unlocked++
		b.mu.Unlock()
	}
	for _, rec := range records {
		if err := b.l.AppendRecord(ctx, g, rec); err != nil {
			return err
		}
	}
	return nil
}

func (b *batchingFile) Lock(ctx context.Context, op string, timeout time.Duration) (HeldLock, error) {
	return b.l.Lock(ctx, op, timeout)
}
func (b *batchingFile) ForceUnlock(ctx context.Context, id string) error {
	return b.l.ForceUnlock(ctx, id)
}
func (b *batchingFile) LockInfo(ctx context.Context) (LockInfo, error) { return b.l.LockInfo(ctx) }

func (b *batchingFile) sizes() []int {
	b.mu.Lock()
	defer b.mu.Unlock()
	return append([]int(nil), b.batches...)
}

// TestGroupCommit: records made while a write is under way are written
// together by the next one, each Record returns once its record is
// stored, and the stored journal replays to the recorder's state.
func TestGroupCommit(t *testing.T) {
	t.Parallel()
	const n = 12
	w := &batchingFile{l: NewLocal(filepath.Join(t.TempDir(), "relctl.state")), hold: make(chan struct{})}
	r, err := OpenRecorder(context.Background(), w, "apply", 0)
	if err != nil {
		t.Fatal(err)
	}
	addrs := make([]string, n)
	for i := range addrs {
		addrs[i] = fmt.Sprintf("stage.s.exec.a%02d", i)
	}
	if err := r.Begin("P1", "Demo", addrs); err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	stored := make(chan string, n)
	record := func(addr string) {
		defer wg.Done()
		if err := r.Record(Action{Address: addr, Status: Running}); err != nil {
			t.Error(err)
			return
		}
		st, _ := w.l.ReadState(context.Background())
		if st.Actions[addr].Status != Running {
			t.Errorf("Record of %s returned before its record was stored", addr)
		}
		stored <- addr
	}
	wg.Add(1)
	go record(addrs[0])
	waitUntil(t, func() bool { return len(w.sizes()) == 1 })
	for _, a := range addrs[1:] {
		wg.Add(1)
		go record(a)
	}
	waitUntil(t, func() bool { return r.State().Counts()[Running] == n })
	if len(stored) != 0 {
		t.Fatalf("%d records returned while the first write was held", len(stored))
	}
	close(w.hold)
	wg.Wait()
	if diff := cmp.Diff([]int{1, n - 1}, w.sizes()); diff != "" {
		t.Errorf("batch sizes (-want +got):\n%s", diff)
	}
	st, err := w.l.ReadState(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(r.State(), st); diff != "" {
		t.Errorf("stored state (-recorder +stored):\n%s", diff)
	}
}

// TestGroupCommitFailure: a failed batch fails every Record in it and
// every later one, as a failed append does.
func TestGroupCommitFailure(t *testing.T) {
	t.Parallel()
	boom := errors.New("boom")
	w := &batchingFile{l: NewLocal(filepath.Join(t.TempDir(), "relctl.state")), fail: boom}
	r, err := OpenRecorder(context.Background(), w, "apply", 0)
	if err != nil {
		t.Fatal(err)
	}
	if err := r.Begin("P1", "Demo", []string{"a", "b"}); err != nil {
		t.Fatal(err)
	}
	if err := r.Record(Action{Address: "a", Status: Running}); !errors.Is(err, boom) {
		t.Fatalf("Record: got %v, want the write's error", err)
	}
	if err := r.Record(Action{Address: "b", Status: Running}); err == nil {
		t.Error("a Record after a failed write succeeded")
	}
	if got := len(w.sizes()); got != 1 {
		t.Errorf("%d writes, want none after the failure", got-1)
	}
}

// TestCloseWritesWhatIsQueued: a record queued behind a write under way
// when Close is called is written before Close releases the lock, and
// nothing is written after.
func TestCloseWritesWhatIsQueued(t *testing.T) {
	t.Parallel()
	w := &batchingFile{l: NewLocal(filepath.Join(t.TempDir(), "relctl.state")), hold: make(chan struct{})}
	r, err := OpenRecorder(context.Background(), w, "apply", 0)
	if err != nil {
		t.Fatal(err)
	}
	if err := r.Begin("P1", "Demo", []string{"a", "b", "c"}); err != nil {
		t.Fatal(err)
	}
	errs := make(chan error, 2)
	go func() { errs <- r.Record(Action{Address: "a", Status: Running}) }()
	waitUntil(t, func() bool { return len(w.sizes()) == 1 })
	go func() { errs <- r.Record(Action{Address: "b", Status: Running}) }()
	waitUntil(t, func() bool { b, _ := r.Action("b"); return b.Status == Running })
	closed := make(chan error, 1)
	go func() { closed <- r.Close() }()
	close(w.hold)
	if err := <-closed; err != nil {
		t.Fatalf("Close: %v", err)
	}
	for range 2 {
		if err := <-errs; err != nil {
			t.Errorf("Record: %v", err)
		}
	}
	if err := r.Record(Action{Address: "c", Status: Running}); err == nil {
		t.Error("a Record after Close succeeded")
	}
	st, err := w.l.ReadState(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if st.Actions["a"].Status != Running || st.Actions["b"].Status != Running || st.Actions["c"].Status != Pending {
		t.Errorf("stored state %v, want a and b running, c pending", st.Counts())
	}
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.unlocked != 0 || len(w.batches) != 2 {
		t.Errorf("batches %v, %d of them written without the lock; want 2, all under the lock", w.batches, w.unlocked)
	}
	if _, err := w.l.LockInfo(context.Background()); !errors.Is(err, ErrNotLocked) {
		t.Errorf("LockInfo after Close: got %v, want ErrNotLocked", err)
	}
}

func waitUntil(t *testing.T, cond func() bool) {
	t.Helper()
	for deadline := time.Now().Add(5 * time.Second); !cond(); time.Sleep(time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatal("timed out")
		}
	}
}

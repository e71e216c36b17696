package state

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"sync/atomic"
	"testing"
	"time"
)

// heldFile is a Writer (no BatchWriter) over a local state file whose
// first append waits until hold is closed.
type heldFile struct {
	l       *Local
	hold    chan struct{}
	started chan struct{} // closed when the first append begins
	appends atomic.Int32
}

func (b *heldFile) ReadState(ctx context.Context) (*State, error) { return b.l.ReadState(ctx) }
func (b *heldFile) BeginPlan(ctx context.Context, h Header) error { return b.l.BeginPlan(ctx, h) }
func (b *heldFile) AppendRecord(ctx context.Context, g Generation, rec []byte) error {
	if b.appends.Add(1) == 1 {
		close(b.started)
		<-b.hold
	}
	return b.l.AppendRecord(ctx, g, rec)
}
func (b *heldFile) Lock(ctx context.Context, op string, timeout time.Duration) (HeldLock, error) {
	return b.l.Lock(ctx, op, timeout)
}
func (b *heldFile) ForceUnlock(ctx context.Context, id string) error { return b.l.ForceUnlock(ctx, id) }
func (b *heldFile) LockInfo(ctx context.Context) (LockInfo, error)   { return b.l.LockInfo(ctx) }

// TestActionDoesNotWaitForAWrite: reading one record back never waits
// for a record being written (a remote write, a group commit's batch) or
// made durable (an fsync), so that the executor reading the state through
// the Recorder does not queue behind the writes of other actions.
func TestActionDoesNotWaitForAWrite(t *testing.T) {
	t.Parallel()
	addrs := []string{"a", "b"}
	tests := map[string]func(t *testing.T, path string) (r Recorder, started, release chan struct{}){
		"journal, fsync held": func(t *testing.T, path string) (Recorder, chan struct{}, chan struct{}) {
			j, err := Open(context.Background(), path, "apply", 0)
			if err != nil {
				t.Fatal(err)
			}
			started, release := make(chan struct{}), make(chan struct{})
			var syncs atomic.Int32
			j.syncFile = func(f *os.File) error {
				if syncs.Add(1) == 1 {
					close(started)
					<-release
				}
				return f.Sync()
			}
			return j, started, release
		},
		"recorder, append held": func(t *testing.T, path string) (Recorder, chan struct{}, chan struct{}) {
			w := &heldFile{l: NewLocal(path), hold: make(chan struct{}), started: make(chan struct{})}
			r, err := OpenRecorder(context.Background(), w, "apply", 0)
			if err != nil {
				t.Fatal(err)
			}
			return r, w.started, w.hold
		},
		"group recorder, batch held": func(t *testing.T, path string) (Recorder, chan struct{}, chan struct{}) {
			w := &batchingFile{l: NewLocal(path), hold: make(chan struct{})}
			r, err := OpenRecorder(context.Background(), w, "apply", 0)
			if err != nil {
				t.Fatal(err)
			}
			started := make(chan struct{})
			go func() { // the first batch has begun, and waits for hold
				for len(w.sizes()) == 0 {
					time.Sleep(time.Millisecond)
				}
				close(started)
			}()
			return r, started, w.hold
		},
	}
	for name, open := range tests {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			r, started, release := open(t, filepath.Join(t.TempDir(), "relctl.state"))
			defer r.Close()
			if err := r.Begin("P1", "Demo", addrs); err != nil {
				t.Fatal(err)
			}
			recorded := make(chan error, 1)
			go func() { recorded <- r.Record(Action{Address: "a", Status: Running}) }()
			<-started
			read := make(chan Status, 1)
			go func() {
				b, ok := r.Action("b")
				if !ok {
					t.Error("Action(b): no record")
				}
				read <- b.Status
			}()
			select {
			case s := <-read:
				if s != Pending {
					t.Errorf("b is %s, want pending", s)
				}
			case <-time.After(10 * time.Second):
				t.Fatal("Action waited for the write of another record")
			}
			close(release)
			if err := <-recorded; err != nil {
				t.Fatal(err)
			}
			if a, ok := r.Action("a"); !ok || a.Status != Running || a.Attempts != 1 {
				t.Errorf("Action(a) after its record: %+v, %v; want running, attempt 1", a, ok)
			}
		})
	}
}

// TestFailedOpenReleasesTheLock: when the state cannot be opened, the
// lock taken to open it is released, so no run is left locked out.
func TestFailedOpenReleasesTheLock(t *testing.T) {
	t.Parallel()
	path := filepath.Join(t.TempDir(), "relctl.state")
	h, err := EncodeHeader(Header{FormatVersion: FormatVersion, Lineage: "L1", PlanID: "P1", Created: t0, Addresses: []string{"a"}})
	if err != nil {
		t.Fatal(err)
	}
	writeFile(t, path, append(append(h, "garbage\n"...), h...))
	var ce *CorruptError
	if _, err := Open(context.Background(), path, "apply", 0); !errors.As(err, &ce) {
		t.Fatalf("Open of a corrupt state: got %v, want a *CorruptError", err)
	}
	if _, err := OpenRecorder(context.Background(), NewLocal(path), "apply", 0); !errors.As(err, &ce) {
		t.Fatalf("OpenRecorder of a corrupt state: got %v, want a *CorruptError", err)
	}
	l, err := Lock(context.Background(), path, "apply", 0)
	if err != nil {
		t.Fatalf("Lock after the failed opens: %v", err)
	}
	if err := l.Unlock(); err != nil {
		t.Fatal(err)
	}
}

package ghstate

import (
	"errors"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/relctl/relctl/state"
)

// waitFor polls cond for up to five seconds.
func waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	for deadline := time.Now().Add(5 * time.Second); time.Now().Before(deadline); time.Sleep(5 * time.Millisecond) {
		if cond() {
			return
		}
	}
	t.Fatalf("timed out waiting for %s", what)
}

// TestLockHeartbeat: the holder renews its lock by fast-forwarding the
// lock ref, so a running holder's lock never looks stale; a holder whose
// lock was force-unlocked and taken learns it at its next heartbeat, and
// its Unlock leaves the new holder's lock alone.
func TestLockHeartbeat(t *testing.T) {
	w := newWorld(t)
	fast := func(c *Config) { c.LockHeartbeat = 5 * time.Millisecond }
	a, other := w.backend(t, fast), w.backend(t)
	hl, err := a.Lock(ctx, "apply", 0)
	must(t, err)
	must(t, a.BeginPlan(ctx, header("L1", "P1", "a")))
	ref := "refs/" + a.cfg.lockRef()
	if ref != "refs/heads/relctl-lock/relctl-state/releases/default.relctl-state" {
		t.Errorf("lock ref %s", ref)
	}
	first := w.srv.Ref(repoName, ref)
	w.advance(DefaultLockStale) // the holder is alive: it renews with the new time
	waitFor(t, "a heartbeat", func() bool {
		c, ok := w.srv.CommitOf(repoName, ref)
		return ok && c.SHA != first && strings.Contains(c.Message, w.clock().Format(time.RFC3339))
	})
	if c, _ := w.srv.CommitOf(repoName, ref); !strings.Contains(c.Files[lockFile], hl.Info().ID) {
		t.Errorf("the lock branch's %s does not name the lock:\n%s", lockFile, c.Files[lockFile])
	}
	if err := other.ForceUnlock(ctx, hl.Info().ID); err == nil || !strings.Contains(err.Error(), "held by a running process") {
		t.Fatalf("ForceUnlock of a renewed lock: got %v", err)
	}

	// The holder stalls (its heartbeats stop) and is declared dead.
	h := hl.(*held)
	h.mu.Lock()
	w.advance(DefaultLockStale + time.Second)
	must(t, other.ForceUnlock(ctx, hl.Info().ID))
	taken, err := other.Lock(ctx, "rollback", 0)
	must(t, err)
	h.mu.Unlock()
	waitFor(t, "the holder to learn it lost the lock", func() bool {
		h.mu.Lock()
		defer h.mu.Unlock()
		return h.lost != nil
	})
	g := state.Generation{Lineage: "L1", PlanID: "P1"}
	err = a.AppendRecord(ctx, g, record(t, state.Action{Address: "a", Status: state.Done}))
	if !errors.Is(err, errLockLost) || !strings.Contains(err.Error(), "nothing more is written") {
		t.Errorf("append after the lock was lost: got %v", err)
	}
	if err := hl.Unlock(); !errors.Is(err, errLockLost) {
		t.Errorf("Unlock of a lost lock: got %v, want errLockLost", err)
	}
	info, err := other.LockInfo(ctx)
	if err != nil || info.ID != taken.Info().ID {
		t.Fatalf("after the old holder's Unlock the lock is %+v, %v; want the new holder's %s", info, err, taken.Info().ID)
	}
	must(t, taken.Unlock())
	if _, err := other.LockInfo(ctx); !errors.Is(err, state.ErrNotLocked) {
		t.Errorf("LockInfo after Unlock: %v", err)
	}
}

// TestLockMessages: a waiting run is told who holds the lock, from the
// lock commit's message, without writing anything.
func TestLockMessages(t *testing.T) {
	w := newWorld(t)
	a, b := w.backend(t), w.backend(t)
	held, err := a.Lock(ctx, "apply", 0)
	must(t, err)
	defer held.Unlock()
	mutations := w.srv.Mutations()
	_, err = b.Lock(ctx, "rollback", 0)
	var le *state.LockError
	if !errors.As(err, &le) || le.Info != held.Info() {
		t.Fatalf("got %v, want a *LockError with the holder's info %+v", err, held.Info())
	}
	for _, want := range []string{"locked by " + held.Info().Who, "apply since", "lock ID " + held.Info().ID} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("%q does not say %q", err, want)
		}
	}
	if n := w.srv.Mutations() - mutations; n != 0 {
		t.Errorf("a refused Lock made %d writes, want none", n)
	}
	if held.Info().Path != a.String() || !strings.HasPrefix(a.String(), "github acme/release@relctl-state:releases/default") {
		t.Errorf("lock path %q, backend %q", held.Info().Path, a.String())
	}
}

// TestLockRace: runners locking at the same time; exactly one holds the
// lock and the others are told who.
func TestLockRace(t *testing.T) {
	w := newWorld(t)
	const n = 4
	errs := make([]error, n)
	locks := make([]state.HeldLock, n)
	var wg sync.WaitGroup
	for i := range n {
		b := w.backend(t)
		wg.Go(func() { locks[i], errs[i] = b.Lock(ctx, "apply", 0) })
	}
	wg.Wait()
	var winner state.HeldLock
	for i, err := range errs {
		var le *state.LockError
		switch {
		case err == nil && winner == nil:
			winner = locks[i]
		case err == nil:
			t.Fatalf("two runners hold the lock: %s and %s", winner.Info().ID, locks[i].Info().ID)
		case !errors.As(err, &le):
			t.Errorf("runner %d: %v, want a *LockError", i, err)
		}
	}
	if winner == nil {
		t.Fatalf("no runner got the lock: %v", errs)
	}
	must(t, winner.Unlock())
}

// TestTakeOverRace: runners finding the same stale lock take it over at
// the same time; the fast-forward lets exactly one win, and the dead
// holder, if it wakes up, has lost it.
func TestTakeOverRace(t *testing.T) {
	w := newWorld(t)
	dead, err := w.backend(t).Lock(ctx, "apply", 0)
	must(t, err)
	dead.(*held).halt()
	w.advance(DefaultLockStale)
	const n = 4
	errs := make([]error, n)
	locks := make([]state.HeldLock, n)
	var wg sync.WaitGroup
	for i := range n {
		b := w.backend(t)
		wg.Go(func() { locks[i], errs[i] = b.Lock(ctx, "rollback", 0) })
	}
	wg.Wait()
	var winner state.HeldLock
	for i, err := range errs {
		var le *state.LockError
		switch {
		case err == nil && winner == nil:
			winner = locks[i]
		case err == nil:
			t.Fatalf("two runners took the stale lock over: %s and %s", winner.Info().ID, locks[i].Info().ID)
		case !errors.As(err, &le):
			t.Errorf("runner %d: %v, want a *LockError", i, err)
		}
	}
	if winner == nil {
		t.Fatalf("no runner took the stale lock over: %v", errs)
	}
	if err := dead.(*held).heartbeat(ctx); !errors.Is(err, errLockLost) {
		t.Errorf("the dead holder's heartbeat: got %v, want errLockLost", err)
	}
	info, err := w.backend(t).LockInfo(ctx)
	if err != nil || info.ID != winner.Info().ID {
		t.Errorf("lock info %+v, %v; want the winner's %s", info, err, winner.Info().ID)
	}
	must(t, winner.Unlock())
}

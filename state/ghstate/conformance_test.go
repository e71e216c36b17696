package ghstate

import (
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/relctl/relctl/state"
	"github.com/relctl/relctl/state/statetest"
)

// TestConformance runs the backend contract's suite against the fake
// GitHub: every runner of a test opens its own Backend on one repository.
func TestConformance(t *testing.T) {
	var worlds sync.Map // *Backend -> *world
	open := func(t *testing.T, w *world) *Backend {
		b := w.backend(t)
		worlds.Store(b, w)
		return b
	}
	worldOf := func(b *Backend) *world {
		w, _ := worlds.Load(b)
		return w.(*world)
	}
	statetest.TestBackend(t, statetest.Harness{
		New:    func(t *testing.T) state.Backend { return open(t, newWorld(t)) },
		Reopen: func(t *testing.T, b state.Backend) state.Backend { return open(t, worldOf(b.(*Backend))) },
		AppendRaw: func(t *testing.T, b state.Backend, raw []byte) {
			worldOf(b.(*Backend)).appendRaw(t, raw)
		},
		// A write is one PUT, which GitHub applies whole or not at all:
		// a process killed during it is one whose PUT never got through.
		Crash: func(t *testing.T, b state.Backend, rec []byte) {
			gb := b.(*Backend)
			st, err := gb.ReadState(ctx)
			must(t, err)
			worldOf(gb).srv.FailNext(testRetries+1, 502)
			g := state.Generation{Lineage: st.Lineage, PlanID: st.PlanID}
			if err := gb.AppendRecord(ctx, g, rec); err == nil {
				t.Fatal("the append meant to crash succeeded")
			}
		},
		// A holder that dies stops renewing its lock, which then ages.
		Abandon: func(t *testing.T, l state.HeldLock) {
			h := l.(*held)
			h.halt()
			worldOf(h.b).advance(DefaultLockStale + time.Second)
		},
		TakesOverStaleLocks: true,
	})
}

// TestMigrateFromLocal moves a local state and its plan into GitHub, as
// `relctl state migrate` does when a team moves its releases to CI.
func TestMigrateFromLocal(t *testing.T) {
	local := state.NewLocal(filepath.Join(t.TempDir(), "relctl.state"))
	statetest.TestMigrate(t, local, newWorld(t).backend(t))
}

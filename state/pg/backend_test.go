package pg_test

import (
	"context"
	"sync"
	"testing"

	"github.com/relctl/relctl/state"
	"github.com/relctl/relctl/state/pg"
	"github.com/relctl/relctl/state/pg/pgtest"
	"github.com/relctl/relctl/state/statetest"
)

func TestMain(m *testing.M) { pgtest.Main(m) }

// open returns a backend on conn's workspace "release", closed after t.
func open(t testing.TB, conn string) *pg.Backend {
	t.Helper()
	b, err := pg.New(context.Background(), pg.Config{ConnString: conn, Workspace: "release"})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { b.Close() })
	return b
}

func TestConformance(t *testing.T) {
	var mu sync.Mutex
	conns := map[state.Backend]string{}
	check := func(t *testing.T, err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	statetest.TestBackend(t, statetest.Harness{
		New: func(t *testing.T) state.Backend {
			conn := pgtest.Database(t)
			b := open(t, conn)
			mu.Lock()
			defer mu.Unlock()
			conns[b] = conn
			return b
		},
		Reopen: func(t *testing.T, b state.Backend) state.Backend {
			mu.Lock()
			conn := conns[b]
			mu.Unlock()
			r := open(t, conn)
			mu.Lock()
			defer mu.Unlock()
			conns[r] = conn
			return r
		},
		AppendRaw:           func(t *testing.T, b state.Backend, raw []byte) { check(t, pg.AppendRaw(b, raw)) },
		Crash:               func(t *testing.T, b state.Backend, record []byte) { check(t, pg.Crash(b, record)) },
		Abandon:             func(t *testing.T, l state.HeldLock) { check(t, pg.Abandon(l)) },
		TakesOverStaleLocks: true,
	})
}

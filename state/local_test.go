package state_test

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/relctl/relctl/state"
	"github.com/relctl/relctl/state/statetest"
)

func TestLocalBackend(t *testing.T) {
	statetest.TestBackend(t, statetest.Harness{
		New: func(t *testing.T) state.Backend {
			return state.NewLocal(filepath.Join(t.TempDir(), "relctl.state"))
		},
		Reopen: func(t *testing.T, b state.Backend) state.Backend {
			return state.NewLocal(b.(*state.Local).Path())
		},
		AppendRaw: func(t *testing.T, b state.Backend, raw []byte) { appendFile(t, b.(*state.Local).Path(), raw) },
		Crash: func(t *testing.T, b state.Backend, record []byte) {
			appendFile(t, b.(*state.Local).Path(), record[:len(record)/2])
		},
		Abandon:             func(t *testing.T, l state.HeldLock) { state.AbandonLock(l.(*state.Held)) },
		TakesOverStaleLocks: true,
	})
}

func appendFile(t *testing.T, path string, data []byte) {
	t.Helper()
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_APPEND, 0)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if _, err := f.Write(data); err != nil {
		t.Fatal(err)
	}
}

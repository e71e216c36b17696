package pg_test

import (
	"fmt"
	"testing"

	"github.com/relctl/relctl/state"
	"github.com/relctl/relctl/state/pg/pgtest"
)

// BenchmarkRecord measures one status change recorded through the
// Recorder: a transaction committed before Record returns.
func BenchmarkRecord(b *testing.B) {
	be := open(b, pgtest.Database(b))
	r, err := state.OpenRecorder(ctx, be, "apply", 0)
	if err != nil {
		b.Fatal(err)
	}
	defer r.Close()
	addrs := make([]string, b.N)
	for i := range addrs {
		addrs[i] = fmt.Sprintf("github_tag.component[%d]", i)
	}
	if err := r.Begin("P1", "R", addrs); err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	for i := range b.N {
		if err := r.Record(state.Action{Address: addrs[i], Status: state.Running}); err != nil {
			b.Fatal(err)
		}
	}
}

package ghstate

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/relctl/relctl/state"
)

// TestJournalOverOneMegabyte: GitHub's contents API stops returning the
// content of files over 1 MB; the backend then reads the journal's blob.
func TestJournalOverOneMegabyte(t *testing.T) {
	w := newWorld(t)
	b := w.backend(t)
	g := state.Generation{Lineage: "L1", PlanID: "P1"}
	must(t, b.BeginPlan(ctx, header("L1", "P1", "a")))
	out, _ := json.Marshal(map[string]string{"log": strings.Repeat("x", 200_000)})
	var batch [][]byte
	for i := 1; i <= 6; i++ {
		batch = append(batch, record(t, state.Action{Address: "a", Status: state.Running, Attempts: i, Outputs: out}))
	}
	must(t, b.AppendRecords(ctx, g, batch))
	if n := len(w.journal(t)); n <= 1<<20 {
		t.Fatalf("journal of %d bytes, want over 1 MB", n)
	}
	before := w.srv.Count("GET /repos/{owner}/{repo}/git/blobs/{sha}")
	st, err := w.backend(t).ReadState(ctx)
	must(t, err)
	if st.Actions["a"].Status != state.Running || st.Actions["a"].Attempts < 6 {
		t.Errorf("read back %+v", st.Actions["a"])
	}
	if n := w.srv.Count("GET /repos/{owner}/{repo}/git/blobs/{sha}") - before; n != 1 {
		t.Errorf("%d blob reads, want 1", n)
	}
	must(t, b.AppendRecord(ctx, g, record(t, state.Action{Address: "a", Status: state.Done})))
}

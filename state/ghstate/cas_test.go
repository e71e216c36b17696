package ghstate

import (
	"errors"
	"net/http"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/relctl/relctl/providers/github/ghhttp"
	"github.com/relctl/relctl/state"
)

const putContents = "PUT /repos/{owner}/{repo}/contents/{path...}"

// TestTwoWritersBeginRacing: two runners begin the state of a new
// workspace at the same time, each with its own lineage. Exactly one wins
// (the branch is created once) and the other is refused.
func TestTwoWritersBeginRacing(t *testing.T) {
	for range 5 {
		w := newWorld(t)
		runners := []*Backend{w.backend(t), w.backend(t)}
		errs := make([]error, len(runners))
		var wg sync.WaitGroup
		for i, b := range runners {
			wg.Go(func() { errs[i] = b.BeginPlan(ctx, header([]string{"LA", "LB"}[i], "P1", "a")) })
		}
		wg.Wait()
		won := 0
		for i, err := range errs {
			var le *state.LineageError
			switch {
			case err == nil:
				won++
			case !errors.As(err, &le):
				t.Errorf("runner %d: got %v, want a *LineageError", i, err)
			}
		}
		if won != 1 {
			t.Fatalf("%d runners won: %v", won, errs)
		}
		st, err := w.backend(t).ReadState(ctx)
		must(t, err)
		if want := []string{"LA", "LB"}[boolIndex(errs[0] != nil)]; st.Lineage != want {
			t.Errorf("stored lineage %s, want the winner's %s", st.Lineage, want)
		}
	}
}

func boolIndex(b bool) int {
	if b {
		return 1
	}
	return 0
}

// TestLostCompareAndSwap: a writer whose view of the journal is stale
// loses the compare-and-swap, reads the file again, and re-applies its
// record while the file holds its generation; once another run began
// another plan, the same write fails with a *state.LineageError.
func TestLostCompareAndSwap(t *testing.T) {
	w := newWorld(t)
	first, second := w.backend(t), w.backend(t)
	g := state.Generation{Lineage: "L1", PlanID: "P1"}
	must(t, first.BeginPlan(ctx, header("L1", "P1", "a", "b")))
	_, err := second.ReadState(ctx) // second now holds the file's SHA
	must(t, err)
	must(t, first.AppendRecord(ctx, g, record(t, state.Action{Address: "a", Status: state.Running, Attempts: 1})))

	conflicts := func() int {
		n := 0
		for _, r := range w.srv.Requests() {
			if r.Route == putContents && r.Status == http.StatusConflict {
				n++
			}
		}
		return n
	}
	must(t, second.AppendRecord(ctx, g, record(t, state.Action{Address: "b", Status: state.Running, Attempts: 1})))
	if conflicts() != 1 {
		t.Errorf("%d PUTs answered 409, want the stale one", conflicts())
	}
	st, err := w.backend(t).ReadState(ctx)
	must(t, err)
	if st.Actions["a"].Status != state.Running || st.Actions["b"].Status != state.Running {
		t.Errorf("after the lost compare-and-swap: a %s, b %s; want both records", st.Actions["a"].Status, st.Actions["b"].Status)
	}

	must(t, first.BeginPlan(ctx, header("L1", "P2", "c")))
	var le *state.LineageError
	err = second.AppendRecord(ctx, g, record(t, state.Action{Address: "b", Status: state.Done}))
	if !errors.As(err, &le) || le.Stored.PlanID != "P2" || !strings.Contains(err.Error(), "another run began another plan") {
		t.Fatalf("append after another plan began: got %v, want a *LineageError naming P2", err)
	}
	// first's BeginPlan had not seen b's record, and second had not
	// seen P2: each lost once more.
	if conflicts() != 3 {
		t.Errorf("%d PUTs answered 409, want 3", conflicts())
	}
	if got := w.journal(t); strings.Contains(got, `"address":"b","status":"done"`) {
		t.Errorf("the refused record reached the journal:\n%s", got)
	}
}

// TestCompareAndSwapGivesUp: a writer that keeps losing to other writers
// stops after maxCASAttempts with an error that says so.
func TestCompareAndSwapGivesUp(t *testing.T) {
	w := newWorld(t)
	var racing atomic.Bool
	var n atomic.Int32
	// Another writer appends a record before every PUT of b.
	vc := ghhttp.NewVirtualClock(time.Now())
	b := w.backend(t, func(c *Config) {
		c.HTTP.Clock = vc
		c.HTTP.Base = interposer{before: func(r *http.Request) {
			if r.Method == http.MethodPut && racing.Load() {
				i := n.Add(1)
				w.appendRaw(t, record(t, state.Action{Address: "a", Status: state.Running, Attempts: int(i)}))
			}
		}}
	})
	g := state.Generation{Lineage: "L1", PlanID: "P1"}
	must(t, b.BeginPlan(ctx, header("L1", "P1", "a")))
	racing.Store(true)
	err := b.AppendRecord(ctx, g, record(t, state.Action{Address: "a", Status: state.Done}))
	if err == nil || !strings.Contains(err.Error(), "lost the compare-and-swap 8 times") {
		t.Fatalf("got %v, want the writer to give up after %d attempts", err, maxCASAttempts)
	}
	if got, want := vc.Slept(), 50*time.Millisecond*(1+2+4+8+16)+2*time.Second; got != want {
		t.Errorf("paused %s between attempts, want %s", got, want)
	}
}

// TestLostAnswer: GitHub applied a PUT but its answer never arrived; the
// transport sends it again with the old SHA, which GitHub refuses, and the
// backend recognises its own content instead of failing or writing the
// record twice.
func TestLostAnswer(t *testing.T) {
	w := newWorld(t)
	var armed atomic.Bool
	b := w.backend(t, func(c *Config) {
		c.HTTP.Base = interposer{after: func(r *http.Request, resp *http.Response) error {
			if r.Method == http.MethodPut && armed.CompareAndSwap(true, false) {
				resp.Body.Close()
				return errors.New("connection reset by peer")
			}
			return nil
		}}
	})
	g := state.Generation{Lineage: "L1", PlanID: "P1"}
	must(t, b.BeginPlan(ctx, header("L1", "P1", "a")))
	armed.Store(true)
	before := w.srv.Count(putContents)
	must(t, b.AppendRecord(ctx, g, record(t, state.Action{Address: "a", Status: state.Running, Attempts: 1})))
	if n := strings.Count(w.journal(t), `"status":"running"`); n != 1 {
		t.Errorf("the record is in the journal %d times, want once:\n%s", n, w.journal(t))
	}
	if got := w.srv.Count(putContents) - before; got != 2 {
		t.Errorf("%d PUTs, want the write and its retry", got)
	}
}

// TestMalformedRecordRefused: a record that is not one whole framed line
// is refused before any request.
func TestMalformedRecordRefused(t *testing.T) {
	w := newWorld(t)
	b := w.backend(t)
	g := state.Generation{Lineage: "L1", PlanID: "P1"}
	must(t, b.BeginPlan(ctx, header("L1", "P1", "a")))
	good := record(t, state.Action{Address: "a", Status: state.Running, Attempts: 1})
	before := w.srv.RequestCount()
	for name, rec := range map[string][]byte{
		"no newline": good[:len(good)-1],
		"two lines":  append(append([]byte{}, good...), good...),
		"garbage":    []byte("rm -rf /\n"),
	} {
		if err := b.AppendRecords(ctx, g, [][]byte{good, rec}); err == nil {
			t.Errorf("%s: appended", name)
		}
	}
	if n := w.srv.RequestCount() - before; n != 0 {
		t.Errorf("%d requests for refused records", n)
	}
}

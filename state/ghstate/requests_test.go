package ghstate

import (
	"fmt"
	"maps"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/relctl/relctl/providers/github/githubtest"
	"github.com/relctl/relctl/state"
)

// TestRequestsPerAction measures what a run costs in GitHub requests: an
// apply of n actions, each recorded running and then done as the executor
// does, with parallelism 1 and 10. GitHub's mutation spacing (about a
// second) is scaled down to 20ms against actions of 5ms; what counts is
// that records made while a write is under way share the next one.
func TestRequestsPerAction(t *testing.T) {
	const n = 40
	for _, parallelism := range []int{1, 10} {
		t.Run(fmt.Sprintf("parallelism %d", parallelism), func(t *testing.T) {
			w := newWorld(t)
			b := w.backend(t, func(c *Config) { c.HTTP.MutationInterval = 20 * time.Millisecond })
			since := 0
			phase := func(name string) string {
				reqs := w.srv.Requests()[since:]
				since += len(reqs)
				return fmt.Sprintf("%s %d (%s)", name, len(reqs), byRoute(reqs))
			}
			r, err := state.OpenRecorder(ctx, b, "apply", 0)
			must(t, err)
			lockCost := phase("lock and open")
			addrs := make([]string, n)
			for i := range addrs {
				addrs[i] = fmt.Sprintf("stage.release.github_tag.c%02d", i)
			}
			must(t, r.Begin("P1", "APIM 3.4.7", addrs))
			must(t, b.SavePlan(ctx, "P1", []byte(`{"plan_id":"P1"}`)))
			beginCost := phase("begin and save the plan")

			work := make(chan string)
			var wg sync.WaitGroup
			for range parallelism {
				wg.Go(func() {
					for addr := range work {
						must(t, r.Record(state.Action{Address: addr, Status: state.Running}))
						time.Sleep(5 * time.Millisecond) // the action's own API calls
						must(t, r.Record(state.Action{Address: addr, Status: state.Done, Outputs: []byte(`{"sha":"0a1b"}`)}))
					}
				})
			}
			for _, a := range addrs {
				work <- a
			}
			close(work)
			wg.Wait()
			reqs := w.srv.Requests()[since:]
			recordCost := phase("records")
			must(t, r.Close())
			unlockCost := phase("close and unlock")

			puts := 0
			for _, r := range reqs {
				if r.Route == putContents {
					puts++
				}
			}
			t.Logf("github state backend, %d actions, parallelism %d: %s; %s; %s = %.2f requests per action; %s",
				n, parallelism, lockCost, beginCost, recordCost, float64(len(reqs))/n, unlockCost)
			switch {
			case puts > 2*n:
				t.Errorf("%d PUTs for %d records", puts, 2*n)
			case parallelism > 1 && puts >= 2*n:
				t.Errorf("%d PUTs for %d records made by %d workers: no record shared a write", puts, 2*n, parallelism)
			}
			st, err := w.backend(t).ReadState(ctx)
			must(t, err)
			if !st.Complete() {
				t.Errorf("the stored state is not complete: %v", st.Counts())
			}
		})
	}
}

// byRoute summarises requests as "2 PUT contents, 1 GET git/ref".
func byRoute(reqs []githubtest.Request) string {
	counts := map[string]int{}
	for _, r := range reqs {
		name := strings.TrimPrefix(r.Route, "/repos/{owner}/{repo}/")
		name = strings.Replace(name, " /repos/{owner}/{repo}/", " ", 1)
		counts[strings.NewReplacer("/{ref...}", "", "/{path...}", "", "/{sha}", "").Replace(name)]++
	}
	var parts []string
	for _, k := range slices.Sorted(maps.Keys(counts)) {
		parts = append(parts, fmt.Sprintf("%d %s", counts[k], k))
	}
	return strings.Join(parts, ", ")
}

// TestRequestsOfAResume measures what a second runner pays to pick the
// release up: lock, read the state and the plan, record, unlock.
func TestRequestsOfAResume(t *testing.T) {
	w := newWorld(t)
	first := w.backend(t)
	r, err := state.OpenRecorder(ctx, first, "apply", 0)
	must(t, err)
	must(t, r.Begin("P1", "APIM 3.4.7", []string{"a", "b"}))
	must(t, first.SavePlan(ctx, "P1", []byte(`{"plan_id":"P1"}`)))
	must(t, r.Record(state.Action{Address: "a", Status: state.Done}))
	must(t, r.Close())

	since := w.srv.RequestCount()
	b := w.backend(t)
	r, err = state.OpenRecorder(ctx, b, "apply", 0)
	must(t, err)
	_, err = b.LoadPlan(ctx, "P1")
	must(t, err)
	must(t, r.Begin("P1", "APIM 3.4.7", []string{"a", "b"}))
	must(t, r.Record(state.Action{Address: "b", Status: state.Running}))
	must(t, r.Record(state.Action{Address: "b", Status: state.Done}))
	must(t, r.Close())
	reqs := w.srv.Requests()[since:]
	t.Logf("github state backend, a resume that records 2 changes: %d requests (%s)", len(reqs), byRoute(reqs))
	if len(reqs) != 4+2+2+3 {
		t.Errorf("%d requests, want 11: lock 4, state and plan 2, records 2, unlock 3", len(reqs))
	}
}

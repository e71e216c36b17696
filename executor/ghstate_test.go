package executor

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/relctl/relctl/planner/plan"
	"github.com/relctl/relctl/providers/github/ghhttp"
	"github.com/relctl/relctl/providers/github/githubtest"
	"github.com/relctl/relctl/state"
	"github.com/relctl/relctl/state/ghstate"
)

// TestApplyOnGitHubState applies a plan whose state is kept in a GitHub
// repository (the fake) and counts the writes: the executor records from
// many goroutines, and records made while a write is under way share the
// next one. GitHub's mutation spacing (about a second) is scaled down to
// 20ms against actions of 5ms.
func TestApplyOnGitHubState(t *testing.T) {
	t.Parallel()
	const n, token = 30, "canary-token-0e5b"
	srv := githubtest.New(t, githubtest.WithToken(token))
	srv.AddRepo("acme/release", "main")
	b, err := ghstate.New(ghstate.Config{Repo: "acme/release", BaseURL: srv.URL(), Token: token,
		HTTP: ghhttp.Options{MutationInterval: 20 * time.Millisecond}})
	if err != nil {
		t.Fatal(err)
	}
	r, err := state.OpenRecorder(context.Background(), b, "apply", 0)
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	h := newHarness(t)
	var actions []plan.Action
	for i := range n {
		a := act("stage.s", fmt.Sprint("a", i))
		actions = append(actions, a)
		h.fake.set(a.Address, behaviour{delay: 5 * time.Millisecond})
	}
	ex := h.executor(testPlan("p", actions...), 10)
	ex.Journal = r
	before := srv.Count("PUT /repos/{owner}/{repo}/contents/{path...}")
	res, err := ex.Apply(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	puts := srv.Count("PUT /repos/{owner}/{repo}/contents/{path...}") - before
	st, err := b.ReadState(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	records := 0
	for _, a := range st.Actions {
		records += a.Attempts * 2 // running, then done
	}
	t.Logf("github state backend under the executor: %d actions, parallelism 10: %d records in %d writes (%.2f writes per action), %d requests in all",
		n, records, puts, float64(puts)/n, b.Stats().Requests)
	switch {
	case len(res.Done) != n || !st.Complete():
		t.Fatalf("done %d of %d; stored state %v", len(res.Done), n, st.Counts())
	case puts >= records:
		t.Errorf("%d writes for %d records: no record shared a write", puts, records)
	}
}

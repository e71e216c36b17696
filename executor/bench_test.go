package executor

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/zclconf/go-cty/cty"

	"github.com/relctl/relctl/planner/plan"
	"github.com/relctl/relctl/providers"
	"github.com/relctl/relctl/state"
)

// benchProvider does nothing but sleep: what remains is the executor's
// and the state's own cost.
type benchProvider struct{ sleep time.Duration }

func (p benchProvider) Schema() providers.ProviderSchema {
	return providers.ProviderSchema{Actions: map[string]providers.ActionSchema{"fake_step": fakeSchema}}
}

func (benchProvider) Configure(context.Context, providers.ConfigureRequest) error { return nil }

func (benchProvider) PlanAction(context.Context, providers.PlanActionRequest) (providers.PlanActionResponse, error) {
	return providers.PlanActionResponse{}, nil
}

func (p benchProvider) ApplyAction(_ context.Context, req providers.ApplyActionRequest) (providers.ApplyActionResponse, error) {
	if p.sleep > 0 {
		time.Sleep(p.sleep)
	}
	return providers.ApplyActionResponse{Outputs: map[string]cty.Value{"id": cty.StringVal("x")}}, nil
}

func (benchProvider) CheckAction(context.Context, providers.CheckActionRequest) (providers.CheckActionResponse, error) {
	return providers.CheckActionResponse{Status: providers.CheckNotDone}, nil
}

func (benchProvider) UndoAction(context.Context, providers.UndoActionRequest) (providers.UndoActionResponse, error) {
	return providers.UndoActionResponse{}, nil
}

// timedJournal measures the time spent recording.
type timedJournal struct {
	Journal
	spent   atomic.Int64
	records atomic.Int64
}

func (j *timedJournal) Record(rec state.Action) error {
	start := time.Now()
	err := j.Journal.Record(rec)
	j.spent.Add(int64(time.Since(start)))
	j.records.Add(1)
	return err
}

// generatedPlan is a release-shaped plan of n actions: components of
// five chained actions each, every component's first action depending
// on the last action of the component before it in its group of ten.
func generatedPlan(n int) *plan.Plan {
	actions := make([]plan.Action, 0, n)
	for i := 0; len(actions) < n; i++ {
		comp := fmt.Sprintf("stage.release[%q]", fmt.Sprintf("component-%05d", i))
		var prev string
		if i%10 != 0 {
			prev = actions[len(actions)-1].Address
		}
		for step := 0; step < 5 && len(actions) < n; step++ {
			var deps []string
			if prev != "" {
				deps = []string{prev}
			}
			a := act(comp, fmt.Sprint("step", step), deps...)
			a.Stage = "release"
			actions = append(actions, a)
			prev = a.Address
		}
	}
	return testPlan("bench", actions...)
}

// BenchmarkApplyNoop applies plans of no-op actions, one at a time so
// that state-ns/action is the journal's own cost, not time queued behind
// other actions' fsyncs. state-bytes/action and state-ns/action must not
// grow with the number of actions; the "memory" journal shows the
// executor's own cost per action.
func BenchmarkApplyNoop(b *testing.B) {
	for _, n := range []int{1_000, 10_000} {
		for _, journal := range []string{"file", "memory"} {
			b.Run(fmt.Sprint(n, " ", journal), func(b *testing.B) { benchApplyNoop(b, n, journal) })
		}
	}
}

func benchApplyNoop(b *testing.B, n int, journal string) {
	pl := generatedPlan(n)
	var bytes, spent, records, elapsed int64
	for b.Loop() {
		tj := &timedJournal{Journal: benchJournal(b, journal)}
		e := &Executor{Plan: pl, Providers: map[string]providers.Provider{"fake": benchProvider{}}, Journal: tj, Parallelism: 1}
		start := time.Now()
		if _, err := e.Apply(context.Background()); err != nil {
			b.Fatal(err)
		}
		elapsed += int64(time.Since(start))
		if fj, ok := tj.Journal.(*state.Journal); ok {
			fi, err := os.Stat(fj.Path())
			if err != nil {
				b.Fatal(err)
			}
			bytes += fi.Size()
		}
		spent += tj.spent.Load()
		records += tj.records.Load()
	}
	runs := float64(b.N) * float64(n)
	b.ReportMetric(float64(elapsed)/runs, "ns/action")
	b.ReportMetric(float64(spent)/runs, "state-ns/action")
	b.ReportMetric(float64(bytes)/runs, "state-bytes/action")
	b.ReportMetric(float64(records)/runs, "records/action")
}

// BenchmarkLayeredSleep applies plans of sleeping actions and reports
// the wall time divided by the ideal max(critical path, work/parallelism).
func BenchmarkLayeredSleep(b *testing.B) {
	const d = 10 * time.Millisecond
	cases := map[string]struct {
		plan        *plan.Plan
		parallelism int
		ideal       time.Duration
	}{
		// 4 layers of 40, each action depending on the whole layer before:
		// work/parallelism (160 x 10ms / 10) dominates.
		"wide 4x40 p10": {layered(4, 40), 10, max(4*d, 160*d/10)},
		// a chain of 20 beside 40 independent actions: the critical path
		// (20 x 10ms) dominates, if the chain is started first.
		"deep chain20+40 p10": {chainBeside(20, 40), 10, max(20*d, 60*d/10)},
	}
	for name, tc := range cases {
		for _, journal := range []string{"file", "memory"} {
			b.Run(name+" "+journal, func(b *testing.B) {
				var wall time.Duration
				for b.Loop() {
					j := benchJournal(b, journal)
					e := &Executor{Plan: tc.plan, Providers: map[string]providers.Provider{"fake": benchProvider{sleep: d}}, Journal: j, Parallelism: tc.parallelism}
					start := time.Now()
					if _, err := e.Apply(context.Background()); err != nil {
						b.Fatal(err)
					}
					wall += time.Since(start)
				}
				b.ReportMetric(float64(wall)/float64(b.N)/float64(tc.ideal), "wall/ideal")
			})
		}
	}
}

// benchJournal is the real state file ("file"), or an in-memory journal
// ("memory") that shows the executor's own share of the cost.
func benchJournal(b *testing.B, kind string) Journal {
	if kind == "memory" {
		return &memJournal{st: &state.State{Actions: map[string]*state.Action{}}}
	}
	j, err := state.Open(context.Background(), filepath.Join(b.TempDir(), "relctl.state"), "apply", 0)
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { j.Close() })
	return j
}

// memJournal keeps the state in memory only.
type memJournal struct {
	mu sync.Mutex
	st *state.State
}

func (m *memJournal) State() *state.State {
	m.mu.Lock()
	defer m.mu.Unlock()
	c := *m.st
	c.Actions = make(map[string]*state.Action, len(m.st.Actions))
	for k, a := range m.st.Actions {
		ac := *a
		c.Actions[k] = &ac
	}
	return &c
}

func (m *memJournal) Action(addr string) (state.Action, bool) {
	m.mu.Lock()
	defer m.mu.Unlock()
	a, ok := m.st.Actions[addr]
	if !ok {
		return state.Action{}, false
	}
	return *a, true
}

func (m *memJournal) Begin(planID, release string, addresses []string) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.st = &state.State{PlanID: planID, Release: release, Lineage: "mem", Order: addresses, Actions: map[string]*state.Action{}}
	for _, a := range addresses {
		m.st.Actions[a] = &state.Action{Address: a, Status: state.Pending}
	}
	return nil
}

func (m *memJournal) Record(rec state.Action) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.st.Actions[rec.Address].Merge(&rec)
	return nil
}

func layered(layers, width int) *plan.Plan {
	var actions []plan.Action
	var prev []string
	for l := range layers {
		var this []string
		for w := range width {
			a := act(fmt.Sprintf("stage.l%d", l), fmt.Sprint("a", w), prev...)
			actions = append(actions, a)
			this = append(this, a.Address)
		}
		prev = this
	}
	return testPlan("layered", actions...)
}

func chainBeside(chain, independent int) *plan.Plan {
	var actions []plan.Action
	for i := range independent {
		actions = append(actions, act("stage.wide", fmt.Sprint("a", i)))
	}
	prev := []string(nil)
	for i := range chain {
		a := act("stage.chain", fmt.Sprint("c", i), prev...)
		actions = append(actions, a)
		prev = []string{a.Address}
	}
	return testPlan("chain", actions...)
}

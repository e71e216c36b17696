package executor

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/relctl/relctl/planner/plan"
	"github.com/relctl/relctl/providers"
	"github.com/relctl/relctl/state"
)

func TestApplyBoundsParallelism(t *testing.T) {
	t.Parallel()
	for name, limit := range map[string]int{"one": 1, "three": 3, "more than actions": 50} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			h := newHarness(t)
			want := min(limit, 12)
			// Every action waits until as many as the limit allows run
			// at once; then all are released.
			release := make(chan struct{})
			var actions []plan.Action
			for i := range 12 {
				a := act("stage.s", fmt.Sprint("a", i))
				actions = append(actions, a)
				h.fake.set(a.Address, behaviour{block: release})
			}
			go func() {
				for h.fake.runningNow() < want {
					time.Sleep(time.Millisecond)
				}
				time.Sleep(10 * time.Millisecond) // room for a bound violation to show
				close(release)
			}()
			res, err := h.executor(testPlan("p", actions...), limit).Apply(context.Background())
			if err != nil {
				t.Fatal(err)
			}
			if len(res.Done) != 12 {
				t.Errorf("done %d actions, want 12", len(res.Done))
			}
			if h.fake.maxRunning != want {
				t.Errorf("at most %d actions ran at once, want %d", h.fake.maxRunning, want)
			}
		})
	}
}

func TestApplyRunsDependenciesFirst(t *testing.T) {
	t.Parallel()
	// a diamond and a chain: top -> left, right -> bottom; c1 -> c2 -> c3.
	pl := testPlan("p",
		act("stage.s", "top"),
		act("stage.s", "left", "stage.s.fake_step.top"),
		act("stage.s", "right", "stage.s.fake_step.top"),
		act("stage.s", "bottom", "stage.s.fake_step.left", "stage.s.fake_step.right"),
		act("stage.t", "c1"),
		act("stage.t", "c2", "stage.t.fake_step.c1"),
		act("stage.t", "c3", "stage.t.fake_step.c2", "stage.s.fake_step.top"),
	)
	for name, limit := range map[string]int{"sequential": 1, "parallel": 4} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			h := newHarness(t)
			for _, a := range pl.Actions {
				h.fake.set(a.Address, behaviour{delay: 5 * time.Millisecond})
			}
			if _, err := h.executor(pl, limit).Apply(context.Background()); err != nil {
				t.Fatal(err)
			}
			for _, a := range pl.Actions {
				for _, d := range a.DependsOn {
					if h.fake.start[a.Address] < h.fake.end[d] {
						t.Errorf("%s started before %s ended", a.Address, d)
					}
				}
			}
			for addr, s := range h.statuses() {
				if s != state.Done {
					t.Errorf("%s is %s, want done", addr, s)
				}
			}
		})
	}
}

func TestApplyFailureSkipsDependentsOnly(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	pl := testPlan("p",
		act("stage.s", "a"),
		act("stage.s", "b", "stage.s.fake_step.a"),
		act("stage.s", "c", "stage.s.fake_step.b"),
		act("stage.s", "d"),
		act("stage.t", "e", "stage.s.fake_step.d"),
		act("stage.t", "f", "stage.s.fake_step.c", "stage.s.fake_step.d"),
	)
	h.fake.set("stage.s.fake_step.a", behaviour{fail: errBoom, delay: 10 * time.Millisecond})
	res, err := h.executor(pl, 4).Apply(context.Background())
	if err == nil || err.Error() != "stage.s.fake_step.a: boom" {
		t.Fatalf("error %v, want only the root cause stage.s.fake_step.a: boom", err)
	}
	got := map[string][]string{"done": res.Done, "failed": res.Failed, "skipped": res.Skipped, "unfinished": res.Unfinished}
	want := map[string][]string{
		"done":       {"stage.s.fake_step.d", "stage.t.fake_step.e"},
		"failed":     {"stage.s.fake_step.a"},
		"skipped":    {"stage.s.fake_step.b", "stage.s.fake_step.c", "stage.t.fake_step.f"},
		"unfinished": nil,
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("result (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff([]string{"stage.s.fake_step.a", "stage.s.fake_step.d", "stage.t.fake_step.e"}, slices.Sorted(slices.Values(h.fake.called("apply")))); diff != "" {
		t.Errorf("applied (-want +got):\n%s", diff)
	}
	st, _ := state.Read(h.path)
	if got := st.Actions["stage.t.fake_step.f"]; got.Status != state.Skipped || got.Error != "upstream failed: stage.s.fake_step.a" {
		t.Errorf("f recorded as %s %q, want skipped naming the root cause", got.Status, got.Error)
	}
	if got := st.Actions["stage.s.fake_step.a"]; got.Status != state.Failed || got.Error != "boom" {
		t.Errorf("a recorded as %s %q, want failed: boom", got.Status, got.Error)
	}
}

func TestApplyOnFailureContinue(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	a1 := act("stage.maven", "a1")
	a1.OnFailure = "continue"
	a2 := act("stage.maven", "a2", a1.Address)
	a2.OnFailure = "continue"
	announce := act("stage.announce", "msg", a1.Address, a2.Address)
	reads := act("stage.announce", "reads", a1.Address)
	reads.Deferred = map[string]plan.Deferred{"value": {Expr: "stage.maven.action.fake_step.a1.id", Outputs: map[string]string{"stage.maven.action.fake_step.a1": a1.Address}}}
	reads.Args = json.RawMessage(`{"value":null}`)
	reads.Unknown = []string{"value"}
	after := act("stage.later", "after", announce.Address)
	h.fake.set(a1.Address, behaviour{fail: errBoom})
	res, err := h.executor(testPlan("p", a1, a2, announce, reads, after), 2).Apply(context.Background())
	if err == nil || err.Error() != "stage.maven.fake_step.a1: boom" {
		t.Fatalf("error %v, want the root cause only", err)
	}
	got := map[string][]string{"done": res.Done, "skipped": res.Skipped}
	want := map[string][]string{
		"done":    {announce.Address, after.Address},
		"skipped": {a2.Address, reads.Address},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("a continue stage's failure skips its own dependents and readers of its outputs, not later stages (-want +got):\n%s", diff)
	}
}

func TestApplyResume(t *testing.T) {
	t.Parallel()
	tests := map[string]struct {
		recorded  state.Status
		world     bool
		wantApply bool
		wantRec   state.Action
	}{
		"done is skipped": {
			recorded: state.Done, world: true,
			wantRec: state.Action{Status: state.Done, Attempts: 1},
		},
		"running and done in the world is adopted": {
			recorded: state.Running, world: true,
			wantRec: state.Action{Status: state.Done, Attempts: 1, Adopted: true},
		},
		"running and not done is run again": {
			recorded: state.Running, wantApply: true,
			wantRec: state.Action{Status: state.Done, Attempts: 2},
		},
		"failed and not done is run again": {
			recorded: state.Failed, wantApply: true,
			wantRec: state.Action{Status: state.Done, Attempts: 2},
		},
		"failed but done in the world is adopted": {
			recorded: state.Failed, world: true,
			wantRec: state.Action{Status: state.Done, Attempts: 1, Adopted: true},
		},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			h := newHarness(t)
			a, other := act("stage.s", "a"), act("stage.s", "other")
			pl := testPlan("p", a, other)
			if err := h.j.Begin("p", "Demo 1.0.0", []string{a.Address, other.Address}); err != nil {
				t.Fatal(err)
			}
			for _, s := range slices.Compact([]state.Status{state.Running, tc.recorded}) {
				rec := state.Action{Address: a.Address, Status: s}
				if s == state.Done {
					rec.Outputs = json.RawMessage(`{"id":"id-of-` + a.Address + `"}`)
				}
				if err := h.j.Record(rec); err != nil {
					t.Fatal(err)
				}
			}
			h.fake.world[a.Address] = tc.world
			h.reopen()
			if _, err := h.executor(pl, 1).Apply(context.Background()); err != nil {
				t.Fatal(err)
			}
			if got := slices.Contains(h.fake.called("apply"), a.Address); got != tc.wantApply {
				t.Errorf("applied: %v, want %v", got, tc.wantApply)
			}
			if tc.recorded == state.Done && slices.Contains(h.fake.called("check"), a.Address) {
				t.Errorf("a done action was checked again")
			}
			st, _ := state.Read(h.path)
			rec := st.Actions[a.Address]
			got := state.Action{Status: rec.Status, Attempts: rec.Attempts, Adopted: rec.Adopted}
			if diff := cmp.Diff(tc.wantRec, got); diff != "" {
				t.Errorf("record (-want +got):\n%s", diff)
			}
			if string(rec.Outputs) != `{"id":"id-of-stage.s.fake_step.a"}` {
				t.Errorf("outputs %s", rec.Outputs)
			}
		})
	}
}

func TestApplyChecksBeforeRunning(t *testing.T) {
	t.Parallel()
	tests := map[string]struct {
		op        providers.Operation
		b         behaviour
		wantErr   string
		wantApply bool
		want      state.Action
	}{
		"already done is adopted": {
			op: providers.OpCreate, b: behaviour{world: true},
			want: state.Action{Status: state.Done, Adopted: true},
		},
		"conflict names both values": {
			op: providers.OpCreate, b: behaviour{conflict: "tag v1.2.0 is at 9f8e7d6, the plan expects 1a2b3c4"},
			wantErr: "stage.s.fake_step.a: conflict: tag v1.2.0 is at 9f8e7d6, the plan expects 1a2b3c4",
			want:    state.Action{Status: state.Failed, Error: "conflict: tag v1.2.0 is at 9f8e7d6, the plan expects 1a2b3c4"},
		},
		"not done runs": {
			op: providers.OpCreate, wantApply: true,
			want: state.Action{Status: state.Done, Attempts: 1},
		},
		"noop still done is recorded without running": {
			op: providers.OpNoop, b: behaviour{world: true},
			want: state.Action{Status: state.Done, Adopted: true},
		},
		"noop no longer done is stale": {
			op:      providers.OpNoop,
			wantErr: "stage.s.fake_step.a: plan is stale: the plan found this already done, but the world no longer holds it; plan again",
			want:    state.Action{Status: state.Failed, Error: "plan is stale: the plan found this already done, but the world no longer holds it; plan again"},
		},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			h := newHarness(t)
			a := act("stage.s", "a")
			a.Operation = tc.op
			h.fake.set(a.Address, tc.b)
			_, err := h.executor(testPlan("p", a), 1).Apply(context.Background())
			if got := errString(err); got != tc.wantErr {
				t.Errorf("error %q, want %q", got, tc.wantErr)
			}
			if got := len(h.fake.called("apply")) == 1; got != tc.wantApply {
				t.Errorf("applied: %v, want %v", got, tc.wantApply)
			}
			st, _ := state.Read(h.path)
			rec := st.Actions[a.Address]
			got := state.Action{Status: rec.Status, Attempts: rec.Attempts, Adopted: rec.Adopted, Error: rec.Error}
			if diff := cmp.Diff(tc.want, got); diff != "" {
				t.Errorf("record (-want +got):\n%s", diff)
			}
		})
	}
}

func TestApplyResolvesDeferredArguments(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	first := act("stage.s", "first")
	second := act("stage.s", "second", first.Address)
	second.Args = json.RawMessage(`{"value":null}`)
	second.Unknown = []string{"value"}
	second.Deferred = map[string]plan.Deferred{"value": {
		Expr:    "action.fake_step.first.id",
		Outputs: map[string]string{"action.fake_step.first": first.Address},
	}}
	if _, err := h.executor(testPlan("p", first, second), 2).Apply(context.Background()); err != nil {
		t.Fatal(err)
	}
	if got, want := h.fake.args[second.Address], "id-of-"+first.Address; got != want {
		t.Errorf("second ran with value %q, want the output of first %q", got, want)
	}
}

func TestApplyRefusals(t *testing.T) {
	t.Parallel()
	a := act("stage.s", "a")
	b := act("stage.s", "b")
	tests := map[string]struct {
		previous func(h *harness)
		wantErr  string
		is       error
	}{
		"already applied": {
			previous: func(h *harness) { run(h, testPlan("p", a)) },
			wantErr:  "plan p was already applied to completion",
			is:       ErrAlreadyApplied,
		},
		"another plan unfinished": {
			previous: func(h *harness) {
				h.fake.set(b.Address, behaviour{fail: errBoom})
				run(h, testPlan("other", a, b))
				h.fake.set(b.Address, behaviour{})
			},
			wantErr: "the state holds plan other (Demo 1.0.0), which is not finished (1 done, 1 failed); " +
				"finish it by applying that plan again, or undo it with relctl rollback, before applying another plan",
		},
		"another plan complete": {
			previous: func(h *harness) { run(h, testPlan("other", b)) },
		},
		"another plan rolled back": {
			previous: func(h *harness) {
				p := testPlan("other", a, b)
				p.Actions[1].Reversibility = providers.Irreversible
				run(h, p)
				if _, err := h.executor(p, 1).Rollback(context.Background(), []string{a.Address}); err != nil {
					t.Fatal(err)
				}
				// b is irreversible: kept by a rollback of everything.
				if _, err := h.executor(p, 1).Rollback(context.Background(), nil); err != nil {
					t.Fatal(err)
				}
			},
		},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			h := newHarness(t)
			tc.previous(h)
			h.fake.world = map[string]bool{}
			_, err := h.executor(testPlan("p", a), 1).Apply(context.Background())
			if got := errString(err); got != tc.wantErr {
				t.Errorf("error %q, want %q", got, tc.wantErr)
			}
			if tc.is != nil && !errors.Is(err, tc.is) {
				t.Errorf("error %v is not %v", err, tc.is)
			}
		})
	}
}

func TestApplyInterrupted(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	var actions []plan.Action
	release := make(chan struct{})
	for i := range 5 {
		a := act("stage.s", fmt.Sprint("a", i))
		actions = append(actions, a)
		h.fake.set(a.Address, behaviour{block: release})
	}
	pl := testPlan("p", actions...)
	ctx, cancel := context.WithCancel(context.Background())
	// Interrupt once two actions run, then let them finish within the
	// grace period.
	h.hook.onStart = func(n int) {
		if n == 2 {
			cancel()
			close(release)
		}
	}
	e := h.executor(pl, 2)
	e.GracePeriod = time.Minute
	res, err := e.Apply(ctx)
	if !errors.Is(err, ErrStopped) {
		t.Fatalf("error %v, want ErrStopped", err)
	}
	if len(res.Done) != 2 || len(res.Unfinished) != 3 || !res.Interrupted {
		t.Fatalf("done %v, unfinished %v, interrupted %v; want 2 done, 3 left", res.Done, res.Unfinished, res.Interrupted)
	}
	counts := map[state.Status]int{}
	for _, s := range h.statuses() {
		counts[s]++
	}
	if diff := cmp.Diff(map[state.Status]int{state.Done: 2, state.Pending: 3}, counts); diff != "" {
		t.Errorf("statuses (-want +got):\n%s", diff)
	}
	// Resume: the rest runs, the two done are not run again.
	h.reopen()
	h.hook.onStart = nil
	res, err = h.executor(pl, 2).Apply(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if len(res.AlreadyDone) != 2 || len(res.Done) != 3 || len(h.fake.called("apply")) != 5 {
		t.Errorf("resume: already done %v, done %v, applied %v", res.AlreadyDone, res.Done, h.fake.called("apply"))
	}
}

func TestApplyCancelledBeforeStartRunsNothing(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	res, err := h.executor(testPlan("p", act("stage.s", "a"), act("stage.s", "b")), 2).Apply(ctx)
	if !errors.Is(err, ErrStopped) || !res.Interrupted || len(res.Unfinished) != 2 {
		t.Fatalf("error %v, result %+v; want both actions left, ErrStopped", err, res)
	}
	if calls := h.fake.called("check"); len(calls) != 0 {
		t.Errorf("an interrupted run called the provider: %v", calls)
	}
}

func TestApplyGracePeriodCancelsRunningActions(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	a := act("stage.s", "a")
	b := act("stage.s", "b", a.Address)
	h.fake.set(a.Address, behaviour{block: make(chan struct{})})
	ctx, cancel := context.WithCancel(context.Background())
	h.hook.onStart = func(int) { cancel() }
	res, err := h.executor(testPlan("p", a, b), 2).Apply(ctx)
	if !errors.Is(err, ErrStopped) {
		t.Fatalf("error %v, want ErrStopped", err)
	}
	if diff := cmp.Diff([]string{a.Address, b.Address}, res.Unfinished); diff != "" {
		t.Errorf("unfinished (-want +got):\n%s", diff)
	}
	// a was started and cancelled: whether it happened is unknown, so
	// it stays running and the next apply checks it first.
	if diff := cmp.Diff(map[string]state.Status{a.Address: state.Running, b.Address: state.Pending}, h.statuses()); diff != "" {
		t.Errorf("statuses (-want +got):\n%s", diff)
	}
}

func TestApplyWaitTimeoutStops(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	gate := act("stage.s", "gate")
	gate.Type, gate.Operation = "fake_wait", providers.OpWait
	gate.Address = "stage.s.fake_wait.gate"
	after := act("stage.s", "after", gate.Address)
	other := act("stage.s", "other")
	h.fake.set(gate.Address, behaviour{fail: fmt.Errorf("pull request #12 not merged after 72h: %w", providers.ErrWaitTimeout)})
	res, err := h.executor(testPlan("p", gate, after, other), 2).Apply(context.Background())
	if !errors.Is(err, ErrStopped) {
		t.Fatalf("error %v, want ErrStopped", err)
	}
	if diff := cmp.Diff([]string{gate.Address}, res.TimedOut); diff != "" {
		t.Errorf("timed out (-want +got):\n%s", diff)
	}
	want := map[string]state.Status{gate.Address: state.Pending, after.Address: state.Pending, other.Address: state.Done}
	if diff := cmp.Diff(want, h.statuses()); diff != "" {
		t.Errorf("statuses (-want +got):\n%s", diff)
	}
}

// TestApplyWaitTimeoutKeepsOutputs: what a timed-out wait started (its
// outputs) is recorded and handed to the check of the next apply, so the
// provider can find it instead of starting another.
func TestApplyWaitTimeoutKeepsOutputs(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	a := act("stage.s", "pipeline")
	h.fake.set(a.Address, behaviour{started: true, fail: fmt.Errorf("pipeline still running after 2h: %w", providers.ErrWaitTimeout)})
	p := testPlan("p", a)
	if _, err := h.executor(p, 1).Apply(context.Background()); !errors.Is(err, ErrStopped) {
		t.Fatalf("error %v, want ErrStopped", err)
	}
	st, err := state.Read(h.path)
	if err != nil {
		t.Fatal(err)
	}
	if got := string(st.Actions[a.Address].Outputs); !strings.Contains(got, "id-of-"+a.Address) {
		t.Fatalf("recorded outputs %s", got)
	}
	h.fake.set(a.Address, behaviour{})
	h.reopen()
	if _, err := h.executor(p, 1).Apply(context.Background()); err != nil {
		t.Fatal(err)
	}
	h.fake.mu.Lock()
	got := h.fake.checked[a.Address]
	h.fake.mu.Unlock()
	if id, ok := got["id"]; !ok || id.AsString() != "id-of-"+a.Address {
		t.Errorf("the resumed check got outputs %v", got)
	}
}

func TestApplyReportsProgress(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	a := act("stage.s", "a")
	b := act("stage.s", "b", a.Address)
	c := act("stage.s", "c", b.Address)
	h.fake.set(a.Address, behaviour{delay: 60 * time.Millisecond})
	h.fake.set(b.Address, behaviour{fail: errBoom})
	e := h.executor(testPlan("p", a, b, c), 1)
	e.ProgressInterval = 10 * time.Millisecond
	if _, err := e.Apply(context.Background()); err == nil {
		t.Fatal("apply succeeded, want b's failure")
	}
	want := []string{
		"start stage.s.fake_step.a",
		"end stage.s.fake_step.a done",
		"start stage.s.fake_step.b",
		"end stage.s.fake_step.b failed",
		"end stage.s.fake_step.c skipped (upstream failed: stage.s.fake_step.b)",
	}
	if diff := cmp.Diff(want, h.hook.events); diff != "" {
		t.Errorf("events (-want +got):\n%s", diff)
	}
	if h.hook.still == 0 {
		t.Errorf("no StillRunning for an action running 6 progress intervals")
	}
}

func run(h *harness, p *plan.Plan) {
	h.t.Helper()
	if _, err := h.executor(p, 1).Apply(context.Background()); err != nil && !errors.Is(err, errBoom) {
		h.t.Fatal(err)
	}
}

func errString(err error) string {
	if err == nil {
		return ""
	}
	return err.Error()
}

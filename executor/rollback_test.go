package executor

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/relctl/relctl/planner/plan"
	"github.com/relctl/relctl/providers"
	"github.com/relctl/relctl/state"
)

// diamond: top -> left, right -> bottom, and an independent solo.
func diamond() *plan.Plan {
	return testPlan("p",
		act("stage.s", "top"),
		act("stage.s", "left", "stage.s.fake_step.top"),
		act("stage.s", "right", "stage.s.fake_step.top"),
		act("stage.t", "bottom", "stage.s.fake_step.left", "stage.s.fake_step.right"),
		act("stage.t", "solo"),
	)
}

func applied(t *testing.T, p *plan.Plan) *harness {
	t.Helper()
	h := newHarness(t)
	if _, err := h.executor(p, 1).Apply(context.Background()); err != nil {
		t.Fatal(err)
	}
	h.reopen()
	return h
}

func TestRollbackUndoesInReverseDependencyOrder(t *testing.T) {
	t.Parallel()
	p := diamond()
	h := applied(t, p)
	for _, a := range p.Actions {
		h.fake.set(a.Address, behaviour{delay: 20 * time.Millisecond})
	}
	res, err := h.executor(p, 4).Rollback(context.Background(), nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Done) != 5 {
		t.Errorf("undone %v, want all 5", res.Done)
	}
	for _, a := range p.Actions {
		for _, d := range a.DependsOn {
			if h.fake.start[d] < h.fake.end[a.Address] {
				t.Errorf("%s was undone before %s, which depends on it", d, a.Address)
			}
		}
	}
	if h.fake.maxRunning < 2 {
		t.Errorf("independent undos ran one at a time (max %d at once)", h.fake.maxRunning)
	}
	for addr, s := range h.statuses() {
		if s != state.Undone {
			t.Errorf("%s is %s, want undone", addr, s)
		}
	}
}

func TestRollbackNewestFirst(t *testing.T) {
	t.Parallel()
	// Independent actions applied one at a time are undone newest first.
	p := testPlan("p", act("stage.s", "a"), act("stage.s", "b"), act("stage.s", "c"))
	h := newHarness(t)
	clock := time.Date(2024, 5, 1, 10, 0, 0, 0, time.UTC)
	e := h.executor(p, 1)
	e.Now = func() time.Time { clock = clock.Add(time.Second); return clock }
	if _, err := e.Apply(context.Background()); err != nil {
		t.Fatal(err)
	}
	rp, err := h.executor(p, 1).PlanRollback(context.Background(), nil)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([]string{"stage.s.fake_step.c", "stage.s.fake_step.b", "stage.s.fake_step.a"}, addressesOf(rp.Undo)); diff != "" {
		t.Errorf("undo order (-want +got):\n%s", diff)
	}
	if _, err := h.executor(p, 1).Rollback(context.Background(), nil); err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(addressesOf(rp.Undo), h.fake.called("undo")); diff != "" {
		t.Errorf("undone (-want +got):\n%s", diff)
	}
}

func TestRollbackPlan(t *testing.T) {
	t.Parallel()
	tests := map[string]struct {
		targets          []string
		irreversible     string
		noop             string
		wantUndo         []string
		wantIrreversible []string
		wantNotMade      []string
		wantErr          string
	}{
		"everything": {
			wantUndo: []string{"stage.t.fake_step.solo", "stage.t.fake_step.bottom", "stage.s.fake_step.right", "stage.s.fake_step.left", "stage.s.fake_step.top"},
		},
		"target and what depends on it": {
			targets:  []string{"stage.s.fake_step.left"},
			wantUndo: []string{"stage.t.fake_step.bottom", "stage.s.fake_step.left"},
		},
		"target prefix": {
			targets:  []string{"stage.t"},
			wantUndo: []string{"stage.t.fake_step.solo", "stage.t.fake_step.bottom"},
		},
		"irreversible listed, not undone": {
			irreversible:     "stage.s.fake_step.left",
			wantUndo:         []string{"stage.t.fake_step.solo", "stage.t.fake_step.bottom", "stage.s.fake_step.right", "stage.s.fake_step.top"},
			wantIrreversible: []string{"stage.s.fake_step.left"},
		},
		"noop not relctl's to undo": {
			noop:        "stage.t.fake_step.solo",
			wantUndo:    []string{"stage.t.fake_step.bottom", "stage.s.fake_step.right", "stage.s.fake_step.left", "stage.s.fake_step.top"},
			wantNotMade: []string{"stage.t.fake_step.solo"},
		},
		"unknown target": {
			targets: []string{"stage.s.fake_step.to"},
			wantErr: "no action of the plan matches target stage.s.fake_step.to",
		},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			p := diamond()
			h := newHarness(t)
			for i := range p.Actions {
				switch p.Actions[i].Address {
				case tc.irreversible:
					p.Actions[i].Reversibility = providers.Irreversible
				case tc.noop:
					p.Actions[i].Operation = providers.OpNoop
					h.fake.world[tc.noop] = true
				}
			}
			if _, err := h.executor(p, 1).Apply(context.Background()); err != nil {
				t.Fatal(err)
			}
			rp, err := h.executor(p, 1).PlanRollback(context.Background(), tc.targets)
			if errString(err) != tc.wantErr {
				t.Fatalf("error %v, want %q", err, tc.wantErr)
			}
			if err != nil {
				return
			}
			got := map[string][]string{"undo": addressesOf(rp.Undo), "irreversible": addressesOf(rp.Irreversible), "not made": addressesOf(rp.NotMade)}
			want := map[string][]string{"undo": tc.wantUndo, "irreversible": tc.wantIrreversible, "not made": tc.wantNotMade}
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("rollback plan (-want +got):\n%s", diff)
			}
			res, err := h.executor(p, 2).Rollback(context.Background(), tc.targets)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(addressesOf(rp.Undo), res.Done, cmp.Comparer(sameSet)); diff != "" {
				t.Errorf("undone (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff(tc.wantIrreversible, res.Irreversible); diff != "" {
				t.Errorf("irreversible (-want +got):\n%s", diff)
			}
		})
	}
}

func TestRollbackFailureKeepsWhatItDependsOn(t *testing.T) {
	t.Parallel()
	p := diamond()
	h := applied(t, p)
	h.fake.set("stage.s.fake_step.left", behaviour{undoFail: errBoom})
	res, err := h.executor(p, 2).Rollback(context.Background(), nil)
	if err == nil || err.Error() != "stage.s.fake_step.left: boom" {
		t.Fatalf("error %v, want the root cause only", err)
	}
	want := map[string]state.Status{
		"stage.s.fake_step.top":    state.Done,
		"stage.s.fake_step.left":   state.UndoFailed,
		"stage.s.fake_step.right":  state.Undone,
		"stage.t.fake_step.bottom": state.Undone,
		"stage.t.fake_step.solo":   state.Undone,
	}
	if diff := cmp.Diff(want, h.statuses()); diff != "" {
		t.Errorf("statuses (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff([]string{"stage.s.fake_step.top"}, res.Skipped); diff != "" {
		t.Errorf("kept (-want +got):\n%s", diff)
	}
	// Once the cause is fixed, rollback again finishes the job.
	h.fake.set("stage.s.fake_step.left", behaviour{})
	h.reopen()
	res, err = h.executor(p, 2).Rollback(context.Background(), nil)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([]string{"stage.s.fake_step.top", "stage.s.fake_step.left"}, res.Done); diff != "" {
		t.Errorf("second rollback undid (-want +got):\n%s", diff)
	}
}

func TestRollbackInterruptedResumes(t *testing.T) {
	t.Parallel()
	p := diamond()
	h := applied(t, p)
	block := make(chan struct{})
	h.fake.set("stage.t.fake_step.bottom", behaviour{block: block})
	ctx, cancel := context.WithCancel(context.Background())
	h.hook.onUndo = func(a *plan.Action) {
		if a.Address == "stage.t.fake_step.bottom" {
			cancel()
		}
	}
	res, err := h.executor(p, 1).Rollback(ctx, nil)
	if !errors.Is(err, ErrStopped) || !res.Interrupted {
		t.Fatalf("error %v, interrupted %v; want ErrStopped", err, res.Interrupted)
	}
	if got := h.statuses()["stage.t.fake_step.bottom"]; got != state.Undoing {
		t.Errorf("bottom is %s, want undoing (interrupted mid-undo)", got)
	}
	h.hook.onUndo = nil
	h.fake.set("stage.t.fake_step.bottom", behaviour{})
	h.reopen()
	if _, err := h.executor(p, 2).Rollback(context.Background(), nil); err != nil {
		t.Fatal(err)
	}
	for addr, s := range h.statuses() {
		if s != state.Undone {
			t.Errorf("%s is %s after the resumed rollback, want undone", addr, s)
		}
	}
}

func sameSet(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	seen := map[string]int{}
	for _, s := range a {
		seen[s]++
	}
	for _, s := range b {
		seen[s]--
	}
	for _, n := range seen {
		if n != 0 {
			return false
		}
	}
	return true
}

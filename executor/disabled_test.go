package executor

import (
	"context"
	"encoding/json"
	"slices"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/relctl/relctl/planner/plan"
	"github.com/relctl/relctl/providers"
	"github.com/relctl/relctl/state"
)

// disabledPlan is a chain a -> next -> push whose middle action the plan
// skips (enabled = false), plus c, which depends on nothing.
func disabledPlan() *plan.Plan {
	next := act("stage.s", "next", "stage.s.fake_step.a")
	next.Operation = providers.OpSkip
	next.Disabled = `each.value.next != "" is false`
	next.Description = "skipped: " + next.Disabled
	next.Args = json.RawMessage("null")
	return testPlan("p",
		act("stage.s", "a"),
		next,
		act("stage.s", "push", "stage.s.fake_step.next"),
		act("stage.t", "c"),
	)
}

// A disabled action is never checked, applied or undone by its provider;
// it is recorded as done, so what depends on it runs and the plan
// completes, and a rollback leaves nothing behind for it.
func TestApplyDisabledAction(t *testing.T) {
	t.Parallel()
	p := disabledPlan()
	h := newHarness(t)
	res, err := h.executor(p, 2).Apply(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	got := map[string][]string{"done": res.Done, "disabled": res.Disabled, "skipped": res.Skipped}
	want := map[string][]string{
		"done":     {"stage.s.fake_step.a", "stage.s.fake_step.push", "stage.t.fake_step.c"},
		"disabled": {"stage.s.fake_step.next"},
		"skipped":  nil,
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("result (-want +got):\n%s", diff)
	}
	for _, kind := range []string{"check", "apply"} {
		for _, addr := range h.fake.called(kind) {
			if addr == "stage.s.fake_step.next" {
				t.Errorf("the provider was asked to %s the disabled action", kind)
			}
		}
	}
	if h.fake.start["stage.s.fake_step.push"] < h.fake.end["stage.s.fake_step.a"] {
		t.Error("push started before a, which it depends on through the disabled action")
	}
	st, err := state.Read(h.path)
	if err != nil {
		t.Fatal(err)
	}
	if rec := st.Actions["stage.s.fake_step.next"]; rec.Status != state.Done || rec.Note != NoteDisabled || rec.Attempts != 0 {
		t.Errorf("disabled action recorded as %s %q after %d attempts, want done %q, never attempted", rec.Status, rec.Note, rec.Attempts, NoteDisabled)
	}
	if !st.Complete() {
		t.Error("the plan is not complete after an apply that did everything")
	}
	wantEvent := `end stage.s.fake_step.next done (disabled, skipped: each.value.next != "" is false)`
	if !slices.Contains(h.hook.sorted(), wantEvent) {
		t.Errorf("the hook did not get %q; it got %q", wantEvent, h.hook.sorted())
	}
	if slices.Contains(h.hook.sorted(), "start stage.s.fake_step.next") {
		t.Error("the hook was told the disabled action started")
	}

	h.reopen()
	rp, err := h.executor(p, 1).PlanRollback(context.Background(), nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, list := range [][]*plan.Action{rp.Undo, rp.Irreversible, rp.NotMade} {
		for _, a := range list {
			if a.Address == "stage.s.fake_step.next" {
				t.Errorf("the rollback plan lists the disabled action")
			}
		}
	}
	if _, err := h.executor(p, 1).Rollback(context.Background(), nil); err != nil {
		t.Fatal(err)
	}
	for _, addr := range h.fake.called("undo") {
		if addr == "stage.s.fake_step.next" {
			t.Error("the provider was asked to undo the disabled action")
		}
	}
	st, _ = state.Read(h.path)
	if Unfinished(st) {
		t.Error("after the rollback the state still holds unfinished work; the disabled action keeps it from another plan")
	}
}

// A run that fails leaves unfinished work only through the actions it
// performed: a disabled action recorded as done does not count.
func TestUnfinishedIgnoresDisabled(t *testing.T) {
	t.Parallel()
	next := disabledPlan().Actions[1]
	next.DependsOn = nil
	p := testPlan("p", next, act("stage.t", "c", next.Address))
	h := newHarness(t)
	h.fake.set("stage.t.fake_step.c", behaviour{fail: errBoom})
	if _, err := h.executor(p, 1).Apply(context.Background()); err == nil {
		t.Fatal("the apply did not fail")
	}
	st, _ := state.Read(h.path)
	if rec := st.Actions[next.Address]; rec.Status != state.Done || rec.Note != NoteDisabled {
		t.Fatalf("the disabled action is recorded as %s %q; the test shows nothing", rec.Status, rec.Note)
	}
	if Unfinished(st) {
		t.Error("a state where only a failure and the disabled action are recorded counts as unfinished")
	}
}

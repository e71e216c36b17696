package executor

import (
	"context"
	"errors"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/relctl/relctl/planner/plan"
	"github.com/relctl/relctl/providers"
	"github.com/relctl/relctl/state"
)

// TestRollbackPlanReadsTheWorld: every finished action's provider is
// asked what undoing it does now; one the world no longer lets relctl
// undo is kept with the provider's reason, and the actions it depends on
// are undone all the same.
func TestRollbackPlanReadsTheWorld(t *testing.T) {
	t.Parallel()
	p := diamond()
	h := applied(t, p)
	const merged = "pull request acme/x#1 was merged by octocat at 2026-03-01T09:00:00Z"
	h.fake.set("stage.s.fake_step.left", behaviour{forbidden: merged})
	e := h.executor(p, 2)
	rp, err := e.PlanRollback(context.Background(), nil)
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]plan.UndoStep{
		"stage.t.fake_step.solo":   {Address: "stage.t.fake_step.solo", Operation: providers.OpDelete, Description: "remove id-of-stage.t.fake_step.solo"},
		"stage.t.fake_step.bottom": {Address: "stage.t.fake_step.bottom", Operation: providers.OpDelete, Description: "remove id-of-stage.t.fake_step.bottom"},
		"stage.s.fake_step.right":  {Address: "stage.s.fake_step.right", Operation: providers.OpDelete, Description: "remove id-of-stage.s.fake_step.right"},
		"stage.s.fake_step.left":   {Address: "stage.s.fake_step.left", Operation: providers.OpNoop, Reason: merged},
		"stage.s.fake_step.top":    {Address: "stage.s.fake_step.top", Operation: providers.OpDelete, Description: "remove id-of-stage.s.fake_step.top"},
	}
	if diff := cmp.Diff(want, rp.Steps); diff != "" {
		t.Errorf("undo steps (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff([]string{"stage.s.fake_step.left"}, addressesOf(rp.Irreversible)); diff != "" {
		t.Errorf("irreversible (-want +got):\n%s", diff)
	}
	if len(rp.Facts) != 4 || rp.StateDigest != e.StateDigest() {
		t.Errorf("facts %v, digest %s (state %s)", rp.Facts, rp.StateDigest, e.StateDigest())
	}
	if got := h.fake.called("undo"); len(got) != 0 {
		t.Fatalf("planning undid %v", got)
	}
	res, err := e.ApplyRollback(context.Background(), rp)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([]string{"stage.s.fake_step.left"}, res.Irreversible); diff != "" {
		t.Errorf("irreversible (-want +got):\n%s", diff)
	}
	wantStatus := map[string]state.Status{"stage.s.fake_step.top": state.Undone, "stage.s.fake_step.left": state.Done,
		"stage.s.fake_step.right": state.Undone, "stage.t.fake_step.bottom": state.Undone, "stage.t.fake_step.solo": state.Undone}
	if diff := cmp.Diff(wantStatus, h.statuses()); diff != "" {
		t.Errorf("statuses (-want +got):\n%s", diff)
	}
	if e.StateDigest() == rp.StateDigest {
		t.Error("the state digest did not change with the rollback")
	}
}

func TestRollbackPlanFailsOnAnUndoThatCannotBePlanned(t *testing.T) {
	t.Parallel()
	p := diamond()
	h := applied(t, p)
	h.fake.set("stage.t.fake_step.bottom", behaviour{planUndoFail: errors.New("release.json on master changed since relctl wrote it")})
	_, err := h.executor(p, 1).Rollback(context.Background(), nil)
	if err == nil || err.Error() != "release.json on master changed since relctl wrote it" {
		t.Fatalf("rollback: %v", err)
	}
	if got := h.fake.called("undo"); len(got) != 0 {
		t.Errorf("a rollback that could not be planned undid %v", got)
	}
}

// TestRollbackViaPullRequest: a stage's rollback block overrides the
// relctl block's, and reaches the providers' undo plans and undos.
func TestRollbackViaPullRequest(t *testing.T) {
	t.Parallel()
	p := diamond()
	p.Settings.Rollback = &plan.RollbackSettings{ViaPullRequest: true}
	p.Stages = []plan.Stage{{Name: "s", Rollback: &plan.RollbackSettings{ViaPullRequest: false}}, {Name: "t"}}
	h := applied(t, p)
	if _, err := h.executor(p, 1).Rollback(context.Background(), nil); err != nil {
		t.Fatal(err)
	}
	want := map[string]bool{}
	for _, a := range p.Actions {
		want["planundo "+a.Address] = a.Stage == "t"
		want["undo "+a.Address] = a.Stage == "t"
	}
	if diff := cmp.Diff(want, h.fake.viaPR); diff != "" {
		t.Errorf("via_pull_request given to the provider (-want +got):\n%s", diff)
	}
}

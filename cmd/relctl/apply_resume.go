package main

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/relctl/relctl/cmd/relctl/views"
	"github.com/relctl/relctl/planner/plan"
	"github.com/relctl/relctl/state"
)

// unfinishedPlan returns the plan that the configuration's backend holds
// begun and not finished (nil when there is none), and says which plan it
// is: relctl apply without a plan file resumes it instead of planning
// anew, so that a CI job on another runner continues the release.
func (c *ApplyCmd) unfinishedPlan(ctx context.Context, g *Globals, env *Env) (*plan.Plan, error) {
	b, err := openBackend(ctx, g, env, stateSource{})
	if err != nil {
		return nil, err
	}
	defer b.Close()
	st, err := b.ReadState(ctx)
	if errors.Is(err, state.ErrNoState) || (err == nil && !unfinished(st)) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	if len(c.Var)+len(c.VarFile)+len(c.Target) > 0 {
		return nil, fmt.Errorf("the state in %s holds plan %s, begun and not finished: relctl apply resumes it and relctl rollback undoes it; -var, -var-file and -target make a new plan, which waits until then", b, views.ShortPlanID(st.PlanID))
	}
	data, err := b.LoadPlan(ctx, st.PlanID)
	if err != nil {
		return nil, fmt.Errorf("the state in %s holds plan %s, begun and not finished, but its plan cannot be read: %w", b, views.ShortPlanID(st.PlanID), err)
	}
	p, err := plan.Decode(data)
	if err != nil {
		return nil, fmt.Errorf("the plan %s kept in %s: %w", views.ShortPlanID(st.PlanID), b, err)
	}
	if c.PlanSHA256 != "" && !strings.EqualFold(c.PlanSHA256, p.PlanID) {
		return nil, fmt.Errorf("the state in %s holds plan %s, not %s as -plan-sha256 requires: it is not the plan that was reviewed", b, p.PlanID, c.PlanSHA256)
	}
	if !c.JSON {
		writeResumeNotice(env, b.String(), st)
	}
	return p, nil
}

// unfinished reports whether st is a plan that apply began and neither
// finished nor rolled back.
func unfinished(st *state.State) bool {
	if st.PlanID == "" || st.Complete() {
		return false
	}
	n := st.Counts()
	return n[state.Undone]+n[state.Undoing]+n[state.UndoFailed] == 0
}

// writeResumeNotice says which plan apply resumes: id, release, who began
// it and when.
func writeResumeNotice(env *Env, where string, st *state.State) {
	release := st.Release
	if release == "" {
		release = "(unnamed release)"
	}
	who := st.StartedBy
	if who == "" {
		who = "an earlier run"
	}
	fmt.Fprintf(env.Stdout, "Resuming plan %s of %s (begun by %s at %s),\nkept with the state in %s.\n",
		views.ShortPlanID(st.PlanID), release, who, views.FormatTime(st.Created), where)
}

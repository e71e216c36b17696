package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/relctl/relctl/cmd/relctl/views"
	"github.com/relctl/relctl/executor"
	"github.com/relctl/relctl/planner/plan"
	"github.com/relctl/relctl/providers"
)

// rollbackFile is the rollback plan file: the applied plan, marked as
// undone by rb, with the facts the undo relied on.
func rollbackFile(applied *plan.Plan, rb *plan.Rollback, rp *executor.RollbackPlan, now time.Time) *plan.Plan {
	p := *applied
	p.CreatedAt = now.UTC().Truncate(time.Second)
	p.Facts = append([]providers.Fact(nil), rp.Facts...)
	if p.Facts == nil {
		p.Facts = []providers.Fact{}
	}
	p.Warnings = []string{}
	p.Rollback = rb
	return &p
}

// saveRollback writes the rollback plan to path and says how to apply it.
func saveRollback(w io.Writer, path string, applied *plan.Plan, rp *executor.RollbackPlan, targets []string) error {
	p := rollbackFile(applied, rp.Model(applied.PlanID, targets), rp, time.Now())
	id, err := plan.WriteFile(path, p)
	if err != nil {
		return err
	}
	msg := fmt.Sprintf("Saved the rollback plan to %s (sha256 %s).", path, views.ShortPlanID(id))
	if len(rp.Undo) > 0 {
		msg += " To perform exactly this rollback: relctl apply " + path
	}
	fmt.Fprintln(w, msg)
	return nil
}

// applyRollbackPlan performs a saved rollback plan, refusing it when the
// state or the world changed since it was made: the state's records are
// not those it was planned from, a fact it relied on no longer holds, or
// the providers would now undo differently.
func (c *ApplyCmd) applyRollbackPlan(ctx context.Context, g *Globals, env *Env, p *plan.Plan) error {
	rb := p.Rollback
	g = planGlobals(g, p)
	run, err := openState(ctx, g, env, stateSource{Plan: p}, "rollback", c.LockTimeout)
	if err != nil {
		return err
	}
	defer run.close()
	if st := run.journal.State(); st.PlanID != rb.Of {
		return fmt.Errorf("rollback plan %s undoes plan %s, but the state holds plan %s", views.ShortPlanID(p.PlanID), views.ShortPlanID(rb.Of), views.ShortPlanID(st.PlanID))
	}
	applied, err := appliedPlan(ctx, run.backend, rb.Of)
	if err != nil {
		return err
	}
	if err := run.configure(ctx, g, env, applied); err != nil {
		return err
	}
	view := views.NewApplyView(env.Stdout, c.JSON)
	e := run.executor(view, c.Parallelism)
	rp, err := c.fresh(ctx, e, run, p)
	if err != nil {
		return err
	}
	res, err := e.ApplyRollback(ctx, rp)
	if res == nil {
		return err
	}
	view.Summary("rollback", res, err)
	return runError(env, res, err)
}

// fresh plans the rollback again and returns it when it is the saved one.
func (c *ApplyCmd) fresh(ctx context.Context, e *executor.Executor, run *applyRun, p *plan.Plan) (*executor.RollbackPlan, error) {
	rb := p.Rollback
	if d := e.StateDigest(); d != rb.StateDigest {
		return nil, fmt.Errorf("rollback plan %s is stale: the state changed since it was made (state %s, now %s); run relctl rollback -out again",
			views.ShortPlanID(p.PlanID), views.ShortPlanID(rb.StateDigest), views.ShortPlanID(d))
	}
	if err := plan.CheckFacts(ctx, p, run.providers); err != nil {
		var stale *plan.StaleError
		if errors.As(err, &stale) {
			return nil, &staleRollbackError{id: p.PlanID, facts: stale.Facts}
		}
		return nil, err
	}
	rp, err := e.PlanRollback(ctx, rb.Targets)
	if err != nil {
		return nil, err
	}
	now := rp.Model(rb.Of, rb.Targets)
	if diff := cmp.Diff(rb, now); diff != "" {
		return nil, fmt.Errorf("rollback plan %s is stale: the world changed since it was made, and the rollback would now differ (-saved +now):\n%s\nrun relctl rollback -out again",
			views.ShortPlanID(p.PlanID), diff)
	}
	return rp, nil
}

// staleRollbackError names the facts of a rollback plan that no longer
// hold.
type staleRollbackError struct {
	id    string
	facts []string
}

func (e *staleRollbackError) Error() string {
	msg := fmt.Sprintf("rollback plan %s is stale:", views.ShortPlanID(e.id))
	for _, f := range e.facts {
		msg += " " + f + ";"
	}
	return msg + " run relctl rollback -out again"
}

// showRollback renders a saved rollback plan.
func showRollback(w io.Writer, p *plan.Plan, path string, jsonOut, markdown, color bool) error {
	switch {
	case jsonOut:
		return views.WritePlanJSON(w, p)
	case markdown:
		return views.WriteRollbackMarkdown(w, p, views.MarkdownOptions{PlanPath: path, Marker: rollbackCommentMarker})
	}
	return views.WriteRollback(w, p, views.Options{Color: color, PlanPath: path})
}

// rollbackCommentMarker identifies the pull-request comment of a
// rollback plan, apart from the release plan's.
const rollbackCommentMarker = "<!-- relctl:rollback -->"

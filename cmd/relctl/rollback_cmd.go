package main

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/relctl/relctl/cmd/relctl/views"
	"github.com/relctl/relctl/planner/plan"
	"github.com/relctl/relctl/state"
)

// RollbackCmd undoes what apply did.
type RollbackCmd struct {
	AutoApprove bool          `name:"auto-approve" help:"Do not ask before undoing."`
	Target      []string      `name:"target" help:"Undo only this address or prefix, and what depends on it (repeatable)." sep:"none"`
	JSON        bool          `name:"json" help:"Stream progress as JSON events, one per line."`
	State       string        `name:"state" placeholder:"PATH" help:"State file (default: the configuration's state_path, else relctl.state)."`
	Parallelism int           `name:"parallelism" help:"Undos to run at once (default: the plan's parallelism, 10)."`
	LockTimeout time.Duration `name:"lock-timeout" default:"0s" help:"How long to wait for the state lock (0: fail at once)."`
	Out         string        `name:"out" placeholder:"FILE" help:"Save the rollback plan to FILE for review (relctl show, relctl comment) and relctl apply FILE, instead of undoing now."`
}

// Run reads the world to plan the rollback, shows it and, unless -out
// saves it, asks and undoes the finished actions of the state newest
// first, each after what depends on it. Exit code 3 means it was
// interrupted: run it again to resume.
func (c *RollbackCmd) Run(g *Globals, env *Env) error {
	switch {
	case c.Out != "" && c.JSON:
		return errors.New("rollback -out saves the rollback plan; show it as JSON with relctl show -json FILE")
	case c.Out != "":
	case c.JSON && !c.AutoApprove:
		return errors.New("rollback -json needs -auto-approve: the event stream cannot ask")
	case !c.AutoApprove && !env.Interactive:
		return errors.New("rollback asks for approval, and the input is not a terminal: pass -auto-approve")
	}
	ctx, stop := interruptible(env)
	defer stop()
	run, err := openState(ctx, g, env, stateSource{Flag: c.State}, "rollback", c.LockTimeout)
	if err != nil {
		return err
	}
	defer run.close()
	st := run.journal.State()
	if st.PlanID == "" {
		fmt.Fprintf(env.Stdout, "No state at %s: nothing to roll back.\n", run.backend)
		return nil
	}
	p, err := appliedPlan(ctx, run.backend, st.PlanID)
	if err != nil {
		return err
	}
	if err := run.configure(ctx, g, env, p); err != nil {
		return err
	}
	return c.rollback(ctx, env, run)
}

func (c *RollbackCmd) rollback(ctx context.Context, env *Env, run *applyRun) error {
	view := views.NewApplyView(env.Stdout, c.JSON)
	e := run.executor(view, c.Parallelism)
	if err := e.CheckUnfinished(ctx); err != nil {
		return err
	}
	rp, err := e.PlanRollback(ctx, c.Target)
	if err != nil {
		return err
	}
	view.RollbackPlan(rp)
	if c.Out != "" {
		return saveRollback(env.Stdout, c.Out, run.plan, rp, c.Target)
	}
	if len(rp.Undo) == 0 {
		return nil
	}
	if !c.AutoApprove && !approve(env, "Do you want to undo these actions?") {
		return errors.New("rollback cancelled")
	}
	res, err := e.ApplyRollback(ctx, rp)
	if res == nil {
		return err
	}
	view.Summary("rollback", res, err)
	return runError(env, res, err)
}

// appliedPlan reads the plan apply kept with the state; the backend
// checks that it is the state's plan.
func appliedPlan(ctx context.Context, b state.PlanStore, planID string) (*plan.Plan, error) {
	data, err := b.LoadPlan(ctx, planID)
	if err != nil {
		return nil, fmt.Errorf("the state's plan %s is needed to roll back: %w", views.ShortPlanID(planID), err)
	}
	return plan.Decode(data)
}

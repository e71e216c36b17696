package main

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"os"
	"strings"
	"time"

	"github.com/relctl/relctl/cmd/relctl/views"
	"github.com/relctl/relctl/executor"
	"github.com/relctl/relctl/planner/plan"
	"github.com/relctl/relctl/state"
)

// ApplyCmd performs a plan.
type ApplyCmd struct {
	File              string        `arg:"" optional:"" help:"Plan file written by relctl plan -out. Without it, relctl plans now, shows the plan and asks."`
	AutoApprove       bool          `name:"auto-approve" help:"Do not ask before applying a plan made now."`
	Parallelism       int           `name:"parallelism" help:"Actions to run at once (default: the configuration's parallelism, 10)."`
	RollbackOnFailure bool          `name:"rollback-on-failure" help:"When the apply fails, undo everything the plan did."`
	PlanSHA256        string        `name:"plan-sha256" placeholder:"HEX" help:"Refuse any plan whose SHA-256 is not HEX (the plan reviewed)."`
	LockTimeout       time.Duration `name:"lock-timeout" default:"0s" help:"How long to wait for the state lock (0: fail at once)."`
	JSON              bool          `name:"json" help:"Stream progress as JSON events, one per line."`

	Var     []string `name:"var" help:"Without FILE: set a variable, NAME=VALUE (repeatable)." sep:"none"`
	VarFile []string `name:"var-file" help:"Without FILE: read variables from an HCL file (repeatable)." sep:"none"`
	Target  []string `name:"target" help:"Without FILE: plan only this address or prefix and what it depends on (repeatable)." sep:"none"`
}

// Run reads or makes the plan, then performs it. Exit code 3 means the
// apply stopped before the end without failing: run it again to resume.
func (c *ApplyCmd) Run(g *Globals, env *Env) error {
	p, err := c.plan(context.Background(), g, env)
	if err != nil || p == nil {
		return err
	}
	ctx, stop := interruptible(env)
	defer stop()
	return c.apply(ctx, g, env, p)
}

// plan reads the plan file, or takes the unfinished plan the backend
// holds, or plans now and asks for approval. It returns nil when there is
// nothing to do.
func (c *ApplyCmd) plan(ctx context.Context, g *Globals, env *Env) (*plan.Plan, error) {
	if c.File != "" {
		if len(c.Var)+len(c.VarFile)+len(c.Target) > 0 {
			return nil, errors.New("-var, -var-file and -target make a plan; a saved plan is applied as it is")
		}
		p, err := readPlanFile(c.File)
		if err != nil {
			return nil, err
		}
		if c.PlanSHA256 != "" && !strings.EqualFold(c.PlanSHA256, p.PlanID) {
			return nil, fmt.Errorf("plan %s has sha256 %s, not %s as -plan-sha256 requires: it is not the plan that was reviewed", c.File, p.PlanID, c.PlanSHA256)
		}
		return p, nil
	}
	if p, err := c.unfinishedPlan(ctx, g, env); err != nil || p != nil {
		return p, err
	}
	switch {
	case c.JSON:
		return nil, errors.New("apply -json needs a plan file: save one with relctl plan -out FILE")
	case c.PlanSHA256 != "":
		return nil, errors.New("-plan-sha256 checks a plan file: give the file")
	case !c.AutoApprove && !env.Interactive:
		return nil, errors.New("apply without a plan file asks for approval, and the input is not a terminal: pass -auto-approve, or apply a saved plan")
	}
	p, err := planAndShow(g, env, planOptions{Vars: c.Var, VarFiles: c.VarFile, Targets: c.Target, Refresh: true})
	if err != nil {
		return nil, err
	}
	if !p.HasChanges() {
		fmt.Fprintln(env.Stdout, "\nNo changes: nothing to apply.")
		return nil, nil
	}
	if !c.AutoApprove && !approve(env, "Do you want to perform these actions?") {
		return nil, errors.New("apply cancelled")
	}
	return p, nil
}

// approve asks question and reads the answer from stdin.
func approve(env *Env, question string) bool {
	fmt.Fprintf(env.Stdout, "\n%s\n  relctl will do what is described above. Only 'yes' will be accepted.\n\n  Enter a value: ", question)
	line, _ := bufio.NewReader(env.Stdin).ReadString('\n')
	fmt.Fprintln(env.Stdout)
	return strings.TrimSpace(line) == "yes"
}

// apply locks the state, configures the providers, refuses a stale plan
// (unless resuming it: our own earlier actions changed the facts) and
// executes it.
func (c *ApplyCmd) apply(ctx context.Context, g *Globals, env *Env, p *plan.Plan) error {
	if p.IsRollback() {
		return c.applyRollbackPlan(ctx, g, env, p)
	}
	g = planGlobals(g, p)
	run, err := openState(ctx, g, env, stateSource{Plan: p}, "apply", c.LockTimeout)
	if err != nil {
		return err
	}
	defer run.close()
	if err := run.configure(ctx, g, env, p); err != nil {
		return err
	}
	view := views.NewApplyView(env.Stdout, c.JSON)
	e := run.executor(view, c.Parallelism)
	started, err := e.Admit()
	if err != nil {
		return err
	}
	if started {
		view.Resuming(p, run.journal.State())
	} else if err := plan.CheckFacts(ctx, p, run.providers); err != nil {
		return err
	}
	if err := savePlan(ctx, run.backend, p, c.File); err != nil {
		return err
	}
	res, err := e.Apply(ctx)
	if res == nil {
		return err
	}
	view.Summary("apply", res, err)
	if err != nil && c.RollbackOnFailure && !isStopped(err) && ctx.Err() == nil {
		return c.rollback(ctx, env, e, view, err)
	}
	return runError(env, res, err)
}

// rollback undoes what a failed apply did (-rollback-on-failure).
func (c *ApplyCmd) rollback(ctx context.Context, env *Env, e *executor.Executor, view views.ApplyView, applyErr error) error {
	reportRootCauses(env, applyErr)
	rp, err := e.PlanRollback(ctx, nil)
	if err != nil {
		return err
	}
	if !c.JSON {
		fmt.Fprintln(env.Stdout, "\nRolling back what the plan did (-rollback-on-failure).")
	}
	view.RollbackPlan(rp)
	res, err := e.ApplyRollback(ctx, rp)
	if res == nil {
		return err
	}
	view.Summary("rollback", res, err)
	if err != nil {
		return runError(env, res, err)
	}
	return reported{fmt.Errorf("apply failed and was rolled back: %w", applyErr)}
}

// runError turns a run's error into the command's: exit 3 for a run
// that stopped before the end, the root causes otherwise.
func runError(env *Env, res *executor.Result, err error) error {
	switch {
	case err == nil:
		return nil
	case isStopped(err):
		// The summary said so and how to resume.
		return &ExitError{Code: 3, Err: reported{err}}
	case res != nil && len(res.Errors) > 0:
		reportRootCauses(env, err)
		return reported{err}
	}
	return err
}

// reportRootCauses prints one "Error:" paragraph per failed action.
func reportRootCauses(env *Env, err error) {
	var joined interface{ Unwrap() []error }
	if !errors.As(err, &joined) {
		fmt.Fprintf(env.Stderr, "\nError: %v\n", err)
		return
	}
	for _, e := range joined.Unwrap() {
		fmt.Fprintf(env.Stderr, "\nError: %v\n", e)
	}
}

func isStopped(err error) bool { return errors.Is(err, executor.ErrStopped) }

// savePlan keeps the plan being applied with the state, for a resume or
// a rollback on another machine. A plan applied from a file (read and
// verified: its bytes are the plan) is linked where the backend can link
// it, so that a large plan is stored once.
func savePlan(ctx context.Context, b state.PlanStore, p *plan.Plan, file string) error {
	if l, ok := b.(state.PlanLinker); ok && file != "" && l.LinkPlan(ctx, p.PlanID, file) == nil {
		return nil
	}
	data, err := plan.Encode(p)
	if err != nil {
		return err
	}
	if err := b.SavePlan(ctx, p.PlanID, data); err != nil {
		return fmt.Errorf("saving the plan with the state: %w", err)
	}
	return nil
}

// planGlobals returns the globals with the configuration directory the
// plan was made in, unless -chdir names one: relative paths of the plan
// (the state, git remotes, exec directories) resolve against it, so a plan
// made with -chdir=DIR applies the same from where it was made.
//
// A plan resumed on another machine may name a directory that is not
// there: the configuration directory of this run is then the plan's.
func planGlobals(g *Globals, p *plan.Plan) *Globals {
	if (g.Chdir != "" && g.Chdir != ".") || p.Settings.Dir == "" {
		return g
	}
	if fi, err := os.Stat(p.Settings.Dir); err != nil || !fi.IsDir() {
		return g
	}
	cp := *g
	cp.Chdir = p.Settings.Dir
	return &cp
}

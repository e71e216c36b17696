package main

import (
	"context"
	"runtime/debug"

	"github.com/relctl/relctl/cmd/relctl/views"
	"github.com/relctl/relctl/planner/plan"
)

// PlanCmd computes and prints the release plan.
type PlanCmd struct {
	Out              string   `name:"out" help:"Save the plan to this file, for relctl apply."`
	Var              []string `name:"var" help:"Set a variable: NAME=VALUE (repeatable)." sep:"none"`
	VarFile          []string `name:"var-file" help:"Read variables from an HCL file (repeatable)." sep:"none"`
	JSON             bool     `name:"json" help:"Print the plan as JSON instead of text."`
	DetailedExitcode bool     `name:"detailed-exitcode" help:"Exit 0 when there is nothing to do, 2 when there are actions, 1 on error."`
	Target           []string `name:"target" help:"Plan only this action address or prefix and what it depends on (repeatable)." sep:"none"`
	Refresh          bool     `name:"refresh" default:"true" negatable:"" help:"Read the world from providers (-refresh=false: offline)."`
}

// Run plans, renders and optionally saves the plan.
func (c *PlanCmd) Run(g *Globals, env *Env) error {
	ctx := context.Background()
	p, err := buildPlan(ctx, g, env, planOptions{Vars: c.Var, VarFiles: c.VarFile, Targets: c.Target, Refresh: c.Refresh})
	if err != nil {
		return err
	}
	releaseBuildMemory()
	if c.Out != "" {
		if _, err := plan.WriteFile(c.Out, p); err != nil {
			return err
		}
	} else if _, err := plan.Encode(p); err != nil {
		return err
	}
	if c.JSON {
		err = views.WritePlanJSON(env.Stdout, p)
	} else {
		err = views.WritePlan(env.Stdout, p, views.Options{Color: env.Color, PlanPath: c.Out})
	}
	if err != nil {
		return err
	}
	if c.DetailedExitcode && p.HasChanges() {
		return &ExitError{Code: 2}
	}
	return nil
}

// planAndShow plans and prints the plan, for apply without a plan file.
func planAndShow(g *Globals, env *Env, o planOptions) (*plan.Plan, error) {
	p, err := buildPlan(context.Background(), g, env, o)
	if err != nil {
		return nil, err
	}
	if _, err := plan.Encode(p); err != nil {
		return nil, err
	}
	if err := views.WritePlan(env.Stdout, p, views.Options{Color: env.Color, Applying: true}); err != nil {
		return nil, err
	}
	return p, nil
}

// releaseBuildMemory returns to the system the memory that building the
// plan used and no longer does, before the plan is encoded and written.
//
// Building leaves the heap fragmented (of the ~200 MiB resident at the end
// of building 10,000 components, 56 MiB were unused room in spans of the
// sizes parsing and evaluating allocate, and 30 MiB free pages the
// background scavenger had not yet returned); encoding the plan then
// allocates buffers of other sizes that cannot reuse that room, so they
// came on top of it. One collection (about 20 ms at 10,000 components, a
// millisecond at 1,000) releases it: peak RSS of planning 10,000
// components fell from 206 to 162 MiB.
func releaseBuildMemory() { debug.FreeOSMemory() }

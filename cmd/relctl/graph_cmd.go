package main

import (
	"context"

	"github.com/relctl/relctl/cmd/relctl/views"
	"github.com/relctl/relctl/planner/plan"
)

// GraphCmd prints the action graph.
type GraphCmd struct {
	Format  string   `name:"format" default:"dot" enum:"dot,mermaid" help:"Output format: dot or mermaid."`
	Var     []string `name:"var" help:"Set a variable: NAME=VALUE (repeatable), when planning from the configuration." sep:"none"`
	VarFile []string `name:"var-file" help:"Read variables from an HCL file (repeatable)." sep:"none"`
	Refresh bool     `name:"refresh" default:"true" negatable:"" help:"Read the world from providers when planning from the configuration (-refresh=false: offline)."`
	File    string   `arg:"" optional:"" help:"Plan file; without it the configuration is planned offline."`
}

// Run prints the graph of a saved plan or of the configuration.
func (c *GraphCmd) Run(g *Globals, env *Env) error {
	var p *plan.Plan
	var err error
	if c.File != "" {
		p, err = plan.ReadFile(c.File)
	} else {
		p, err = buildPlan(context.Background(), g, env, planOptions{Vars: c.Var, VarFiles: c.VarFile, Refresh: c.Refresh})
	}
	if err != nil {
		return err
	}
	if c.Format == "mermaid" {
		return views.WriteGraphMermaid(env.Stdout, p)
	}
	return views.WriteGraphDot(env.Stdout, p)
}

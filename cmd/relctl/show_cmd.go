package main

import (
	"errors"
	"fmt"

	"github.com/relctl/relctl/cmd/relctl/views"
	"github.com/relctl/relctl/planner/plan"
	"github.com/relctl/relctl/state"
)

// ShowCmd renders a saved plan, or the state.
type ShowCmd struct {
	JSON     bool   `name:"json" xor:"format" help:"Print the plan as JSON."`
	Markdown bool   `name:"markdown" xor:"format" help:"Print the plan as Markdown, as relctl comment posts it."`
	State    string `name:"state" help:"State file to show when no plan file is given (default: the configuration's state_path)."`
	File     string `arg:"" optional:"" help:"Plan file written by relctl plan -out."`
}

// Run renders the plan file, or the state when no file is given.
func (c *ShowCmd) Run(g *Globals, env *Env) error {
	if c.File == "" {
		return c.showState(g, env)
	}
	p, err := plan.ReadFile(c.File)
	if err != nil {
		return err
	}
	if p.IsRollback() {
		return showRollback(env.Stdout, p, c.File, c.JSON, c.Markdown, env.Color)
	}
	switch {
	case c.JSON:
		return views.WritePlanJSON(env.Stdout, p)
	case c.Markdown:
		return views.WritePlanMarkdown(env.Stdout, p, views.MarkdownOptions{PlanPath: c.File, Marker: commentMarker})
	}
	return views.WritePlan(env.Stdout, p, views.Options{Color: env.Color, PlanPath: c.File})
}

func (c *ShowCmd) showState(g *Globals, env *Env) error {
	if c.JSON || c.Markdown {
		return errors.New("-json and -markdown render a plan: give the plan file")
	}
	s, where, err := loadState(g, env, c.State)
	if errors.Is(err, state.ErrNoState) {
		fmt.Fprintf(env.Stdout, "No state at %s: nothing has been applied yet.\n", where)
		return nil
	}
	if err != nil {
		return err
	}
	views.WriteStateSummary(env.Stdout, s)
	return nil
}

// commentMarker identifies the pull-request comment relctl posts.
const commentMarker = "<!-- relctl:plan -->"

package main

import (
	"fmt"

	"github.com/relctl/relctl/planner"
	"github.com/relctl/relctl/providers/builtin"
)

// ValidateCmd checks the configuration offline.
type ValidateCmd struct{}

// Run loads the configuration and makes every check that needs no
// provider.
func (c *ValidateCmd) Run(g *Globals, env *Env) error {
	cfg, err := loadConfig(g, env)
	if err != nil {
		return err
	}
	diags := planner.Validate(cfg, planner.Options{Registry: builtin.Registry(), RelctlVersion: Version})
	if err := renderDiags(env, cfg, diags); err != nil {
		return err
	}
	fmt.Fprintf(env.Stdout, "The configuration is valid (%d files, %d components, %d stages).\n",
		len(cfg.Files), len(cfg.Components), len(cfg.Stages))
	return nil
}

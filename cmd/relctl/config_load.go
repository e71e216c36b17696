package main

import (
	"context"
	"os"
	"path/filepath"

	"github.com/hashicorp/hcl/v2"

	"github.com/relctl/relctl/config"
	"github.com/relctl/relctl/planner"
	"github.com/relctl/relctl/planner/plan"
	"github.com/relctl/relctl/providers/builtin"
)

// loadConfig reads the configuration of -chdir and renders its
// diagnostics; it returns an error when there are errors.
func loadConfig(g *Globals, env *Env) (*config.Config, error) {
	cfg, diags := config.Load(g.Chdir, builtin.Registry())
	if err := renderDiags(env, cfg, diags); err != nil {
		return nil, err
	}
	return cfg, nil
}

// renderDiags writes diagnostics with snippets from the configuration and
// from any other file they name (a manifest, a variables file).
func renderDiags(env *Env, cfg *config.Config, diags hcl.Diagnostics) error {
	files := map[string]*hcl.File{}
	dir := "."
	if cfg != nil {
		dir = cfg.Dir
		for name, f := range cfg.Files {
			files[name] = f
		}
	}
	for _, d := range diags {
		for _, r := range []*hcl.Range{d.Subject, d.Context} {
			if r == nil || r.Filename == "" || files[r.Filename] != nil {
				continue
			}
			for _, path := range []string{filepath.Join(dir, r.Filename), r.Filename} {
				if src, err := os.ReadFile(path); err == nil {
					files[r.Filename] = &hcl.File{Bytes: src}
					break
				}
			}
		}
	}
	return writeDiagnostics(env, files, diags)
}

// planOptions are the planning flags shared by plan, graph and apply
// without a plan file.
type planOptions struct {
	Vars     []string
	VarFiles []string
	Targets  []string
	Refresh  bool
}

// buildPlan loads the configuration and computes the plan, rendering
// diagnostics on the way.
func buildPlan(ctx context.Context, g *Globals, env *Env, o planOptions) (*plan.Plan, error) {
	cfg, err := loadConfig(g, env)
	if err != nil {
		return nil, err
	}
	varFiles := make([]string, len(o.VarFiles))
	for i, f := range o.VarFiles {
		varFiles[i] = f
		if !filepath.IsAbs(f) {
			varFiles[i] = filepath.Join(g.Chdir, f)
		}
	}
	p, diags := planner.Build(ctx, cfg, planner.Options{
		Registry:      builtin.Registry(),
		Vars:          planner.VarInputs{Flags: o.Vars, Files: varFiles, Environ: os.Environ()},
		Logger:        env.Logger.Named("planner"),
		Getenv:        env.Getenv,
		NoRefresh:     !o.Refresh,
		Targets:       o.Targets,
		RelctlVersion: Version,
	})
	if err := renderDiags(env, cfg, diags); err != nil {
		return nil, err
	}
	return p, nil
}

package main

import (
	"context"
	"fmt"
	"sort"

	"github.com/hashicorp/go-hclog"

	"github.com/relctl/relctl/config"
	"github.com/relctl/relctl/planner/plan"
	"github.com/relctl/relctl/providers/builtin"
	"github.com/relctl/relctl/state"
)

// backendSpec says which backend holds a state: its type and settings,
// the sensitive ones included (they are read from the configuration or
// the environment, never from a plan).
type backendSpec struct {
	Type     string
	Settings map[string]string
	// Dir is the configuration directory: relative paths resolve there.
	Dir string
}

// backendOpener opens one backend type.
type backendOpener func(ctx context.Context, spec backendSpec, getenv func(string) string, logger hclog.Logger) (state.Backend, error)

// backendOpeners are the backend types relctl can open, by the name the
// configuration's backend block gives.
var backendOpeners = map[string]backendOpener{
	"local": openLocal,
}

func openLocal(_ context.Context, spec backendSpec, _ func(string) string, _ hclog.Logger) (state.Backend, error) {
	return state.NewLocal(statePath(&Globals{Chdir: spec.Dir}, spec.Settings["path"])), nil
}

// stateSource is what a command knows about where its state is.
type stateSource struct {
	// Flag is -state PATH: a local state file, whatever the configuration
	// says.
	Flag string
	// Plan is the plan being applied: its settings name the backend.
	Plan *plan.Plan
}

// openBackend is how every command that reads or writes a state finds
// it: -state, else the backend the plan was made for, else the one of the
// configuration (read for that setting only: inspecting or rolling back a
// state must not depend on the rest of the configuration being valid),
// else the local file relctl.state.
func openBackend(ctx context.Context, g *Globals, env *Env, src stateSource) (state.Backend, error) {
	spec := resolveBackend(g, src)
	if _, ok := backendOpeners[spec.Type]; !ok {
		return nil, fmt.Errorf("backend %q is not one relctl can open (%v)", spec.Type, backendTypes())
	}
	return openSpecBackend(ctx, env, spec)
}

func resolveBackend(g *Globals, src stateSource) backendSpec {
	if src.Flag != "" {
		return backendSpec{Type: "local", Settings: map[string]string{"path": src.Flag}, Dir: g.Chdir}
	}
	if p := src.Plan; p != nil {
		if p.Settings.Backend == nil {
			// A local state needs nothing from the configuration: it is
			// not read, which for a large one saves parsing it again.
			return backendSpec{Type: "local", Settings: map[string]string{"path": p.Settings.StatePath}, Dir: g.Chdir}
		}
		cfg := configuredRelctl(g)
		spec := backendSpec{Type: p.Settings.Backend.Type, Settings: map[string]string{}, Dir: g.Chdir}
		for k, v := range p.Settings.Backend.Settings {
			spec.Settings[k] = v
		}
		// The plan holds no secret: take the configuration's, if it names
		// the same backend.
		if cfg != nil && cfg.Backend != nil && cfg.Backend.Type == spec.Type {
			for k, v := range cfg.Backend.Settings {
				if _, ok := spec.Settings[k]; !ok {
					spec.Settings[k] = v
				}
			}
		}
		return spec
	}
	cfg := configuredRelctl(g)
	switch {
	case cfg == nil:
		return backendSpec{Type: "local", Settings: map[string]string{}, Dir: g.Chdir}
	case cfg.Backend == nil || cfg.Backend.Type == "local":
		return backendSpec{Type: "local", Settings: map[string]string{"path": cfg.StatePath}, Dir: g.Chdir}
	}
	return backendSpec{Type: cfg.Backend.Type, Settings: cfg.Backend.Settings, Dir: g.Chdir}
}

// configuredRelctl reads the relctl block of the configuration in -chdir,
// or nil when there is none (or no configuration).
func configuredRelctl(g *Globals) *config.Relctl {
	if g == nil {
		return nil
	}
	cfg, _ := config.Load(g.Chdir, builtin.Registry())
	if cfg == nil {
		return nil
	}
	return cfg.Relctl
}

func backendTypes() []string {
	names := make([]string, 0, len(backendOpeners))
	for n := range backendOpeners {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}

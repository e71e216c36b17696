package main

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/relctl/relctl/cmd/relctl/views"
	"github.com/relctl/relctl/config"
	"github.com/relctl/relctl/state"
)

// StateMigrateCmd copies a state and its plan between backends.
type StateMigrateCmd struct {
	To          string        `name:"to" xor:"direction" required:"" placeholder:"BACKEND" help:"Copy the configuration's state (or -state) into BACKEND: TYPE[,NAME=VALUE…], e.g. pg,workspace=apim or github,repo=gravitee-io/release or local,path=old.state."`
	From        string        `name:"from" xor:"direction" required:"" placeholder:"BACKEND" help:"Copy the state of BACKEND into the configuration's backend (the way to move a local state to a backend just configured)."`
	LockTimeout time.Duration `name:"lock-timeout" default:"0s" help:"How long to wait for each state lock (0: fail at once)."`
}

// Run locks both states, copies the source's state and plan into the
// target (which must hold no state, or this very one) and reads it back.
func (c *StateMigrateCmd) Run(g *Globals, env *Env, sc *StateCmd) error {
	ctx := context.Background()
	configured, err := openBackend(ctx, g, env, stateSource{Flag: sc.State})
	if err != nil {
		return err
	}
	defer configured.Close()
	spec, given := c.To, "-to"
	if c.From != "" {
		spec, given = c.From, "-from"
	}
	other, err := openSpec(ctx, g, env, given, spec)
	if err != nil {
		return err
	}
	defer other.Close()
	src, dst := configured, other
	if c.From != "" {
		src, dst = other, configured
	}
	if err := migrate(ctx, src, dst, c.LockTimeout); err != nil {
		return err
	}
	st, err := dst.ReadState(ctx)
	if err != nil {
		return err
	}
	fmt.Fprintf(env.Stdout, "Copied the state of %s (lineage %s, plan %s, %s) and its plan to %s.\n",
		src, st.Lineage, views.ShortPlanID(st.PlanID), views.StateCounts(st), dst)
	return nil
}

// migrate copies src into dst under both locks (state.Migrate takes
// them); a dst that already holds the same lineage and plan is left as
// it is.
func migrate(ctx context.Context, src, dst state.Backend, timeout time.Duration) error {
	if src.String() == dst.String() {
		return fmt.Errorf("%s is both the source and the target", src)
	}
	return state.Migrate(ctx, src, dst, timeout)
}

// openSpec opens the backend a -to or -from flag names: TYPE, then
// NAME=VALUE settings, comma-separated.
func openSpec(ctx context.Context, g *Globals, env *Env, flag, spec string) (state.Backend, error) {
	parts := strings.Split(spec, ",")
	attrs, ok := config.BackendTypes[parts[0]]
	if !ok {
		return nil, fmt.Errorf("%s %q: there is no backend type %q (the types are %s)", flag, spec, parts[0], strings.Join(config.BackendTypeNames(), ", "))
	}
	known := map[string]bool{}
	for _, a := range attrs {
		known[a.Name] = true
	}
	s := backendSpec{Type: parts[0], Settings: map[string]string{}, Dir: g.Chdir}
	for _, kv := range parts[1:] {
		k, v, ok := strings.Cut(kv, "=")
		if !ok || !known[k] {
			return nil, fmt.Errorf("%s %q: %q is not NAME=VALUE with a setting of backend %q", flag, spec, redactSetting(kv), parts[0])
		}
		s.Settings[k] = v
	}
	for _, a := range attrs {
		if _, ok := s.Settings[a.Name]; a.Required && !ok {
			return nil, fmt.Errorf("%s %q: backend %q needs %s=…", flag, spec, parts[0], a.Name)
		}
	}
	return openSpecBackend(ctx, env, s)
}

func openSpecBackend(ctx context.Context, env *Env, s backendSpec) (state.Backend, error) {
	b, err := backendOpeners[s.Type](ctx, s, env.Getenv, env.Logger.Named("backend"))
	if err != nil {
		return nil, fmt.Errorf("opening the %s backend: %w", s.Type, err)
	}
	return b, nil
}

// redactSetting keeps a value that may be a secret out of a message.
func redactSetting(kv string) string {
	if k, _, ok := strings.Cut(kv, "="); ok {
		return k + "=…"
	}
	return kv
}

package main

import (
	"context"
	"fmt"
	"os"
	"os/signal"
	"sort"
	"syscall"
	"time"

	"github.com/relctl/relctl/executor"
	"github.com/relctl/relctl/planner/plan"
	"github.com/relctl/relctl/providers"
	"github.com/relctl/relctl/providers/builtin"
	"github.com/relctl/relctl/state"
)

// applyRun is what apply and rollback hold while they run: the state's
// backend, its journal (which holds the state's lock) and the configured
// providers.
type applyRun struct {
	backend   state.Backend
	journal   state.Recorder
	plan      *plan.Plan
	providers map[string]providers.Provider
	env       *Env
}

// openState opens the backend src names and its journal, which locks
// the state for operation until it is closed.
func openState(ctx context.Context, g *Globals, env *Env, src stateSource, operation string, timeout time.Duration) (*applyRun, error) {
	b, err := openBackend(ctx, g, env, src)
	if err != nil {
		return nil, err
	}
	j, err := state.OpenRecorder(ctx, b, operation, timeout)
	if err != nil {
		b.Close()
		return nil, err
	}
	return &applyRun{backend: b, journal: j}, nil
}

// configure makes and configures the providers that the plan's actions
// and facts name, and registers the secrets the state must never hold.
func (r *applyRun) configure(ctx context.Context, g *Globals, env *Env, p *plan.Plan) error {
	r.plan, r.env = p, env
	r.providers = map[string]providers.Provider{}
	reg := builtin.Registry()
	for _, name := range providerNames(p) {
		prov, err := reg.New(name)
		if err != nil {
			return fmt.Errorf("the plan needs provider %q: %w", name, err)
		}
		cfg, err := plan.ProviderConfig(p, name, prov.Schema())
		if err != nil {
			return err
		}
		req := providers.ConfigureRequest{Config: cfg, Dir: g.Chdir, Logger: env.Logger.Named(name)}
		if err := prov.Configure(ctx, req); err != nil {
			return fmt.Errorf("configuring provider %q: %w", name, err)
		}
		r.providers[name] = prov
	}
	r.journal.AddSecrets(secretValues(p, reg, env.Getenv)...)
	return nil
}

// providerNames lists the providers the plan's actions and facts use.
func providerNames(p *plan.Plan) []string {
	seen := map[string]bool{}
	var names []string
	add := func(n string) {
		if n != "" && !seen[n] {
			seen[n] = true
			names = append(names, n)
		}
	}
	for _, a := range p.Actions {
		add(a.Provider)
	}
	for _, f := range p.Facts {
		add(f.Provider)
	}
	sort.Strings(names)
	return names
}

// secretValues returns the values the state must never hold: the
// sensitive variables the plan reads again at apply, and the credentials
// of every provider relctl knows (whether the plan uses it or not: a token
// may still turn up in another provider's output).
func secretValues(p *plan.Plan, reg *providers.Registry, getenv func(string) string) []string {
	var out []string
	for _, name := range reg.Names() {
		schema, _ := reg.Schema(name)
		for _, v := range schema.CredentialEnv {
			out = append(out, getenv(v))
		}
	}
	for _, a := range p.Actions {
		for _, d := range a.Deferred {
			for _, name := range d.Env {
				out = append(out, getenv(plan.EnvVarPrefix+name))
			}
		}
	}
	return out
}

func (r *applyRun) executor(hook executor.Hook, parallelism int) *executor.Executor {
	return &executor.Executor{
		Plan:        r.plan,
		Providers:   r.providers,
		Journal:     r.journal,
		Hook:        hook,
		Parallelism: parallelism,
		Logger:      r.env.Logger,
		Getenv:      r.env.Getenv,
	}
}

// close closes the journal, which releases the state's lock, then the
// backend.
func (r *applyRun) close() {
	r.journal.Close()
	r.backend.Close()
}

// interruptible returns a context cancelled by the first interrupt
// (SIGINT or SIGTERM): no new action starts, running ones finish or are
// cancelled cleanly. A second interrupt exits at once with code 3; every
// record is an fsynced append, so the state stays consistent.
func interruptible(env *Env) (context.Context, func()) {
	ctx, cancel := context.WithCancel(context.Background())
	sigs := make(chan os.Signal, 2)
	notifySignals(sigs)
	done := make(chan struct{})
	go func() {
		select {
		case <-sigs:
		case <-done:
			return
		}
		fmt.Fprintln(env.Stderr, "\nInterrupt received: no new action will start; running actions may finish. Interrupt again to exit at once.")
		cancel()
		select {
		case <-sigs:
			fmt.Fprintln(env.Stderr, "Exiting at once. The state is consistent: run the command again to resume.")
			exitNow(3)
		case <-done:
		}
	}()
	return ctx, func() {
		signal.Stop(sigs)
		close(done)
		cancel()
	}
}

// Indirections for tests.
var (
	notifySignals = func(c chan<- os.Signal) { signal.Notify(c, os.Interrupt, syscall.SIGTERM) }
	exitNow       = os.Exit
)

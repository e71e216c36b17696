package main

import (
	"context"
	"fmt"
	"path/filepath"

	"github.com/relctl/relctl/cmd/relctl/views"
	"github.com/relctl/relctl/state"
)

// defaultStateFile is the state file's name in the configuration
// directory when neither -state nor the configuration names another.
const defaultStateFile = "relctl.state"

// loadState reads the state of -state or of the configuration's backend,
// without locking it; where describes the backend for messages.
func loadState(g *Globals, env *Env, flag string) (st *state.State, where string, err error) {
	ctx := context.Background()
	b, err := openBackend(ctx, g, env, stateSource{Flag: flag})
	if err != nil {
		return nil, "", err
	}
	defer b.Close()
	st, err = b.ReadState(ctx)
	return st, b.String(), err
}

// statePath returns the state file to use: flag when given, else
// relctl.state; a relative path is taken from the configuration
// directory (-chdir), as every path relctl reads is.
func statePath(g *Globals, flag string) string {
	p := flag
	if p == "" {
		p = defaultStateFile
	}
	if filepath.IsAbs(p) || g == nil || g.Chdir == "" {
		return p
	}
	return filepath.Join(g.Chdir, p)
}

// StateCmd inspects the state and releases a stuck lock.
type StateCmd struct {
	State string `name:"state" placeholder:"PATH" help:"Local state file (default: the configuration's backend, else its state_path, else relctl.state)."`

	List    StateListCmd    `cmd:"" help:"List the state's actions and their status, in plan order."`
	Show    StateShowCmd    `cmd:"" help:"Show what the state holds about one action."`
	Unlock  StateUnlockCmd  `cmd:"" help:"Release the state lock left by a process that died."`
	Migrate StateMigrateCmd `cmd:"" help:"Copy the state and its plan into another backend, or from one into the configuration's."`
}

// StateListCmd lists the actions.
type StateListCmd struct{}

// Run prints one line per action: its status, then its address.
func (c *StateListCmd) Run(g *Globals, env *Env, sc *StateCmd) error {
	s, _, err := loadState(g, env, sc.State)
	if err != nil {
		return err
	}
	views.WriteStateList(env.Stdout, s)
	return nil
}

// StateShowCmd shows one action.
type StateShowCmd struct {
	Address string `arg:"" name:"ADDR" help:"Address of the action, as relctl state list prints it."`
}

// Run prints the action's status, times, attempts, outputs, undo data and
// error.
func (c *StateShowCmd) Run(g *Globals, env *Env, sc *StateCmd) error {
	s, where, err := loadState(g, env, sc.State)
	if err != nil {
		return err
	}
	a, ok := s.Actions[c.Address]
	if !ok {
		return fmt.Errorf("no action %q in the state at %s (relctl state list prints the addresses)", c.Address, where)
	}
	views.WriteStateAction(env.Stdout, a)
	return nil
}

// StateUnlockCmd releases a stuck lock.
type StateUnlockCmd struct {
	ID string `arg:"" name:"LOCK_ID" help:"ID of the lock, as the error of the run that found it locked names it."`
}

// Run releases the lock if it is LOCK_ID's and its holder is gone.
func (c *StateUnlockCmd) Run(g *Globals, env *Env, sc *StateCmd) error {
	ctx := context.Background()
	b, err := openBackend(ctx, g, env, stateSource{Flag: sc.State})
	if err != nil {
		return err
	}
	defer b.Close()
	if err := b.ForceUnlock(ctx, c.ID); err != nil {
		return err
	}
	fmt.Fprintf(env.Stdout, "Released the lock %s on %s.\n", c.ID, b)
	return nil
}

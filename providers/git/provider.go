package git

import (
	"context"
	"encoding/json"
	"fmt"
	"path/filepath"
	"sync"

	"github.com/hashicorp/go-hclog"

	"github.com/relctl/relctl/providers"
)

// Provider is the git provider. Its zero configuration works in
// ".relctl/work" of the current directory. Its action methods
// (PlanAction, ApplyAction, CheckAction, UndoAction) are those of the
// embedded dispatcher.
type Provider struct {
	*actions

	workdir string
	dir     string
	run     *runner
	log     hclog.Logger

	mu    sync.Mutex
	locks map[string]*sync.Mutex
}

var (
	_ providers.Provider         = (*Provider)(nil)
	_ providers.RepositoryReader = (*Provider)(nil)
	_ providers.ChangeCounter    = (*Provider)(nil)
	_ providers.FileReader       = (*Provider)(nil)
	_ providers.FactChecker      = (*Provider)(nil)
)

// New returns an unconfigured git provider.
func New() providers.Provider {
	p := &Provider{
		workdir: filepath.Join(".relctl", "work"),
		run:     newRunner("relctl", "relctl@localhost"),
		log:     hclog.NewNullLogger(),
		locks:   map[string]*sync.Mutex{},
	}
	p.actions = providers.NewActions("git", p.prepare, actionTypes...)
	return p
}

// Configure reads the workdir and the commit identity.
func (p *Provider) Configure(_ context.Context, req providers.ConfigureRequest) error {
	cfg := providers.Args{V: req.Config}
	p.dir = req.Dir
	p.workdir = cfg.StringOr("workdir", filepath.Join(".relctl", "work"))
	if !filepath.IsAbs(p.workdir) {
		p.workdir = filepath.Join(req.Dir, p.workdir)
	}
	p.run = newRunner(cfg.StringOr("author_name", "relctl"), cfg.StringOr("author_email", "relctl@localhost"))
	if req.Logger != nil {
		p.log = req.Logger
	}
	return nil
}

// action is one git_* action. parse runs first; every other step runs
// with the action's clone locked and freshly fetched.
type action interface {
	providers.Action[*clone]
	// parse validates the arguments; known reports whether every argument
	// the action needs is known (false only at plan time).
	parse(ctx context.Context, p *Provider, a providers.Args) (known bool, err error)
}

// actions dispatches the provider methods to the action types.
type actions = providers.Actions[*clone, action]

// prepare parses the arguments and opens the clone of the remote; a plan
// whose remote is not known yet gets no clone.
func (p *Provider) prepare(ctx context.Context, call providers.Call, act action) (providers.Opened[*clone], error) {
	a := providers.Args{V: call.Args}
	known, err := act.parse(ctx, p, a)
	if err != nil {
		return providers.Opened[*clone]{}, err
	}
	if !known {
		if call.Step.Known() {
			return providers.Opened[*clone]{}, fmt.Errorf("%s: arguments are not all known", call.Type)
		}
		if !a.Known("remote") {
			return providers.Opened[*clone]{Log: p.log}, nil
		}
	}
	c, release, err := p.open(ctx, p.remote(a))
	if err != nil {
		return providers.Opened[*clone]{}, err
	}
	if call.Logger != nil {
		c.log = call.Logger.With("remote", redactText(c.remote))
	}
	return providers.Opened[*clone]{Env: c, Log: c.log, Release: release}, nil
}

func (p *Provider) remote(a providers.Args) string {
	return normaliseRemote(a.String("remote"), p.dir)
}

// undoData encodes v for the state.
func undoData(v any) json.RawMessage { return providers.EncodeUndo(v) }

// decodeUndo reads undo data written by undoData. git's undos move refs
// back to where they were, which only the undo data records.
func decodeUndo(raw json.RawMessage, v any) error {
	recorded, err := providers.DecodeUndo(raw, v)
	if err == nil && !recorded {
		return providers.ErrNoUndoData
	}
	return err
}

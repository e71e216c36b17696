package git

import (
	"context"
	"encoding/json"
	"fmt"
	"path/filepath"
	"sync"

	"github.com/hashicorp/go-hclog"
	"github.com/zclconf/go-cty/cty"

	"github.com/relctl/relctl/providers"
)

// Provider is the git provider. Its zero configuration works in
// ".relctl/work" of the current directory.
type Provider struct {
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
	return &Provider{
		workdir: filepath.Join(".relctl", "work"),
		run:     newRunner("relctl", "relctl@localhost"),
		log:     hclog.NewNullLogger(),
		locks:   map[string]*sync.Mutex{},
	}
}

// Schema describes the provider block and the git_* actions.
func (p *Provider) Schema() providers.ProviderSchema { return schema() }

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

// actionType is one git_* action: each step runs with its clone locked
// and freshly fetched.
type actionType interface {
	// parse validates the arguments; known reports whether every argument
	// the action needs is known (false only at plan time).
	parse(ctx context.Context, p *Provider, a providers.Args) (known bool, err error)
	plan(ctx context.Context, c *clone, req providers.PlanActionRequest) (providers.PlanActionResponse, error)
	check(ctx context.Context, c *clone, req providers.CheckActionRequest) (providers.CheckActionResponse, error)
	apply(ctx context.Context, c *clone, req providers.ApplyActionRequest) (providers.ApplyActionResponse, error)
	undo(ctx context.Context, c *clone, req providers.UndoActionRequest) (providers.UndoActionResponse, error)
}

func newAction(typ string) (actionType, error) {
	switch typ {
	case "git_branch":
		return &branchAction{}, nil
	case "git_commit":
		return &commitAction{}, nil
	case "git_tag":
		return &tagAction{}, nil
	case "git_merge":
		return &mergeAction{}, nil
	case "git_push":
		return &pushAction{}, nil
	}
	return nil, fmt.Errorf("git provider has no action type %q", typ)
}

// prepare parses the arguments and opens the clone of the remote.
func (p *Provider) prepare(ctx context.Context, typ string, args cty.Value, needKnown bool) (actionType, *clone, func(), error) {
	t, err := newAction(typ)
	if err != nil {
		return nil, nil, nil, err
	}
	a := providers.Args{V: args}
	known, err := t.parse(ctx, p, a)
	if err != nil {
		return nil, nil, nil, err
	}
	if !known {
		if needKnown {
			return nil, nil, nil, fmt.Errorf("%s: arguments are not all known", typ)
		}
		if !a.Known("remote") {
			return t, nil, func() {}, nil
		}
	}
	c, release, err := p.open(ctx, p.remote(a))
	if err != nil {
		return nil, nil, nil, err
	}
	return t, c, release, nil
}

func (p *Provider) remote(a providers.Args) string {
	return normaliseRemote(a.String("remote"), p.dir)
}

// PlanAction reads the remote (and relctl's clone) and describes the action;
// an action whose result already holds is planned as a no-op.
func (p *Provider) PlanAction(ctx context.Context, req providers.PlanActionRequest) (providers.PlanActionResponse, error) {
	t, c, release, err := p.prepare(ctx, req.Type, req.Args, false)
	if err != nil {
		return providers.PlanActionResponse{}, fmt.Errorf("planning %s: %w", req.Address, err)
	}
	defer release()
	resp, err := t.plan(ctx, c, req)
	if err != nil {
		return resp, fmt.Errorf("planning %s: %w", req.Address, err)
	}
	return resp, nil
}

// ApplyAction performs the action unless its check finds it done already,
// which makes a second apply a no-op.
func (p *Provider) ApplyAction(ctx context.Context, req providers.ApplyActionRequest) (providers.ApplyActionResponse, error) {
	t, c, release, err := p.prepare(ctx, req.Type, req.Args, true)
	if err != nil {
		return providers.ApplyActionResponse{}, fmt.Errorf("applying %s: %w", req.Address, err)
	}
	defer release()
	if req.Logger != nil {
		c.log = req.Logger.With("remote", redactText(c.remote))
	}
	st, err := t.check(ctx, c, providers.CheckActionRequest{Address: req.Address, Type: req.Type, Args: req.Args})
	if err != nil {
		return providers.ApplyActionResponse{}, fmt.Errorf("applying %s: %w", req.Address, err)
	}
	switch st.Status {
	case providers.CheckDone:
		c.log.Info("already done", "action", req.Address)
		return providers.ApplyActionResponse{Outputs: st.Outputs, UndoData: st.UndoData}, nil
	case providers.CheckConflict:
		return providers.ApplyActionResponse{}, fmt.Errorf("applying %s: %s", req.Address, st.Detail)
	}
	resp, err := t.apply(ctx, c, req)
	if err != nil {
		return resp, fmt.Errorf("applying %s: %w", req.Address, err)
	}
	return resp, nil
}

// CheckAction tells whether the action's result holds in relctl's clone or
// on the remote.
func (p *Provider) CheckAction(ctx context.Context, req providers.CheckActionRequest) (providers.CheckActionResponse, error) {
	t, c, release, err := p.prepare(ctx, req.Type, req.Args, true)
	if err != nil {
		return providers.CheckActionResponse{}, fmt.Errorf("checking %s: %w", req.Address, err)
	}
	defer release()
	resp, err := t.check(ctx, c, req)
	if err != nil {
		return resp, fmt.Errorf("checking %s: %w", req.Address, err)
	}
	return resp, nil
}

// UndoAction reverses the action with compare-and-swap: it only removes or
// resets what still is as relctl left it.
func (p *Provider) UndoAction(ctx context.Context, req providers.UndoActionRequest) (providers.UndoActionResponse, error) {
	t, c, release, err := p.prepare(ctx, req.Type, req.Args, true)
	if err != nil {
		return providers.UndoActionResponse{}, fmt.Errorf("undoing %s: %w", req.Address, err)
	}
	defer release()
	if req.Logger != nil {
		c.log = req.Logger.With("remote", redactText(c.remote))
	}
	resp, err := t.undo(ctx, c, req)
	if err != nil {
		return resp, fmt.Errorf("undoing %s: %w", req.Address, err)
	}
	return resp, nil
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

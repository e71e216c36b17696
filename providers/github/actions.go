package github

import (
	"context"
	"fmt"

	gh "github.com/google/go-github/v57/github"
	"github.com/hashicorp/go-hclog"
	"github.com/zclconf/go-cty/cty"

	"github.com/relctl/relctl/providers"
)

// action is one github_* action instance with its arguments parsed.
// parse runs first; at plan time some arguments may be unknown, and plan
// must then describe the action without reading what it cannot name.
type action interface {
	parse(p *Provider, a providers.Args) error
	plan(ctx context.Context) (providers.PlanActionResponse, error)
	check(ctx context.Context, outputs map[string]cty.Value, undo []byte) (providers.CheckActionResponse, error)
	apply(ctx context.Context, log hclog.Logger) (providers.ApplyActionResponse, error)
	undo(ctx context.Context, req undoRequest) (providers.UndoActionResponse, error)
}

func newAction(typ, address string) (action, error) {
	switch typ {
	case "github_branch":
		return &branchAction{addr: address}, nil
	case "github_file":
		return &fileAction{addr: address}, nil
	case "github_pull_request":
		return &pullAction{}, nil
	case "github_await_merge":
		return &awaitAction{}, nil
	case "github_comment":
		return &commentAction{address: address}, nil
	case "github_tag":
		return &tagAction{}, nil
	case "github_release":
		return &releaseAction{}, nil
	case "github_milestone_close":
		return &milestoneCloseAction{}, nil
	case "github_workflow":
		return &workflowAction{}, nil
	}
	return nil, fmt.Errorf("github provider has no action type %q", typ)
}

// prepare parses an action's arguments.
func (p *Provider) prepare(typ, address string, args cty.Value) (action, error) {
	if p.client == nil {
		return nil, fmt.Errorf("github provider is not configured")
	}
	act, err := newAction(typ, address)
	if err != nil {
		return nil, err
	}
	if err := act.parse(p, providers.Args{V: args}); err != nil {
		return nil, err
	}
	return act, nil
}

// PlanAction reads the world and describes the action; an action whose
// result already holds is planned as a no-op.
func (p *Provider) PlanAction(ctx context.Context, req providers.PlanActionRequest) (providers.PlanActionResponse, error) {
	act, err := p.prepare(req.Type, req.Address, req.Args)
	if err != nil {
		return providers.PlanActionResponse{}, fmt.Errorf("planning %s: %w", req.Address, err)
	}
	resp, err := act.plan(ctx)
	if err != nil {
		return resp, fmt.Errorf("planning %s: %w", req.Address, err)
	}
	return resp, nil
}

// ApplyAction performs the action unless its check finds it done already,
// so that applying twice does the work once.
func (p *Provider) ApplyAction(ctx context.Context, req providers.ApplyActionRequest) (providers.ApplyActionResponse, error) {
	act, err := p.prepare(req.Type, req.Address, req.Args)
	if err != nil {
		return providers.ApplyActionResponse{}, fmt.Errorf("applying %s: %w", req.Address, err)
	}
	log := req.Logger
	if log == nil {
		log = p.log
	}
	st, err := act.check(ctx, nil, nil)
	if err != nil {
		return providers.ApplyActionResponse{}, fmt.Errorf("applying %s: %w", req.Address, err)
	}
	switch st.Status {
	case providers.CheckDone:
		log.Info("already done", "action", req.Address)
		return providers.ApplyActionResponse{Outputs: st.Outputs, UndoData: st.UndoData}, nil
	case providers.CheckConflict:
		return providers.ApplyActionResponse{}, fmt.Errorf("applying %s: %s", req.Address, st.Detail)
	}
	resp, err := act.apply(ctx, log)
	if err != nil {
		return resp, fmt.Errorf("applying %s: %w", req.Address, err)
	}
	return resp, nil
}

// CheckAction tells whether the action's result holds on GitHub.
func (p *Provider) CheckAction(ctx context.Context, req providers.CheckActionRequest) (providers.CheckActionResponse, error) {
	act, err := p.prepare(req.Type, req.Address, req.Args)
	if err != nil {
		return providers.CheckActionResponse{}, fmt.Errorf("checking %s: %w", req.Address, err)
	}
	resp, err := act.check(ctx, req.Outputs, req.UndoData)
	if err != nil {
		return resp, fmt.Errorf("checking %s: %w", req.Address, err)
	}
	return resp, nil
}

// UndoAction reverses the action, only where the world is still as the
// action left it.
func (p *Provider) UndoAction(ctx context.Context, req providers.UndoActionRequest) (providers.UndoActionResponse, error) {
	act, err := p.prepare(req.Type, req.Address, req.Args)
	if err != nil {
		return providers.UndoActionResponse{}, fmt.Errorf("undoing %s: %w", req.Address, err)
	}
	resp, err := act.undo(ctx, undoRequest{outputs: req.Outputs, raw: req.UndoData, viaPR: req.ViaPullRequest})
	if err != nil {
		return resp, fmt.Errorf("undoing %s: %w", req.Address, err)
	}
	return resp, nil
}

// notDone and done build check answers.
func notDone() providers.CheckActionResponse {
	return providers.CheckActionResponse{Status: providers.CheckNotDone}
}

func done(outputs map[string]cty.Value, undo []byte) providers.CheckActionResponse {
	return providers.CheckActionResponse{Status: providers.CheckDone, Outputs: outputs, UndoData: undo}
}

func conflict(format string, args ...any) providers.CheckActionResponse {
	return providers.CheckActionResponse{Status: providers.CheckConflict, Detail: fmt.Sprintf(format, args...)}
}

// required checks that required arguments are set and, when known
// strings, not empty.
func required(a providers.Args, names ...string) error {
	for _, n := range names {
		empty := a.Known(n) && a.V.GetAttr(n).Type() == cty.String && a.String(n) == ""
		if !a.Set(n) || empty {
			return fmt.Errorf("argument %q is required", n)
		}
	}
	return nil
}

// known reports whether every named argument is known (or null).
func known(a providers.Args, names ...string) bool {
	for _, n := range names {
		if a.Set(n) && !a.Known(n) {
			return false
		}
	}
	return true
}

// adopt answers a create that GitHub refused with one of codes (the thing
// exists already: a retried request that had reached GitHub, or work done
// meanwhile) with what act's check finds, when the check says done. ok is
// false when the refusal stands.
func adopt(ctx context.Context, act action, err error, resp *gh.Response, codes ...int) (providers.ApplyActionResponse, bool) {
	if !isStatus(err, resp, codes...) {
		return providers.ApplyActionResponse{}, false
	}
	st, cerr := act.check(ctx, nil, nil)
	if cerr != nil || st.Status != providers.CheckDone {
		return providers.ApplyActionResponse{}, false
	}
	return providers.ApplyActionResponse{Outputs: st.Outputs, UndoData: st.UndoData}, true
}

package github

import (
	"context"
	"fmt"

	gh "github.com/google/go-github/v57/github"
	"github.com/zclconf/go-cty/cty"

	"github.com/relctl/relctl/providers"
)

// action is one github_* action instance with its arguments parsed.
// parse runs first and keeps the provider; at plan time some arguments
// may be unknown, and Plan must then describe the action without reading
// what it cannot name.
type action interface {
	providers.Action[*Provider]
	parse(p *Provider, address string, a providers.Args) error
}

// actions dispatches the provider methods to the action types.
type actions = providers.Actions[*Provider, action]

// prepare parses an action's arguments; every call runs with the
// configured provider.
func (p *Provider) prepare(_ context.Context, call providers.Call, act action) (providers.Opened[*Provider], error) {
	if p.client == nil {
		return providers.Opened[*Provider]{}, fmt.Errorf("github provider is not configured")
	}
	if err := act.parse(p, call.Address, providers.Args{V: call.Args}); err != nil {
		return providers.Opened[*Provider]{}, err
	}
	return providers.Opened[*Provider]{Env: p, Log: call.LoggerOr(p.log)}, nil
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
func adopt(ctx context.Context, p *Provider, act action, err error, resp *gh.Response, codes ...int) (providers.ApplyActionResponse, bool) {
	if !isStatus(err, resp, codes...) {
		return providers.ApplyActionResponse{}, false
	}
	st, cerr := act.Check(ctx, p, providers.CheckActionRequest{})
	if cerr != nil || st.Status != providers.CheckDone {
		return providers.ApplyActionResponse{}, false
	}
	return providers.ApplyActionResponse{Outputs: st.Outputs, UndoData: st.UndoData}, true
}

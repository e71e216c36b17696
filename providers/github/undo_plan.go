package github

import (
	"context"
	"fmt"

	"github.com/zclconf/go-cty/cty"

	"github.com/relctl/relctl/providers"
)

var _ providers.UndoPlanner = (*Provider)(nil)

// undoPlanner is implemented by the actions whose undo depends on the
// world as it is now; the others are shown as they were planned.
type undoPlanner interface {
	planUndo(ctx context.Context, u undoRequest) (providers.PlanUndoResponse, error)
}

// undoRequest is what the state recorded of a finished action, with the
// rollback setting of its stage.
type undoRequest struct {
	outputs map[string]cty.Value
	raw     []byte
	viaPR   bool
}

// PlanUndo reads what undoing the recorded action would do now, without
// changing anything.
func (p *Provider) PlanUndo(ctx context.Context, req providers.PlanUndoRequest) (providers.PlanUndoResponse, error) {
	act, err := p.prepare(req.Type, req.Address, req.Args)
	if err != nil {
		return providers.PlanUndoResponse{}, fmt.Errorf("planning the undo of %s: %w", req.Address, err)
	}
	up, ok := act.(undoPlanner)
	if !ok {
		return providers.PlanUndoResponse{}, nil
	}
	resp, err := up.planUndo(ctx, undoRequest{outputs: req.Outputs, raw: req.UndoData, viaPR: req.ViaPullRequest})
	if err != nil {
		return resp, fmt.Errorf("planning the undo of %s: %w", req.Address, err)
	}
	return resp, nil
}

func undoNoop(format string, args ...any) providers.PlanUndoResponse {
	return providers.PlanUndoResponse{Operation: providers.OpNoop, Description: fmt.Sprintf(format, args...)}
}

func undoDelete(facts []providers.Fact, format string, args ...any) providers.PlanUndoResponse {
	return providers.PlanUndoResponse{Operation: providers.OpDelete, Description: fmt.Sprintf(format, args...), Facts: facts}
}

func undoForbidden(format string, args ...any) providers.PlanUndoResponse {
	return providers.PlanUndoResponse{Operation: providers.OpNoop, Irreversible: fmt.Sprintf(format, args...)}
}

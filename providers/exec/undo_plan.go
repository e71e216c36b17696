package exec

import (
	"context"

	"github.com/relctl/relctl/providers"
)

var _ providers.UndoPlanner = (*Provider)(nil)

// PlanUndo says which command the undo runs, with the arguments the
// action ran with; a command without undo cannot be undone.
func (p *Provider) PlanUndo(ctx context.Context, req providers.PlanUndoRequest) (providers.PlanUndoResponse, error) {
	return p.DispatchPlanUndo(ctx, req)
}

// PlanUndo names the undo command, or says why the command stays.
func (c *command) PlanUndo(context.Context, *Provider, providers.PlanUndoRequest) (providers.PlanUndoResponse, error) {
	if len(c.undo) == 0 {
		return providers.PlanUndoResponse{Operation: providers.OpNoop, Description: "ran " + quoteArgv(c.argv),
			Irreversible: "a command that ran cannot be undone without an undo command"}, nil
	}
	return providers.PlanUndoResponse{Operation: providers.OpRun, Description: "run " + quoteArgv(c.undo)}, nil
}

package exec

import (
	"context"
	"fmt"

	"github.com/relctl/relctl/providers"
)

var _ providers.UndoPlanner = (*Provider)(nil)

// PlanUndo says which command the undo runs, with the arguments the
// action ran with; a command without undo cannot be undone.
func (p *Provider) PlanUndo(_ context.Context, req providers.PlanUndoRequest) (providers.PlanUndoResponse, error) {
	c, err := p.parse(req.Type, req.Args)
	if err != nil {
		return providers.PlanUndoResponse{}, fmt.Errorf("planning the undo of %s: %w", req.Address, err)
	}
	if len(c.undo) == 0 {
		return providers.PlanUndoResponse{Operation: providers.OpNoop, Description: "ran " + quoteArgv(c.argv),
			Irreversible: "a command that ran cannot be undone without an undo command"}, nil
	}
	return providers.PlanUndoResponse{Operation: providers.OpRun, Description: "run " + quoteArgv(c.undo)}, nil
}

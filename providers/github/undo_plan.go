package github

import (
	"context"
	"fmt"

	"github.com/relctl/relctl/providers"
)

var _ providers.UndoPlanner = (*Provider)(nil)

// PlanUndo reads what undoing the recorded action would do now, without
// changing anything; the actions whose undo does not depend on the world
// as it is now are shown as they were planned.
func (p *Provider) PlanUndo(ctx context.Context, req providers.PlanUndoRequest) (providers.PlanUndoResponse, error) {
	return p.DispatchPlanUndo(ctx, req)
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

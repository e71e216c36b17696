package slack

import (
	"context"

	"github.com/relctl/relctl/providers"
)

var _ providers.UndoPlanner = (*Provider)(nil)

// PlanUndo says that a message sent cannot be unsent, describing it with
// the arguments it was sent with.
func (p *Provider) PlanUndo(ctx context.Context, req providers.PlanUndoRequest) (providers.PlanUndoResponse, error) {
	return p.DispatchPlanUndo(ctx, req)
}

// PlanUndo describes the message sent, which stays.
func (m *message) PlanUndo(_ context.Context, _ *Provider, req providers.PlanUndoRequest) (providers.PlanUndoResponse, error) {
	return providers.PlanUndoResponse{Operation: providers.OpNoop, Description: "sent " + describe(req.Args),
		Irreversible: "a message sent to Slack cannot be unsent"}, nil
}

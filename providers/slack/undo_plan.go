package slack

import (
	"context"
	"fmt"

	"github.com/relctl/relctl/providers"
)

var _ providers.UndoPlanner = (*Provider)(nil)

// PlanUndo says that a message sent cannot be unsent, describing it with
// the arguments it was sent with.
func (p *Provider) PlanUndo(_ context.Context, req providers.PlanUndoRequest) (providers.PlanUndoResponse, error) {
	if _, err := parse(req.Type, req.Args); err != nil {
		return providers.PlanUndoResponse{}, fmt.Errorf("planning the undo of %s: %w", req.Address, err)
	}
	return providers.PlanUndoResponse{Operation: providers.OpNoop, Description: "sent " + describe(req.Args),
		Irreversible: "a message sent to Slack cannot be unsent"}, nil
}

package exec

import (
	"context"

	"github.com/relctl/relctl/providers"
)

var _ providers.OfflinePlanner = (*Provider)(nil)

// PlanActionOffline plans an exec action: it reads nothing, so planning
// offline is planning.
func (p *Provider) PlanActionOffline(ctx context.Context, req providers.PlanActionRequest) (providers.PlanActionResponse, error) {
	return p.DispatchPlanOffline(ctx, req)
}

// PlanOffline is Plan.
func (c *command) PlanOffline(ctx context.Context, p *Provider, req providers.PlanActionRequest) (providers.PlanActionResponse, error) {
	return c.Plan(ctx, p, req)
}

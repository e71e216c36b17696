package planner

import (
	"github.com/relctl/relctl/config"
	"github.com/relctl/relctl/planner/plan"
)

// rollbackSettings copies a rollback block of the configuration.
func rollbackSettings(r *config.Rollback) *plan.RollbackSettings {
	if r == nil {
		return nil
	}
	return &plan.RollbackSettings{ViaPullRequest: r.ViaPullRequest}
}

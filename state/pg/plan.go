package pg

import (
	"context"
	"errors"
	"fmt"

	"github.com/jackc/pgx/v5"

	"github.com/relctl/relctl/state"
)

// SavePlan stores the plan as the workspace's, replacing the one before.
func (b *Backend) SavePlan(ctx context.Context, planID string, data []byte) error {
	if err := state.CheckPlanID(data, planID); err != nil {
		return err
	}
	return b.tx(ctx, "saving the plan", func(tx pgx.Tx) error {
		_, err := tx.Exec(ctx, `INSERT INTO relctl_plans (workspace, plan_id, plan) VALUES ($1, $2, $3)
ON CONFLICT (workspace) DO UPDATE SET plan_id = $2, plan = $3, saved = now()`, b.workspace, planID, data)
		return err
	})
}

// LoadPlan returns the workspace's plan when it is planID.
func (b *Backend) LoadPlan(ctx context.Context, planID string) ([]byte, error) {
	var id string
	var data []byte
	err := b.tx(ctx, "loading the plan", func(tx pgx.Tx) error {
		err := tx.QueryRow(ctx, `SELECT plan_id, plan FROM relctl_plans WHERE workspace = $1`, b.workspace).Scan(&id, &data)
		if errors.Is(err, pgx.ErrNoRows) {
			return &refusal{fmt.Errorf("%w in %s", state.ErrNoPlan, b.where)}
		}
		return err
	})
	if err != nil {
		return nil, err
	}
	if id != planID {
		return nil, &state.PlanMismatchError{Where: b.where, Want: planID, Stored: id}
	}
	return data, nil
}

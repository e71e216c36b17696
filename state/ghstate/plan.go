package ghstate

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"

	"github.com/relctl/relctl/state"
)

// SavePlan stores data, the plan file of planID, next to the journal,
// replacing any plan saved before in one commit.
func (b *Backend) SavePlan(ctx context.Context, planID string, data []byte) error {
	if id, err := planIDOf(data); err != nil || id != planID {
		return fmt.Errorf("saving plan %s to %s: the data is not that plan (plan id %q, %v)", planID, b, id, err)
	}
	b.planMu.Lock()
	defer b.planMu.Unlock()
	path := b.cfg.file(planSuffix)
	msg := fmt.Sprintf("relctl: plan %s of workspace %s", planID, b.cfg.Workspace)
	for attempt := 1; ; attempt++ {
		cur, err := b.readFile(ctx, path)
		if err != nil {
			return err
		}
		_, err = b.put(ctx, path, cur, data, msg)
		if !errors.Is(err, errConflict) || attempt == maxCASAttempts {
			return err
		}
		if err := b.clock().Sleep(ctx, casBackoff(attempt)); err != nil {
			return fmt.Errorf("saving plan %s to %s: %w", planID, b, err)
		}
	}
}

// LoadPlan returns the plan saved for planID.
func (b *Backend) LoadPlan(ctx context.Context, planID string) ([]byte, error) {
	path := b.cfg.file(planSuffix)
	f, err := b.readFile(ctx, path)
	if err != nil {
		return nil, err
	}
	if !f.exists() {
		return nil, fmt.Errorf("%w in %s", state.ErrNoPlan, b.where(path))
	}
	id, err := planIDOf(f.data)
	if err != nil {
		return nil, fmt.Errorf("reading the plan in %s: %w", b.where(path), err)
	}
	if id != planID {
		return nil, &state.PlanMismatchError{Where: b.where(path), Want: planID, Stored: id}
	}
	return f.data, nil
}

func planIDOf(data []byte) (string, error) {
	var p struct {
		PlanID string `json:"plan_id"`
	}
	if err := json.Unmarshal(data, &p); err != nil {
		return "", fmt.Errorf("not a plan file: %w", err)
	}
	return p.PlanID, nil
}

package executor

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"

	"github.com/zclconf/go-cty/cty"

	"github.com/relctl/relctl/planner/plan"
	"github.com/relctl/relctl/providers"
	"github.com/relctl/relctl/state"
)

// perform runs one action: resolve its arguments, check the world, then
// adopt it, refuse it, or apply it. fatal is set when the journal could
// not record a status change; the run must then stop.
func (e *Executor) perform(ctx context.Context, a *plan.Action) (o Outcome, fatal error) {
	prov, schema, err := e.schemaOf(a)
	if err != nil {
		return e.fail(a, err)
	}
	args, err := e.resolveArgs(a, schema)
	if err != nil {
		return e.fail(a, err)
	}
	prior, _ := e.current(a.Address)
	check, err := e.check(ctx, prov, schema, a, args, prior)
	if err != nil {
		if ctx.Err() != nil {
			return Outcome{Status: prior.Status, Stopped: true, Reason: ReasonInterrupted}, nil
		}
		return e.fail(a, fmt.Errorf("checking the world: %w", err))
	}
	switch check.Status {
	case providers.CheckDone:
		return e.adopt(a, schema, check)
	case providers.CheckConflict:
		return e.fail(a, fmt.Errorf("%w: %s", ErrConflict, check.Detail))
	case providers.CheckNotDone:
	default:
		return e.fail(a, fmt.Errorf("provider %s answered the check with unknown status %q", a.Provider, check.Status))
	}
	if a.Operation == providers.OpNoop {
		return e.fail(a, fmt.Errorf("%w: the plan found this already done, but the world no longer holds it; plan again", ErrStale))
	}
	return e.execute(ctx, prov, schema, a, args)
}

// check asks the provider whether the action's result already holds,
// passing what an earlier attempt recorded.
func (e *Executor) check(ctx context.Context, prov providers.Provider, schema providers.ActionSchema,
	a *plan.Action, args cty.Value, prior state.Action) (providers.CheckActionResponse, error) {
	outputs, err := decodeOutputs(schema, prior.Outputs)
	if err != nil {
		return providers.CheckActionResponse{}, err
	}
	return prov.CheckAction(ctx, providers.CheckActionRequest{
		Address:  a.Address,
		Type:     a.Type,
		Args:     args,
		Outputs:  outputs,
		UndoData: prior.UndoData,
	})
}

// adopt records an action whose result the world already holds.
func (e *Executor) adopt(a *plan.Action, schema providers.ActionSchema, check providers.CheckActionResponse) (Outcome, error) {
	rec := state.Action{Address: a.Address, Status: state.Done, Adopted: true, FinishedAt: e.now(), UndoData: check.UndoData}
	if check.Outputs != nil {
		raw, err := encodeOutputs(schema, check.Outputs)
		if err != nil {
			return e.fail(a, fmt.Errorf("adopting: %w", err))
		}
		rec.Outputs = raw
	}
	if err := validUndoData(check.UndoData); err != nil {
		return e.fail(a, err)
	}
	if err := e.record(rec); err != nil {
		return Outcome{Status: state.Failed, Err: err}, err
	}
	return Outcome{Status: state.Done, Adopted: true, Reason: ReasonAlreadyDone}, nil
}

// execute records the action as running, applies it and records the
// result.
func (e *Executor) execute(ctx context.Context, prov providers.Provider, schema providers.ActionSchema,
	a *plan.Action, args cty.Value) (Outcome, error) {
	if err := e.record(state.Action{Address: a.Address, Status: state.Running, StartedAt: e.now()}); err != nil {
		return Outcome{Status: state.Failed, Err: err}, err
	}
	resp, err := prov.ApplyAction(ctx, providers.ApplyActionRequest{
		Address: a.Address,
		Type:    a.Type,
		Args:    args,
		Logger:  e.logger().With("action", a.Address),
	})
	switch {
	case err != nil && errors.Is(err, providers.ErrWaitTimeout):
		// The action is still to do. What the provider says it started
		// (the pipeline it was waiting for) is kept, so that the check of
		// the next apply finds it instead of starting another.
		rec := state.Action{Address: a.Address, Status: state.Pending, Error: err.Error(), UndoData: resp.UndoData}
		if len(resp.Outputs) > 0 {
			if raw, oerr := encodeOutputs(schema, resp.Outputs); oerr == nil {
				rec.Outputs = raw
			}
		}
		if verr := validUndoData(resp.UndoData); verr != nil {
			rec.UndoData = nil
		}
		if rerr := e.record(rec); rerr != nil {
			return Outcome{Status: state.Running, Err: rerr}, rerr
		}
		return Outcome{Status: state.Pending, Stopped: true, Reason: ReasonTimedOut, Err: err}, nil
	case err != nil && ctx.Err() != nil:
		// Whether it happened is unknown: the record stays Running, and
		// the next apply checks the world before running it again.
		return Outcome{Status: state.Running, Stopped: true, Reason: ReasonInterrupted, Err: err}, nil
	case err != nil:
		return e.fail(a, err)
	}
	raw, err := encodeOutputs(schema, resp.Outputs)
	if err != nil {
		return e.fail(a, fmt.Errorf("the action ran, but %w", err))
	}
	if err := validUndoData(resp.UndoData); err != nil {
		return e.fail(a, fmt.Errorf("the action ran, but %w", err))
	}
	rec := state.Action{Address: a.Address, Status: state.Done, FinishedAt: e.now(), Outputs: raw, UndoData: resp.UndoData}
	if err := e.recordFinished(rec); err != nil {
		return Outcome{Status: state.Running, Err: err}, err
	}
	return Outcome{Status: state.Done}, nil
}

// fail records the action as failed with err.
func (e *Executor) fail(a *plan.Action, err error) (Outcome, error) {
	rec := state.Action{Address: a.Address, Status: state.Failed, FinishedAt: e.now(), Error: err.Error()}
	if rerr := e.record(rec); rerr != nil {
		return Outcome{Status: state.Failed, Err: err}, rerr
	}
	return Outcome{Status: state.Failed, Err: err}, nil
}

func validUndoData(raw json.RawMessage) error {
	if len(raw) > 0 && !json.Valid(raw) {
		return errors.New("provider returned undo data that is not valid JSON")
	}
	return nil
}

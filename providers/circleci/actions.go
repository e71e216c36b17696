package circleci

import (
	"context"
	"errors"
	"fmt"
	"net/http"

	"github.com/hashicorp/go-hclog"
	"github.com/zclconf/go-cty/cty"

	"github.com/relctl/relctl/providers"
)

// PlanAction validates the arguments, makes sure the project exists and
// the token may see it, and describes the trigger. A pipeline always runs.
func (p *Provider) PlanAction(ctx context.Context, req providers.PlanActionRequest) (providers.PlanActionResponse, error) {
	args, err := parseArgs(req.Type, req.Args)
	if err != nil {
		return providers.PlanActionResponse{}, fmt.Errorf("planning %s: %w", req.Address, err)
	}
	if (providers.Args{V: req.Args}).Known("project") {
		if err := p.needToken(); err != nil {
			return providers.PlanActionResponse{}, fmt.Errorf("planning %s: %w", req.Address, err)
		}
		if _, err := p.client.project(ctx, p.logger(nil, req.Address), args.project); err != nil {
			if isStatus(err, http.StatusNotFound) {
				err = fmt.Errorf("project %s does not exist or the token cannot see it: %w", args.project, err)
			}
			return providers.PlanActionResponse{}, fmt.Errorf("planning %s: %w", req.Address, err)
		}
	}
	return providers.PlanActionResponse{
		Operation:     providers.OpRun,
		Reversibility: providers.Irreversible,
		Description:   describe(req.Args),
	}, nil
}

// ApplyAction triggers the pipeline, or takes up the one an interrupted
// apply triggered, and waits for it unless wait is false. When the wait
// times out, the error wraps providers.ErrWaitTimeout and the outputs
// known so far (the pipeline's id) come with it.
func (p *Provider) ApplyAction(ctx context.Context, req providers.ApplyActionRequest) (providers.ApplyActionResponse, error) {
	args, err := parseArgs(req.Type, req.Args)
	if err == nil {
		err = p.needToken()
	}
	if err != nil {
		return providers.ApplyActionResponse{}, fmt.Errorf("applying %s: %w", req.Address, err)
	}
	log := p.logger(req.Logger, req.Address).With("project", args.project)
	key := args.key(req.Address)
	pl, err := p.start(ctx, log, req.Address, args, key)
	if err != nil {
		return providers.ApplyActionResponse{}, fmt.Errorf("applying %s: %w", req.Address, err)
	}
	resp := providers.ApplyActionResponse{Outputs: p.outputs(args.project, pl)}
	if !args.wait {
		return resp, p.forget(log, req.Address, key, nil)
	}
	werr := p.wait(ctx, log, pl, args.timeout, p.pipelineURL(args.project, pl.Number))
	switch {
	case werr == nil:
		pl.State = "success"
		resp.Outputs = p.outputs(args.project, pl)
		return resp, p.forget(log, req.Address, key, nil)
	case errors.Is(werr, ErrPipelineFailed):
		return providers.ApplyActionResponse{}, p.forget(log, req.Address, key, werr)
	case errors.Is(werr, providers.ErrWaitTimeout):
		return resp, fmt.Errorf("applying %s: %w", req.Address, werr)
	}
	// Interrupted, or CircleCI could not be read: the pipeline may still
	// be running, and the journal keeps it for the next apply.
	return providers.ApplyActionResponse{}, fmt.Errorf("applying %s: %w", req.Address, werr)
}

// start triggers the pipeline and journals it, or returns the pipeline an
// earlier apply journaled.
func (p *Provider) start(ctx context.Context, log hclog.Logger, address string, args pipelineArgs, key string) (pipeline, error) {
	e, found, err := p.journal.load(key)
	if err != nil {
		return pipeline{}, err
	}
	if found {
		log.Info("waiting again for the pipeline an earlier apply triggered", "number", e.Number,
			"url", p.pipelineURL(args.project, e.Number))
		return pipeline{ID: e.ID, Number: e.Number, State: e.State}, nil
	}
	pl, err := p.client.trigger(ctx, log, args.project, args.request())
	if err != nil {
		return pipeline{}, fmt.Errorf("triggering a pipeline of %s: %w", args.project, err)
	}
	log.Info("triggered pipeline", "number", pl.Number, "url", p.pipelineURL(args.project, pl.Number))
	entry := inflightEntry{Address: address, Project: args.project, ID: pl.ID, Number: pl.Number,
		State: pl.State, TriggeredAt: p.clock.Now()}
	if err := p.journal.save(key, entry); err != nil {
		// The pipeline runs; only a resume after a crash would miss it.
		log.Warn("could not journal the triggered pipeline", "error", err)
	}
	return pl, nil
}

// forget removes the journal entry once the pipeline's result is known,
// and returns cause (wrapped with the address) when there is one.
func (p *Provider) forget(log hclog.Logger, address, key string, cause error) error {
	p.clear(log, key)
	if cause != nil {
		return fmt.Errorf("applying %s: %w", address, cause)
	}
	return nil
}

// clear removes the journal entry of key; a failure only means that a
// later apply waits for a finished pipeline once more.
func (p *Provider) clear(log hclog.Logger, key string) {
	if err := p.journal.remove(key); err != nil {
		log.Warn("could not clear the pipeline journal", "error", err)
	}
}

func (p *Provider) outputs(slug string, pl pipeline) map[string]cty.Value {
	return map[string]cty.Value{
		"id":     cty.StringVal(pl.ID),
		"number": providers.IntVal(pl.Number),
		"state":  cty.StringVal(pl.State),
		"url":    cty.StringVal(p.pipelineURL(slug, pl.Number)),
	}
}

// UndoAction refuses: a pipeline that ran cannot be undone.
func (p *Provider) UndoAction(_ context.Context, req providers.UndoActionRequest) (providers.UndoActionResponse, error) {
	return providers.UndoActionResponse{}, fmt.Errorf("undoing %s: %w", req.Address, ErrIrreversible)
}

package circleci

import (
	"context"
	"fmt"

	"github.com/zclconf/go-cty/cty"

	"github.com/relctl/relctl/providers"
)

// CheckAction says whether the pipeline already ran. A trigger leaves
// nothing relctl can tell apart from any other pipeline of the project, so
// the answer rests on a pipeline relctl knows it triggered: the one the
// state recorded (outputs), else the one the in-flight journal holds.
// Without one, the action is not done. With wait, that pipeline is read
// once: succeeded is done, failed is a conflict (and forgotten, so that
// applying again triggers a new pipeline), still running is not done
// (apply then waits for it instead of triggering another).
func (p *Provider) CheckAction(ctx context.Context, req providers.CheckActionRequest) (providers.CheckActionResponse, error) {
	args, err := parseArgs(req.Type, req.Args)
	if err != nil {
		return providers.CheckActionResponse{}, fmt.Errorf("checking %s: %w", req.Address, err)
	}
	key := args.key(req.Address)
	pl, recorded, err := p.known(key, req.Outputs)
	if err != nil {
		return providers.CheckActionResponse{}, fmt.Errorf("checking %s: %w", req.Address, err)
	}
	switch {
	case pl.ID == "":
		return providers.CheckActionResponse{Status: providers.CheckNotDone}, nil
	case !args.wait:
		// Adopted: the state records it from now on.
		p.clear(p.logger(nil, req.Address), key)
		return p.done(args, pl), nil
	}
	if err := p.needToken(); err != nil {
		return providers.CheckActionResponse{}, fmt.Errorf("checking %s: %w", req.Address, err)
	}
	log := p.logger(nil, req.Address)
	prog, err := p.look(ctx, log, pl, 0)
	if err != nil {
		return providers.CheckActionResponse{}, fmt.Errorf("checking %s: %w", req.Address, err)
	}
	link := p.pipelineURL(args.project, pl.Number)
	switch {
	case prog.finished && prog.err == nil:
		pl.State = "success"
		p.clear(log, key)
		return p.done(args, pl), nil
	case prog.finished:
		p.clear(log, key)
		detail := fmt.Sprintf("%v; see %s", prog.err, link)
		return providers.CheckActionResponse{Status: providers.CheckConflict, Detail: detail}, nil
	}
	if recorded {
		// Let apply take up this pipeline rather than trigger another.
		entry := inflightEntry{Address: req.Address, Project: args.project, ID: pl.ID, Number: pl.Number,
			State: pl.State, TriggeredAt: p.clock.Now()}
		if err := p.journal.save(key, entry); err != nil {
			return providers.CheckActionResponse{}, fmt.Errorf("checking %s: %w", req.Address, err)
		}
	}
	return providers.CheckActionResponse{Status: providers.CheckNotDone,
		Detail: fmt.Sprintf("pipeline %d is still running (%s); apply waits for it: %s", pl.Number, prog.summary, link)}, nil
}

// known returns the pipeline recorded in outputs (recorded true), else the
// one journaled under key, else a zero pipeline.
func (p *Provider) known(key string, outputs map[string]cty.Value) (pipeline, bool, error) {
	if id := stringOutput(outputs, "id"); id != "" {
		pl := pipeline{ID: id, State: stringOutput(outputs, "state")}
		if v, ok := outputs["number"]; ok && !v.IsNull() && v.IsKnown() && v.Type() == cty.Number {
			n, _ := v.AsBigFloat().Int64()
			pl.Number = int(n)
		}
		return pl, true, nil
	}
	e, found, err := p.journal.load(key)
	if err != nil || !found {
		return pipeline{}, false, err
	}
	return pipeline{ID: e.ID, Number: e.Number, State: e.State}, false, nil
}

func (p *Provider) done(args pipelineArgs, pl pipeline) providers.CheckActionResponse {
	return providers.CheckActionResponse{Status: providers.CheckDone, Outputs: p.outputs(args.project, pl)}
}

func stringOutput(outputs map[string]cty.Value, name string) string {
	v, ok := outputs[name]
	if !ok || v.IsNull() || !v.IsKnown() || v.Type() != cty.String {
		return ""
	}
	return v.AsString()
}

package circleci

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/hashicorp/go-hclog"

	"github.com/relctl/relctl/providers"
)

// ErrPipelineFailed is wrapped by the error of a pipeline that errored or
// whose workflows did not all succeed.
var ErrPipelineFailed = errors.New("pipeline failed")

// noWorkflowGrace is how long a created pipeline may show no workflow
// before relctl concludes that its configuration runs none.
const noWorkflowGrace = 2 * time.Minute

// progress is what one look at a pipeline found.
type progress struct {
	finished bool
	// summary names the workflows and their statuses ("build: running").
	summary string
	// err is set when the pipeline failed; it wraps ErrPipelineFailed.
	err error
}

// Workflow statuses of the CircleCI API v2.
var (
	failedStatuses  = map[string]bool{"failed": true, "error": true, "failing": true, "canceled": true, "unauthorized": true}
	successStatuses = map[string]bool{"success": true, "not_run": true}
)

// judge classifies a pipeline from its workflows. A workflow that is
// failing already counts as failed; not_run (filtered out by the
// configuration) counts as finished, but a pipeline where nothing ran
// fails. waited is how long relctl has been looking at the pipeline.
func judge(pl pipeline, wfs []workflow, waited time.Duration) progress {
	if pl.State == "errored" {
		msgs := make([]string, 0, len(pl.Errors))
		for _, e := range pl.Errors {
			msgs = append(msgs, e.Type+": "+e.Message)
		}
		return progress{finished: true, summary: "errored", err: fmt.Errorf("%w: pipeline %d errored: %s",
			ErrPipelineFailed, pl.Number, strings.Join(msgs, "; "))}
	}
	if len(wfs) == 0 {
		if pl.State == "created" && waited >= noWorkflowGrace {
			return progress{finished: true, summary: "no workflow", err: fmt.Errorf(
				"%w: pipeline %d started no workflow in %s", ErrPipelineFailed, pl.Number, waited.Round(time.Second))}
		}
		return progress{summary: "no workflow yet (pipeline " + pl.State + ")"}
	}
	sort.Slice(wfs, func(i, j int) bool { return wfs[i].Name < wfs[j].Name })
	var failed, parts []string
	pending, ran := false, false
	for _, w := range wfs {
		parts = append(parts, w.Name+": "+w.Status)
		switch {
		case failedStatuses[w.Status]:
			failed = append(failed, fmt.Sprintf("workflow %q %s", w.Name, w.Status))
		case successStatuses[w.Status]:
			ran = ran || w.Status == "success"
		default: // running, on_hold, or a status relctl does not know
			pending = true
		}
	}
	p := progress{summary: strings.Join(parts, ", ")}
	switch {
	case len(failed) > 0:
		p.finished, p.err = true, fmt.Errorf("%w: pipeline %d: %s", ErrPipelineFailed, pl.Number, strings.Join(failed, ", "))
	case pending:
	case !ran:
		p.finished, p.err = true, fmt.Errorf("%w: pipeline %d ran no workflow (all not_run)", ErrPipelineFailed, pl.Number)
	default:
		p.finished = true
	}
	return p
}

// look reads the pipeline's workflows (and the pipeline itself while it
// has none) and judges them.
func (p *Provider) look(ctx context.Context, log hclog.Logger, pl pipeline, waited time.Duration) (progress, error) {
	wfs, err := p.client.workflows(ctx, log, pl.ID)
	if err != nil {
		return progress{}, fmt.Errorf("reading the workflows of pipeline %d: %w", pl.Number, err)
	}
	if len(wfs) == 0 {
		full, err := p.client.pipeline(ctx, log, pl.ID)
		if err != nil {
			return progress{}, fmt.Errorf("reading pipeline %d: %w", pl.Number, err)
		}
		pl.State, pl.Errors = full.State, full.Errors
	}
	return judge(pl, wfs, waited), nil
}

// wait polls the pipeline until its workflows have finished or timeout
// has passed (an error wrapping providers.ErrWaitTimeout).
func (p *Provider) wait(ctx context.Context, log hclog.Logger, pl pipeline, timeout time.Duration, link string) error {
	start := p.clock.Now()
	deadline := start.Add(timeout)
	last := ""
	for {
		prog, err := p.look(ctx, log, pl, p.clock.Now().Sub(start))
		if err != nil {
			return err
		}
		if prog.finished {
			if prog.err != nil {
				return fmt.Errorf("%w; see %s", prog.err, link)
			}
			log.Info("pipeline succeeded", "number", pl.Number, "workflows", prog.summary)
			return nil
		}
		if prog.summary != last {
			log.Info("waiting for pipeline", "number", pl.Number, "workflows", prog.summary, "url", link)
			last = prog.summary
		}
		now := p.clock.Now()
		if !now.Before(deadline) {
			return fmt.Errorf("pipeline %d (%s) still running after %s: %w; see %s",
				pl.Number, prog.summary, timeout, providers.ErrWaitTimeout, link)
		}
		if err := p.clock.Sleep(ctx, min(p.poll, deadline.Sub(now))); err != nil {
			return fmt.Errorf("waiting for pipeline %d: %w", pl.Number, err)
		}
	}
}

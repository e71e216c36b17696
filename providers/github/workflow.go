package github

import (
	"context"
	"fmt"
	"strconv"
	"time"

	gh "github.com/google/go-github/v57/github"
	"github.com/zclconf/go-cty/cty"

	"github.com/relctl/relctl/providers"
)

// Defaults of github_workflow.
const (
	DefaultWorkflowTimeout = time.Hour
	// findRunTimeout bounds the search for the run a dispatch started:
	// GitHub creates it a few seconds after answering the dispatch.
	findRunTimeout = 2 * time.Minute
)

// workflowType declares github_workflow.
var workflowType = providers.ActionType[action]{
	Name: "github_workflow",
	Schema: providers.ActionSchema{
		Description: "Runs a GitHub Actions workflow with a workflow_dispatch event, finds the run it started " +
			"and optionally waits for its conclusion (anything but success fails). Irreversible: a run that ran.",
		Attributes: map[string]providers.Attribute{
			"repo":     repoAttr,
			"workflow": str(true, "Workflow file name (\"release.yml\") or numeric id."),
			"ref":      str(false, "Branch or tag to run the workflow on. Default: the default branch."),
			"inputs":   {Type: cty.Map(cty.String), Description: "Inputs of the workflow_dispatch event."},
			"wait":     {Type: cty.Bool, Description: "Wait for the run to complete."},
			"timeout":  str(false, "How long to wait for the run, e.g. \"1h\". Default \"1h\"."),
		},
		Outputs: map[string]cty.Type{"run_id": cty.Number, "url": cty.String, "conclusion": cty.String},
	},
	New: func() action { return &workflowAction{} },
}

type workflowAction struct {
	p             *Provider
	a             providers.Args
	r             repoRef
	workflow, ref string
	inputs        map[string]string
	wait          bool
	timeout       time.Duration
}

func (w *workflowAction) parse(p *Provider, _ string, a providers.Args) error {
	w.p, w.a = p, a
	if err := required(a, "repo", "workflow"); err != nil {
		return err
	}
	w.workflow, w.ref, w.inputs, w.wait = a.String("workflow"), a.String("ref"), a.StringMap("inputs"), a.Bool("wait", false)
	var err error
	if w.timeout, err = timeoutArg(a, DefaultWorkflowTimeout); err != nil {
		return err
	}
	if a.Known("repo") {
		w.r, err = p.repo(a.String("repo"))
	}
	return err
}

func (w *workflowAction) Plan(context.Context, *Provider, providers.PlanActionRequest) (providers.PlanActionResponse, error) {
	ref := w.a.Display("ref")
	if !w.a.Set("ref") {
		ref = "the default branch"
	}
	desc := fmt.Sprintf("%s workflow %s on %s", w.a.Display("repo"), w.a.Display("workflow"), ref)
	if w.wait {
		desc += fmt.Sprintf(", wait for its conclusion (timeout %s)", formatDuration(w.timeout))
	}
	return providers.PlanActionResponse{Operation: providers.OpRun, Reversibility: providers.Irreversible, Description: desc}, nil
}

func runOutputs(run *gh.WorkflowRun) map[string]cty.Value {
	return map[string]cty.Value{"run_id": cty.NumberIntVal(run.GetID()), "url": cty.StringVal(run.GetHTMLURL()),
		"conclusion": cty.StringVal(run.GetConclusion())}
}

// Check can only recognise a run relctl recorded: a dispatch carries
// nothing that tells its run apart from other runs of the workflow.
func (w *workflowAction) Check(ctx context.Context, _ *Provider, req providers.CheckActionRequest) (providers.CheckActionResponse, error) {
	outputs := req.Outputs
	v, ok := outputs["run_id"]
	if !ok || v.IsNull() || !v.IsKnown() {
		return notDone(), nil
	}
	id, _ := v.AsBigFloat().Int64()
	run, _, err := w.p.client.Actions.GetWorkflowRunByID(ctx, w.r.owner, w.r.name, id)
	if err != nil {
		return notDone(), apiErr(err, "reading workflow run %d of %s", id, w.r)
	}
	return done(runOutputs(run), nil), nil
}

func (w *workflowAction) Apply(ctx context.Context, _ *Provider, req providers.ApplyActionRequest) (providers.ApplyActionResponse, error) {
	log := req.Logger
	if w.ref == "" {
		def, err := w.p.defaultBranch(ctx, w.r)
		if err != nil {
			return providers.ApplyActionResponse{}, err
		}
		w.ref = def
	}
	before, err := w.runs(ctx)
	if err != nil {
		return providers.ApplyActionResponse{}, err
	}
	if err := w.dispatch(ctx); err != nil {
		return providers.ApplyActionResponse{}, err
	}
	run, err := w.findRun(ctx, before)
	if err != nil {
		return providers.ApplyActionResponse{}, err
	}
	log.Info("started workflow run", "repo", w.r.String(), "workflow", w.workflow, "run", run.GetID())
	if w.wait {
		if run, err = w.await(ctx, run); err != nil {
			return providers.ApplyActionResponse{}, err
		}
	}
	return providers.ApplyActionResponse{Outputs: runOutputs(run)}, nil
}

func (w *workflowAction) dispatch(ctx context.Context) error {
	ev := gh.CreateWorkflowDispatchEventRequest{Ref: w.ref}
	if len(w.inputs) > 0 {
		ev.Inputs = map[string]any{}
		for k, v := range w.inputs {
			ev.Inputs[k] = v
		}
	}
	var err error
	if id, perr := strconv.ParseInt(w.workflow, 10, 64); perr == nil {
		_, err = w.p.client.Actions.CreateWorkflowDispatchEventByID(ctx, w.r.owner, w.r.name, id, ev)
	} else {
		_, err = w.p.client.Actions.CreateWorkflowDispatchEventByFileName(ctx, w.r.owner, w.r.name, w.workflow, ev)
	}
	if err != nil {
		return apiErr(err, "dispatching workflow %s of %s on %s", w.workflow, w.r, w.ref)
	}
	return nil
}

// runs lists the newest workflow_dispatch runs of the workflow on ref.
func (w *workflowAction) runs(ctx context.Context) ([]*gh.WorkflowRun, error) {
	opts := &gh.ListWorkflowRunsOptions{Event: "workflow_dispatch", Branch: w.ref, ListOptions: gh.ListOptions{PerPage: perPage}}
	var list *gh.WorkflowRuns
	var err error
	if id, perr := strconv.ParseInt(w.workflow, 10, 64); perr == nil {
		list, _, err = w.p.client.Actions.ListWorkflowRunsByID(ctx, w.r.owner, w.r.name, id, opts)
	} else {
		list, _, err = w.p.client.Actions.ListWorkflowRunsByFileName(ctx, w.r.owner, w.r.name, w.workflow, opts)
	}
	if err != nil {
		return nil, apiErr(err, "listing the runs of workflow %s of %s", w.workflow, w.r)
	}
	return list.WorkflowRuns, nil
}

// findRun waits for the run the dispatch started: the newest one that was
// not there before.
func (w *workflowAction) findRun(ctx context.Context, before []*gh.WorkflowRun) (*gh.WorkflowRun, error) {
	seen := map[int64]bool{}
	for _, r := range before {
		seen[r.GetID()] = true
	}
	var found *gh.WorkflowRun
	err := w.p.poll(ctx, findRunTimeout, "the run of workflow "+w.workflow, func(ctx context.Context) (bool, error) {
		runs, err := w.runs(ctx)
		for _, r := range runs {
			if !seen[r.GetID()] {
				found = r
				return true, nil
			}
		}
		return false, err
	})
	if err != nil {
		// Not ErrWaitTimeout: the dispatch happened, so running again is not a resume.
		return nil, fmt.Errorf("the workflow was dispatched but its run was not found: %v", err)
	}
	return found, nil
}

// await waits for the run to complete; a conclusion other than success
// fails the action. A run still going at the timeout fails too: it was
// started, so waiting again would not be the same action.
func (w *workflowAction) await(ctx context.Context, run *gh.WorkflowRun) (*gh.WorkflowRun, error) {
	id := run.GetID()
	err := w.p.poll(ctx, w.timeout, fmt.Sprintf("workflow run %d", id), func(ctx context.Context) (bool, error) {
		cur, _, err := w.p.client.Actions.GetWorkflowRunByID(ctx, w.r.owner, w.r.name, id)
		if err != nil {
			return false, apiErr(err, "reading workflow run %d of %s", id, w.r)
		}
		run = cur
		return cur.GetStatus() == "completed", nil
	})
	if err != nil {
		return nil, fmt.Errorf("workflow run %s did not complete: %v", run.GetHTMLURL(), err)
	}
	if c := run.GetConclusion(); c != "success" {
		return nil, fmt.Errorf("workflow run %s concluded %q", run.GetHTMLURL(), c)
	}
	return run, nil
}

func (w *workflowAction) Undo(context.Context, *Provider, providers.UndoActionRequest) (providers.UndoActionResponse, error) {
	return providers.UndoActionResponse{}, fmt.Errorf("a workflow run that ran %w", providers.ErrIrreversible)
}

package github

import (
	"context"
	"errors"
	"fmt"
	"time"

	gh "github.com/google/go-github/v57/github"
	"github.com/zclconf/go-cty/cty"

	"github.com/relctl/relctl/providers"
)

// DefaultMergeTimeout is how long one apply waits for a merge by default.
const DefaultMergeTimeout = 72 * time.Hour

// awaitType declares github_await_merge.
var awaitType = providers.ActionType[action]{
	Name: "github_await_merge",
	Schema: providers.ActionSchema{
		Description: "Waits until a pull request is merged, reading it with growing intervals. When the timeout " +
			"passes, apply stops (exit 3) and waits again when run again; a pull request closed without " +
			"merge fails. Irreversible (nothing to undo).",
		Attributes: map[string]providers.Attribute{
			"repo":    repoAttr,
			"number":  {Type: cty.Number, Required: true, Description: "Number of the pull request."},
			"timeout": str(false, "How long one apply waits, e.g. \"72h\". Default \"72h\"."),
		},
		Outputs: map[string]cty.Type{"merge_commit_sha": cty.String},
	},
	New: func() action { return &awaitAction{} },
}

type awaitAction struct {
	p       *Provider
	a       providers.Args
	r       repoRef
	number  int
	timeout time.Duration
}

// errClosedUnmerged is the end of a wait for a merge that cannot come.
var errClosedUnmerged = errors.New("was closed without being merged")

func (w *awaitAction) parse(p *Provider, _ string, a providers.Args) error {
	w.p, w.a = p, a
	if err := required(a, "repo", "number"); err != nil {
		return err
	}
	w.number = a.Int("number", 0)
	var err error
	if w.timeout, err = timeoutArg(a, DefaultMergeTimeout); err != nil {
		return err
	}
	if a.Known("repo") {
		w.r, err = p.repo(a.String("repo"))
	}
	return err
}

func (w *awaitAction) Plan(ctx context.Context, _ *Provider, _ providers.PlanActionRequest) (providers.PlanActionResponse, error) {
	resp := providers.PlanActionResponse{Operation: providers.OpWait, Reversibility: providers.Irreversible,
		Description: fmt.Sprintf("wait until %s#%s is merged (timeout %s)", w.a.Display("repo"), w.a.Display("number"), formatDuration(w.timeout))}
	if !known(w.a, "repo", "number") {
		resp.Description = fmt.Sprintf("wait until that pull request of %s is merged (timeout %s)", w.a.Display("repo"), formatDuration(w.timeout))
		return resp, nil
	}
	pr, err := w.read(ctx)
	if err != nil {
		return resp, err
	}
	if pr.GetMerged() {
		resp.Operation = providers.OpNoop
		resp.Description = fmt.Sprintf("%s#%d is merged", w.r, w.number)
	}
	return resp, nil
}

func (w *awaitAction) read(ctx context.Context) (*gh.PullRequest, error) {
	pr, _, err := w.p.client.PullRequests.Get(ctx, w.r.owner, w.r.name, w.number)
	if err != nil {
		return nil, apiErr(err, "reading pull request %s#%d", w.r, w.number)
	}
	return pr, nil
}

func (w *awaitAction) Check(ctx context.Context, _ *Provider, _ providers.CheckActionRequest) (providers.CheckActionResponse, error) {
	pr, err := w.read(ctx)
	switch {
	case err != nil:
		return notDone(), err
	case pr.GetMerged():
		return done(map[string]cty.Value{"merge_commit_sha": cty.StringVal(pr.GetMergeCommitSHA())}, nil), nil
	case pr.GetState() == "closed":
		return conflict("pull request %s#%d %s", w.r, w.number, errClosedUnmerged), nil
	}
	return notDone(), nil
}

func (w *awaitAction) Apply(ctx context.Context, _ *Provider, req providers.ApplyActionRequest) (providers.ApplyActionResponse, error) {
	log := req.Logger
	var sha string
	what := fmt.Sprintf("pull request %s#%d to be merged", w.r, w.number)
	log.Info("waiting for a merge", "repo", w.r.String(), "number", w.number, "timeout", w.timeout)
	err := w.p.poll(ctx, w.timeout, what, func(ctx context.Context) (bool, error) {
		pr, err := w.read(ctx)
		switch {
		case err != nil:
			return false, err
		case pr.GetMerged():
			sha = pr.GetMergeCommitSHA()
			return true, nil
		case pr.GetState() == "closed":
			return false, fmt.Errorf("pull request %s#%d %w", w.r, w.number, errClosedUnmerged)
		}
		return false, nil
	})
	if err != nil {
		return providers.ApplyActionResponse{}, err
	}
	return providers.ApplyActionResponse{Outputs: map[string]cty.Value{"merge_commit_sha": cty.StringVal(sha)}}, nil
}

func (w *awaitAction) Undo(context.Context, *Provider, providers.UndoActionRequest) (providers.UndoActionResponse, error) {
	return providers.UndoActionResponse{}, fmt.Errorf("a merge that was waited for %w", providers.ErrIrreversible)
}

// formatDuration writes "72h" rather than "72h0m0s".
func formatDuration(d time.Duration) string {
	s := d.String()
	for _, suffix := range []string{"m0s", "h0m"} {
		if len(s) > len(suffix) && s[len(s)-len(suffix):] == suffix {
			s = s[:len(s)-len(suffix)+1]
		}
	}
	return s
}

// PlanUndo: waiting changed nothing, so there is nothing to undo; the
// line says what was waited for, in the recorded values.
func (w *awaitAction) PlanUndo(_ context.Context, _ *Provider, req providers.PlanUndoRequest) (providers.PlanUndoResponse, error) {
	merge := providers.Args{V: objectOf(req.Outputs)}.String("merge_commit_sha")
	return providers.PlanUndoResponse{Operation: providers.OpNoop,
		Description:  fmt.Sprintf("waited until %s#%d was merged (merge commit %s)", w.r, w.number, short(merge)),
		Irreversible: "waiting changed nothing: there is nothing to undo"}, nil
}

package github

import (
	"context"
	"fmt"
	"net/http"
	"time"

	gh "github.com/google/go-github/v57/github"
	"github.com/zclconf/go-cty/cty"

	"github.com/relctl/relctl/providers"
)

// pullType declares github_pull_request.
var pullType = providers.ActionType[action]{
	Name: "github_pull_request",
	Schema: providers.ActionSchema{
		Description: "Opens a pull request from head to base; an open pull request from head to base is adopted. " +
			"Compensable: undo closes it; a merged pull request cannot be closed, and rollback lists it with who " +
			"merged it and when.",
		Attributes: map[string]providers.Attribute{
			"repo":  repoAttr,
			"head":  str(true, "Branch with the changes."),
			"base":  str(false, "Branch to merge into. Default: the repository's default branch."),
			"title": str(true, "Title of the pull request."),
			"body":  str(false, "Description of the pull request (Markdown)."),
			"draft": {Type: cty.Bool, Description: "Open the pull request as a draft."},
		},
		Outputs: map[string]cty.Type{"number": cty.Number, "url": cty.String},
	},
	New: func() action { return &pullAction{} },
}

type pullAction struct {
	p                       *Provider
	a                       providers.Args
	r                       repoRef
	head, base, title, body string
	draft                   bool
}

type pullUndo struct {
	Number int `json:"number"`
}

func (pa *pullAction) parse(p *Provider, _ string, a providers.Args) error {
	pa.p, pa.a = p, a
	if err := required(a, "repo", "head", "title"); err != nil {
		return err
	}
	pa.head, pa.base, pa.title, pa.body = a.String("head"), a.String("base"), a.String("title"), a.String("body")
	pa.draft = a.Bool("draft", false)
	var err error
	if a.Known("repo") {
		pa.r, err = p.repo(a.String("repo"))
	}
	return err
}

func (pa *pullAction) describe(base string) string {
	if base == "" {
		base = pa.a.Display("base")
		if !pa.a.Set("base") {
			base = "the default branch"
		}
	}
	return fmt.Sprintf("%s %s → %s: %s", pa.a.Display("repo"), pa.a.Display("head"), base, pa.a.Display("title"))
}

// resolveBase fills in the default branch.
func (pa *pullAction) resolveBase(ctx context.Context) error {
	if pa.base != "" {
		return nil
	}
	var err error
	pa.base, err = pa.p.defaultBranch(ctx, pa.r)
	return err
}

func (pa *pullAction) Plan(ctx context.Context, _ *Provider, _ providers.PlanActionRequest) (providers.PlanActionResponse, error) {
	resp := providers.PlanActionResponse{Operation: providers.OpCreate, Reversibility: providers.Compensable}
	if !known(pa.a, "repo", "head", "base") {
		resp.Description = pa.describe("")
		return resp, nil
	}
	if err := pa.resolveBase(ctx); err != nil {
		return resp, err
	}
	resp.Description = pa.describe(pa.base)
	pr, err := pa.p.openPull(ctx, pa.r, pa.head, pa.base)
	if err != nil {
		return resp, err
	}
	resp.Facts = []providers.Fact{pullFact(pa.r, pa.head, pa.base, pr.GetNumber())}
	if pr != nil {
		resp.Operation = providers.OpNoop
		resp.Description = fmt.Sprintf("%s#%d is open from %s to %s", pa.r, pr.GetNumber(), pa.head, pa.base)
	}
	return resp, nil
}

func pullOutputs(pr *gh.PullRequest) map[string]cty.Value {
	return map[string]cty.Value{"number": providers.IntVal(pr.GetNumber()), "url": cty.StringVal(pr.GetHTMLURL())}
}

// Check finds the pull request: the recorded one while it is open or
// merged, else an open one from head to base.
func (pa *pullAction) Check(ctx context.Context, _ *Provider, req providers.CheckActionRequest) (providers.CheckActionResponse, error) {
	outputs := req.Outputs
	if n := (providers.Args{V: objectOf(outputs)}).Int("number", 0); n > 0 {
		pr, _, err := pa.p.client.PullRequests.Get(ctx, pa.r.owner, pa.r.name, n)
		if err != nil {
			return notDone(), apiErr(err, "reading pull request %s#%d", pa.r, n)
		}
		if pr.GetState() == "open" || pr.GetMerged() {
			return done(pullOutputs(pr), undoData(pullUndo{Number: n})), nil
		}
	}
	if err := pa.resolveBase(ctx); err != nil {
		return notDone(), err
	}
	pr, err := pa.p.openPull(ctx, pa.r, pa.head, pa.base)
	if err != nil || pr == nil {
		return notDone(), err
	}
	return done(pullOutputs(pr), undoData(pullUndo{Number: pr.GetNumber()})), nil
}

func (pa *pullAction) Apply(ctx context.Context, _ *Provider, req providers.ApplyActionRequest) (providers.ApplyActionResponse, error) {
	log := req.Logger
	if err := pa.resolveBase(ctx); err != nil {
		return providers.ApplyActionResponse{}, err
	}
	np := &gh.NewPullRequest{Title: gh.String(pa.title), Head: gh.String(pa.head), Base: gh.String(pa.base), Draft: gh.Bool(pa.draft)}
	if pa.body != "" {
		np.Body = gh.String(pa.body)
	}
	pr, resp, err := pa.p.client.PullRequests.Create(ctx, pa.r.owner, pa.r.name, np)
	if err != nil {
		if done, ok := adopt(ctx, pa.p, pa, err, resp, http.StatusUnprocessableEntity); ok {
			return done, nil
		}
		return providers.ApplyActionResponse{}, apiErr(err, "opening a pull request from %s to %s in %s", pa.head, pa.base, pa.r)
	}
	log.Info("opened pull request", "repo", pa.r.String(), "number", pr.GetNumber())
	return providers.ApplyActionResponse{Outputs: pullOutputs(pr), UndoData: undoData(pullUndo{Number: pr.GetNumber()})}, nil
}

// recorded reads the pull request relctl opened, by the number the
// state recorded.
func (pa *pullAction) recorded(ctx context.Context, outputs map[string]cty.Value, raw []byte) (*gh.PullRequest, error) {
	var u pullUndo
	if err := decodeUndo(raw, &u); err != nil {
		return nil, err
	}
	if u.Number = orOutput(u.Number, outputs, "number"); u.Number == 0 {
		return nil, fmt.Errorf("no record of the pull request relctl opened")
	}
	pr, _, err := pa.p.client.PullRequests.Get(ctx, pa.r.owner, pa.r.name, u.Number)
	if err != nil {
		return nil, apiErr(err, "reading pull request %s#%d", pa.r, u.Number)
	}
	return pr, nil
}

// mergedBy says who merged the pull request and when.
func mergedBy(pr *gh.PullRequest) string {
	return fmt.Sprintf("merged by %s at %s", pr.GetMergedBy().GetLogin(), pr.GetMergedAt().UTC().Format(time.RFC3339))
}

// PlanUndo: an open pull request is closed; a merged one cannot be
// unmerged, and what it brought is compensated by the undos of the
// actions that made it (github_file reverts on the base branch).
func (pa *pullAction) PlanUndo(ctx context.Context, _ *Provider, u providers.PlanUndoRequest) (providers.PlanUndoResponse, error) {
	pr, err := pa.recorded(ctx, u.Outputs, u.UndoData)
	if err != nil {
		return providers.PlanUndoResponse{}, err
	}
	n := pr.GetNumber()
	switch {
	case pr.GetMerged():
		u := undoForbidden("pull request %s#%d was %s; it cannot be closed", pa.r, n, mergedBy(pr))
		u.Description = fmt.Sprintf("pull request %s#%d (%s → %s): %s", pa.r, n, pr.GetHead().GetRef(), pr.GetBase().GetRef(), pr.GetTitle())
		return u, nil
	case pr.GetState() == "closed":
		return undoNoop("pull request %s#%d is already closed", pa.r, n), nil
	}
	fact := pullFact(pa.r, pr.GetHead().GetRef(), pr.GetBase().GetRef(), n)
	return providers.PlanUndoResponse{Operation: providers.OpUpdate, Facts: []providers.Fact{fact},
		Description: fmt.Sprintf("close pull request %s#%d (%s → %s)", pa.r, n, pr.GetHead().GetRef(), pr.GetBase().GetRef())}, nil
}

func (pa *pullAction) Undo(ctx context.Context, _ *Provider, req providers.UndoActionRequest) (providers.UndoActionResponse, error) {
	outputs, raw := req.Outputs, req.UndoData
	pr, err := pa.recorded(ctx, outputs, raw)
	if err != nil {
		return providers.UndoActionResponse{}, err
	}
	n := pr.GetNumber()
	switch {
	case pr.GetMerged():
		return providers.UndoActionResponse{}, fmt.Errorf("pull request %s#%d was %s; it %w", pa.r, n, mergedBy(pr), providers.ErrIrreversible)
	case pr.GetState() == "closed":
		return providers.UndoActionResponse{Description: fmt.Sprintf("pull request %s#%d was already closed", pa.r, n)}, nil
	}
	if _, _, err := pa.p.client.PullRequests.Edit(ctx, pa.r.owner, pa.r.name, n, &gh.PullRequest{State: gh.String("closed")}); err != nil {
		return providers.UndoActionResponse{}, apiErr(err, "closing pull request %s#%d", pa.r, n)
	}
	return providers.UndoActionResponse{Description: fmt.Sprintf("closed pull request %s#%d", pa.r, n)}, nil
}

// mergedPull finds the most recently merged pull request from head (a
// branch of r), or nil.
func (p *Provider) mergedPull(ctx context.Context, r repoRef, head string) (*gh.PullRequest, error) {
	opts := &gh.PullRequestListOptions{State: "closed", Head: r.owner + ":" + head, ListOptions: gh.ListOptions{PerPage: perPage}}
	var last *gh.PullRequest
	for {
		prs, resp, err := p.client.PullRequests.List(ctx, r.owner, r.name, opts)
		if err != nil {
			return nil, apiErr(err, "listing pull requests from %s in %s", head, r)
		}
		for _, pr := range prs {
			if pr.GetHead().GetRef() == head && pr.MergedAt != nil && (last == nil || pr.GetMergedAt().After(last.GetMergedAt().Time)) {
				last = pr
			}
		}
		if resp.NextPage == 0 {
			break
		}
		opts.Page = resp.NextPage
	}
	if last == nil {
		return nil, nil
	}
	pr, _, err := p.client.PullRequests.Get(ctx, r.owner, r.name, last.GetNumber())
	if err != nil {
		return nil, apiErr(err, "reading pull request %s#%d", r, last.GetNumber())
	}
	return pr, nil
}

// openPull finds the open pull request from head to base, or nil.
func (p *Provider) openPull(ctx context.Context, r repoRef, head, base string) (*gh.PullRequest, error) {
	opts := &gh.PullRequestListOptions{State: "open", Head: r.owner + ":" + head, Base: base, ListOptions: gh.ListOptions{PerPage: perPage}}
	prs, _, err := p.client.PullRequests.List(ctx, r.owner, r.name, opts)
	if err != nil {
		return nil, apiErr(err, "listing pull requests from %s to %s in %s", head, base, r)
	}
	for _, pr := range prs {
		if pr.GetHead().GetRef() == head && pr.GetBase().GetRef() == base {
			return pr, nil
		}
	}
	return nil, nil
}

package github

import (
	"context"
	"fmt"
	"net/http"

	gh "github.com/google/go-github/v57/github"
	"github.com/zclconf/go-cty/cty"

	"github.com/relctl/relctl/providers"
)

// releaseType declares github_release.
var releaseType = providers.ActionType[action]{
	Name: "github_release",
	Schema: providers.ActionSchema{
		Description: "Publishes a GitHub release for a tag (GitHub creates the tag from target when it is " +
			"missing); a release that exists for the tag is adopted. Reversible: undo deletes the release " +
			"(not the tag).",
		Attributes: map[string]providers.Attribute{
			"repo":       repoAttr,
			"tag":        str(true, "Tag of the release."),
			"name":       str(false, "Title of the release. Default: the tag."),
			"body":       str(false, "Release notes (Markdown)."),
			"target":     str(false, "Branch or commit SHA to tag when the tag does not exist. Default: the default branch."),
			"draft":      {Type: cty.Bool, Description: "Create a draft (unpublished) release."},
			"prerelease": {Type: cty.Bool, Description: "Mark the release as a pre-release."},
		},
		Outputs: map[string]cty.Type{"id": cty.Number, "url": cty.String},
	},
	New: func() action { return &releaseAction{} },
}

type releaseAction struct {
	p                       *Provider
	a                       providers.Args
	r                       repoRef
	tag, name, body, target string
	draft, prerelease       bool
}

type releaseUndo struct {
	ID int64 `json:"id"`
}

func (rl *releaseAction) parse(p *Provider, _ string, a providers.Args) error {
	rl.p, rl.a = p, a
	if err := required(a, "repo", "tag"); err != nil {
		return err
	}
	rl.tag, rl.name, rl.body, rl.target = a.String("tag"), a.String("name"), a.String("body"), a.String("target")
	if rl.name == "" {
		rl.name = rl.tag
	}
	rl.draft, rl.prerelease = a.Bool("draft", false), a.Bool("prerelease", false)
	var err error
	if a.Known("repo") {
		rl.r, err = p.repo(a.String("repo"))
	}
	return err
}

func (rl *releaseAction) describe() string {
	kind := "release"
	switch {
	case rl.draft:
		kind = "draft release"
	case rl.prerelease:
		kind = "pre-release"
	}
	return fmt.Sprintf("%s %s %s %q", rl.a.Display("repo"), kind, rl.a.Display("tag"), rl.a.Display("name"))
}

func (rl *releaseAction) Plan(ctx context.Context, _ *Provider, _ providers.PlanActionRequest) (providers.PlanActionResponse, error) {
	resp := providers.PlanActionResponse{Operation: providers.OpCreate, Reversibility: providers.Reversible, Description: rl.describe()}
	if !rl.a.Set("name") {
		resp.Description = fmt.Sprintf("%s release %s", rl.a.Display("repo"), rl.a.Display("tag"))
	}
	if !known(rl.a, "repo", "tag") {
		return resp, nil
	}
	found, err := rl.find(ctx)
	if err != nil {
		return resp, err
	}
	if found != nil {
		resp.Operation = providers.OpNoop
		resp.Description = fmt.Sprintf("%s has a release for tag %s", rl.r, rl.tag)
		return resp, nil
	}
	if rl.draft {
		return resp, nil // a draft stays mutable until it is published
	}
	immutable, err := rl.p.immutableReleases(ctx, rl.r)
	if err != nil || !immutable {
		return resp, err
	}
	resp.Reversibility = providers.Irreversible
	resp.Description += " — irreversible: " + immutableReason(rl.r, rl.tag)
	return resp, nil
}

// find returns the release of the tag, drafts included, or nil.
func (rl *releaseAction) find(ctx context.Context) (*gh.RepositoryRelease, error) {
	got, resp, err := rl.p.client.Repositories.GetReleaseByTag(ctx, rl.r.owner, rl.r.name, rl.tag)
	if err == nil {
		return got, nil
	}
	if !isNotFound(err, resp) {
		return nil, apiErr(err, "reading the release of tag %s of %s", rl.tag, rl.r)
	}
	// Drafts have no tag yet and are found only by listing.
	opts := &gh.ListOptions{PerPage: perPage}
	for {
		list, resp, err := rl.p.client.Repositories.ListReleases(ctx, rl.r.owner, rl.r.name, opts)
		if err != nil {
			return nil, apiErr(err, "listing releases of %s", rl.r)
		}
		for _, r := range list {
			if r.GetTagName() == rl.tag {
				return r, nil
			}
		}
		if resp.NextPage == 0 {
			return nil, nil
		}
		opts.Page = resp.NextPage
	}
}

func releaseOutputs(r *gh.RepositoryRelease) map[string]cty.Value {
	return map[string]cty.Value{"id": cty.NumberIntVal(r.GetID()), "url": cty.StringVal(r.GetHTMLURL())}
}

func (rl *releaseAction) Check(ctx context.Context, _ *Provider, _ providers.CheckActionRequest) (providers.CheckActionResponse, error) {
	found, err := rl.find(ctx)
	if err != nil || found == nil {
		return notDone(), err
	}
	return done(releaseOutputs(found), undoData(releaseUndo{ID: found.GetID()})), nil
}

func (rl *releaseAction) Apply(ctx context.Context, _ *Provider, req providers.ApplyActionRequest) (providers.ApplyActionResponse, error) {
	log := req.Logger
	in := &gh.RepositoryRelease{TagName: gh.String(rl.tag), Name: gh.String(rl.name),
		Draft: gh.Bool(rl.draft), Prerelease: gh.Bool(rl.prerelease)}
	if rl.body != "" {
		in.Body = gh.String(rl.body)
	}
	if rl.target != "" {
		in.TargetCommitish = gh.String(rl.target)
	}
	got, resp, err := rl.p.client.Repositories.CreateRelease(ctx, rl.r.owner, rl.r.name, in)
	if err != nil {
		if done, ok := adopt(ctx, rl.p, rl, err, resp, http.StatusUnprocessableEntity); ok {
			return done, nil
		}
		return providers.ApplyActionResponse{}, apiErr(err, "creating the release of tag %s of %s", rl.tag, rl.r)
	}
	log.Info("created release", "repo", rl.r.String(), "tag", rl.tag, "id", got.GetID())
	return providers.ApplyActionResponse{Outputs: releaseOutputs(got), UndoData: undoData(releaseUndo{ID: got.GetID()})}, nil
}

func (rl *releaseAction) Undo(ctx context.Context, _ *Provider, req providers.UndoActionRequest) (providers.UndoActionResponse, error) {
	outputs, raw := req.Outputs, req.UndoData
	var u releaseUndo
	if err := decodeUndo(raw, &u); err != nil {
		return providers.UndoActionResponse{}, err
	}
	if u.ID = orOutput(u.ID, outputs, "id"); u.ID == 0 {
		return providers.UndoActionResponse{}, fmt.Errorf("no record of the release relctl created")
	}
	if got, err := rl.p.readRelease(ctx, rl.r, u.ID); err != nil || (got != nil && got.Immutable) {
		if err == nil {
			err = fmt.Errorf("%s: it %w", immutableReason(rl.r, rl.tag), providers.ErrIrreversible)
		}
		return providers.UndoActionResponse{}, err
	}
	resp, err := rl.p.client.Repositories.DeleteRelease(ctx, rl.r.owner, rl.r.name, u.ID)
	if isNotFound(err, resp) {
		return providers.UndoActionResponse{Description: fmt.Sprintf("release %s of %s was already deleted", rl.tag, rl.r)}, nil
	}
	if err != nil {
		return providers.UndoActionResponse{}, apiErr(err, "deleting the release of tag %s of %s", rl.tag, rl.r)
	}
	return providers.UndoActionResponse{Description: fmt.Sprintf("deleted release %s of %s (the tag stays)", rl.tag, rl.r)}, nil
}

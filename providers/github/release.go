package github

import (
	"context"
	"fmt"
	"net/http"

	gh "github.com/google/go-github/v57/github"
	"github.com/hashicorp/go-hclog"
	"github.com/zclconf/go-cty/cty"

	"github.com/relctl/relctl/providers"
)

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

func (rl *releaseAction) parse(p *Provider, a providers.Args) error {
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

func (rl *releaseAction) plan(ctx context.Context) (providers.PlanActionResponse, error) {
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

func (rl *releaseAction) check(ctx context.Context, _ map[string]cty.Value, _ []byte) (providers.CheckActionResponse, error) {
	found, err := rl.find(ctx)
	if err != nil || found == nil {
		return notDone(), err
	}
	return done(releaseOutputs(found), undoData(releaseUndo{ID: found.GetID()})), nil
}

func (rl *releaseAction) apply(ctx context.Context, log hclog.Logger) (providers.ApplyActionResponse, error) {
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
		if done, ok := adopt(ctx, rl, err, resp, http.StatusUnprocessableEntity); ok {
			return done, nil
		}
		return providers.ApplyActionResponse{}, apiErr(err, "creating the release of tag %s of %s", rl.tag, rl.r)
	}
	log.Info("created release", "repo", rl.r.String(), "tag", rl.tag, "id", got.GetID())
	return providers.ApplyActionResponse{Outputs: releaseOutputs(got), UndoData: undoData(releaseUndo{ID: got.GetID()})}, nil
}

func (rl *releaseAction) undo(ctx context.Context, req undoRequest) (providers.UndoActionResponse, error) {
	outputs, raw := req.outputs, req.raw
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

package github

import (
	"context"
	"fmt"

	"github.com/relctl/relctl/providers"
)

// immutableReleases reads the repository's immutable releases setting
// (GET /repos/{owner}/{repo}/immutable-releases: 200 with "enabled", 404
// when it is off). Once a release is published in such a repository, its
// tag can never be deleted, moved or used again.
func (p *Provider) immutableReleases(ctx context.Context, r repoRef) (bool, error) {
	req, err := p.client.NewRequest("GET", fmt.Sprintf("repos/%s/%s/immutable-releases", r.owner, r.name), nil)
	if err != nil {
		return false, err
	}
	var got struct {
		Enabled bool `json:"enabled"`
	}
	resp, err := p.client.Do(ctx, req, &got)
	if isNotFound(err, resp) {
		return false, nil
	}
	if err != nil {
		return false, apiErr(err, "reading the immutable releases setting of %s", r)
	}
	return got.Enabled, nil
}

// releaseState is what undoing a release depends on: whether it exists
// and whether it is immutable (the release object's "immutable" field,
// which go-github v57 does not decode).
type releaseState struct {
	ID        int64  `json:"id"`
	TagName   string `json:"tag_name"`
	Draft     bool   `json:"draft"`
	Immutable bool   `json:"immutable"`
}

// readRelease reads the release by id; nil when it is gone.
func (p *Provider) readRelease(ctx context.Context, r repoRef, id int64) (*releaseState, error) {
	return p.getRelease(ctx, fmt.Sprintf("repos/%s/%s/releases/%d", r.owner, r.name, id),
		func(err error) error { return apiErr(err, "reading release %d of %s", id, r) })
}

// immutableTagRelease finds the immutable release of tag, or nil.
func (p *Provider) immutableTagRelease(ctx context.Context, r repoRef, tag string) (*releaseState, error) {
	got, err := p.getRelease(ctx, fmt.Sprintf("repos/%s/%s/releases/tags/%s", r.owner, r.name, tag),
		func(err error) error { return apiErr(err, "reading the release of tag %s of %s", tag, r) })
	if got == nil || err != nil || !got.Immutable {
		return nil, err
	}
	return got, nil
}

// getRelease reads one release at path; nil when there is none. wrap
// gives another error its context.
func (p *Provider) getRelease(ctx context.Context, path string, wrap func(error) error) (*releaseState, error) {
	req, err := p.client.NewRequest("GET", path, nil)
	if err != nil {
		return nil, err
	}
	var got releaseState
	resp, err := p.client.Do(ctx, req, &got)
	if isNotFound(err, resp) {
		return nil, nil
	}
	if err != nil {
		return nil, wrap(err)
	}
	return &got, nil
}

// immutableReason is the reason a release or its tag is kept.
func immutableReason(r repoRef, tag string) string {
	return fmt.Sprintf("%s has immutable releases: the published release %s and its tag can never be deleted or reused", r, tag)
}

func (rl *releaseAction) PlanUndo(ctx context.Context, _ *Provider, req providers.PlanUndoRequest) (providers.PlanUndoResponse, error) {
	var u releaseUndo
	if err := decodeUndo(req.UndoData, &u); err != nil {
		return providers.PlanUndoResponse{}, err
	}
	if u.ID = orOutput(u.ID, req.Outputs, "id"); u.ID == 0 {
		return providers.PlanUndoResponse{}, fmt.Errorf("no record of the release relctl created")
	}
	got, err := rl.p.readRelease(ctx, rl.r, u.ID)
	switch {
	case err != nil:
		return providers.PlanUndoResponse{}, err
	case got == nil:
		return undoNoop("release %s of %s is already deleted", rl.tag, rl.r), nil
	case got.Immutable:
		return undoForbidden("%s", immutableReason(rl.r, rl.tag)), nil
	}
	return undoDelete(nil, "delete release %s (id %d) of %s; the tag stays", rl.tag, u.ID, rl.r), nil
}

func (t *tagAction) PlanUndo(ctx context.Context, _ *Provider, req providers.PlanUndoRequest) (providers.PlanUndoResponse, error) {
	var u tagUndo
	if err := decodeUndo(req.UndoData, &u); err != nil {
		return providers.PlanUndoResponse{}, err
	}
	if u.Object == "" {
		u.Object = providers.Args{V: objectOf(req.Outputs)}.String("sha")
	}
	cur, err := t.p.refObject(ctx, t.r, "tags/"+t.tag)
	switch {
	case err != nil:
		return providers.PlanUndoResponse{}, err
	case cur.sha == "":
		return undoNoop("tag %s of %s is already deleted", t.tag, t.r), nil
	case cur.sha != u.Object:
		return providers.PlanUndoResponse{}, fmt.Errorf("tag %s of %s is at %s, not at %s where relctl left it; not deleting it",
			t.tag, t.r, short(cur.sha), short(u.Object))
	}
	if rel, err := t.p.immutableTagRelease(ctx, t.r, t.tag); err != nil || rel != nil {
		if err != nil {
			return providers.PlanUndoResponse{}, err
		}
		return undoForbidden("%s", immutableReason(t.r, t.tag)), nil
	}
	peeled, err := t.p.refSHA(ctx, t.r, "tags/"+t.tag)
	if err != nil {
		return providers.PlanUndoResponse{}, err
	}
	return undoDelete([]providers.Fact{refFact(t.r.String(), "tags/"+t.tag, peeled)},
		"delete tag %s of %s at %s", t.tag, t.r, short(peeled)), nil
}

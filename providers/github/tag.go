package github

import (
	"context"
	"fmt"
	"net/http"

	gh "github.com/google/go-github/v57/github"
	"github.com/zclconf/go-cty/cty"

	"github.com/relctl/relctl/providers"
)

// tagType declares github_tag.
var tagType = providers.ActionType[action]{
	Name: "github_tag",
	Schema: providers.ActionSchema{
		Description: "Creates a tag, annotated when a message is given. Done when the tag exists on the " +
			"expected commit; a tag on another commit is a conflict. Reversible: undo deletes the tag if " +
			"it still names what relctl made.",
		Attributes: map[string]providers.Attribute{
			"repo":    repoAttr,
			"tag":     str(true, "Name of the tag, e.g. \"1.20.5\"."),
			"sha":     str(false, "Commit SHA to tag."),
			"ref":     str(false, "Branch or tag whose commit to tag, when sha is not given. Default: the default branch."),
			"message": str(false, "Message of an annotated tag; without it the tag is lightweight."),
		},
		Outputs: map[string]cty.Type{"sha": cty.String},
	},
	New: func() action { return &tagAction{} },
}

type tagAction struct {
	p                      *Provider
	a                      providers.Args
	r                      repoRef
	tag, sha, ref, message string
}

// tagUndo records the object the tag ref was made to point at (the tag
// object of an annotated tag).
type tagUndo struct {
	Object string `json:"object"`
	SHA    string `json:"sha"`
}

func (t *tagAction) parse(p *Provider, _ string, a providers.Args) error {
	t.p, t.a = p, a
	if err := required(a, "repo", "tag"); err != nil {
		return err
	}
	if a.Set("sha") && a.Set("ref") {
		return fmt.Errorf("give sha or ref, not both")
	}
	t.tag, t.sha, t.ref, t.message = a.String("tag"), a.String("sha"), a.String("ref"), a.String("message")
	var err error
	if a.Known("repo") {
		t.r, err = p.repo(a.String("repo"))
	}
	return err
}

// target resolves the commit to tag.
func (t *tagAction) target(ctx context.Context) (start, error) {
	if t.sha != "" {
		return t.p.resolve(ctx, t.r, t.sha)
	}
	return t.p.resolve(ctx, t.r, t.ref)
}

func (t *tagAction) describe(sha string) string {
	at := t.a.Display("sha")
	if !t.a.Set("sha") {
		at = t.a.Display("ref")
		if !t.a.Set("ref") {
			at = "the default branch"
		}
	}
	if sha != "" && sha != at {
		at += " @ " + short(sha)
	}
	kind := "tag"
	if t.a.Set("message") {
		kind = "annotated tag"
	}
	return fmt.Sprintf("%s %s %s at %s", t.a.Display("repo"), kind, t.a.Display("tag"), at)
}

func (t *tagAction) Plan(ctx context.Context, _ *Provider, _ providers.PlanActionRequest) (providers.PlanActionResponse, error) {
	resp := providers.PlanActionResponse{Operation: providers.OpCreate, Reversibility: providers.Reversible}
	if !known(t.a, "repo", "tag", "sha", "ref") {
		resp.Description = t.describe("")
		return resp, nil
	}
	cur, err := t.p.refSHA(ctx, t.r, "tags/"+t.tag)
	if err != nil {
		return resp, err
	}
	want, err := t.target(ctx)
	if err != nil {
		return resp, err
	}
	resp.Description = t.describe(want.sha)
	resp.Facts = append(want.facts, refFact(t.r.String(), "tags/"+t.tag, cur))
	switch cur {
	case "":
		return resp, nil
	case want.sha:
		resp.Operation = providers.OpNoop
		resp.Description = fmt.Sprintf("%s tag %s exists at %s", t.r, t.tag, short(cur))
		return resp, nil
	}
	return resp, fmt.Errorf("tag %s of %s is at %s, the plan expects %s", t.tag, t.r, short(cur), short(want.sha))
}

func (t *tagAction) Check(ctx context.Context, _ *Provider, _ providers.CheckActionRequest) (providers.CheckActionResponse, error) {
	obj, err := t.p.refObject(ctx, t.r, "tags/"+t.tag)
	if err != nil || obj.sha == "" {
		return notDone(), err
	}
	cur, err := t.p.refSHA(ctx, t.r, "tags/"+t.tag)
	if err != nil {
		return notDone(), err
	}
	want, err := t.target(ctx)
	if err != nil {
		return notDone(), err
	}
	if cur != want.sha {
		return conflict("tag %s of %s is at %s, the plan expects %s", t.tag, t.r, short(cur), short(want.sha)), nil
	}
	return done(map[string]cty.Value{"sha": cty.StringVal(cur)}, undoData(tagUndo{Object: obj.sha, SHA: cur})), nil
}

func (t *tagAction) Apply(ctx context.Context, _ *Provider, req providers.ApplyActionRequest) (providers.ApplyActionResponse, error) {
	log := req.Logger
	want, err := t.target(ctx)
	if err != nil {
		return providers.ApplyActionResponse{}, err
	}
	obj := want.sha
	if t.message != "" {
		to, _, err := t.p.client.Git.CreateTag(ctx, t.r.owner, t.r.name, &gh.Tag{Tag: gh.String(t.tag),
			Message: gh.String(t.message), Object: &gh.GitObject{SHA: gh.String(want.sha), Type: gh.String("commit")}})
		if err != nil {
			return providers.ApplyActionResponse{}, apiErr(err, "creating tag object %s of %s", t.tag, t.r)
		}
		obj = to.GetSHA()
	}
	ref := &gh.Reference{Ref: gh.String("refs/tags/" + t.tag), Object: &gh.GitObject{SHA: gh.String(obj)}}
	if _, resp, err := t.p.client.Git.CreateRef(ctx, t.r.owner, t.r.name, ref); err != nil {
		if done, ok := adopt(ctx, t.p, t, err, resp, http.StatusUnprocessableEntity); ok {
			return done, nil
		}
		return providers.ApplyActionResponse{}, apiErr(err, "creating tag %s of %s", t.tag, t.r)
	}
	log.Info("created tag", "repo", t.r.String(), "tag", t.tag, "sha", short(want.sha))
	return providers.ApplyActionResponse{Outputs: map[string]cty.Value{"sha": cty.StringVal(want.sha)},
		UndoData: undoData(tagUndo{Object: obj, SHA: want.sha})}, nil
}

func (t *tagAction) Undo(ctx context.Context, _ *Provider, req providers.UndoActionRequest) (providers.UndoActionResponse, error) {
	outputs, raw := req.Outputs, req.UndoData
	var u tagUndo
	if err := decodeUndo(raw, &u); err != nil {
		return providers.UndoActionResponse{}, err
	}
	if u.Object == "" {
		u.Object = providers.Args{V: objectOf(outputs)}.String("sha")
	}
	if u.Object == "" {
		return providers.UndoActionResponse{}, fmt.Errorf("no record of the tag relctl created")
	}
	return t.p.deleteRef(ctx, t.r, "tags/"+t.tag, object{sha: u.Object}, "tag")
}

package git

import (
	"context"
	"errors"
	"fmt"

	"github.com/zclconf/go-cty/cty"

	"github.com/relctl/relctl/providers"
)

// tagType declares git_tag.
var tagType = providers.ActionType[action]{
	Name: "git_tag",
	Schema: providers.ActionSchema{
		Description: "Creates a tag in relctl's local clone (published by git_push). Reversible: undo deletes the local tag.",
		Attributes: map[string]providers.Attribute{
			"remote":  remoteAttr,
			"tag":     {Type: cty.String, Required: true, Description: "Name of the tag."},
			"ref":     {Type: cty.String, Description: "Branch, tag or commit SHA to tag. Default: the remote's default branch."},
			"message": {Type: cty.String, Description: "Message of an annotated tag; without it the tag is lightweight."},
		},
		Outputs: map[string]cty.Type{"sha": cty.String, "tag": cty.String},
	},
	New: func() action { return &tagAction{} },
}

// tagAction creates a tag in the local clone.
type tagAction struct {
	remote, tag, ref, message string
	known                     bool
}

type tagUndo struct {
	Tag string `json:"tag"`
	// SHA is the tagged commit; Created is false when the tag was adopted
	// from the remote, which undo then leaves alone.
	SHA     string `json:"sha"`
	Created bool   `json:"created"`
}

func (t *tagAction) parse(ctx context.Context, p *Provider, a providers.Args) (bool, error) {
	t.remote, t.tag, t.ref, t.message = p.remote(a), a.String("tag"), a.String("ref"), a.String("message")
	if a.Known("tag") {
		if err := p.checkRefName(ctx, "tags", t.tag); err != nil {
			return false, err
		}
	}
	t.known = a.Known("remote") && a.Known("tag") && (!a.Set("ref") || a.Known("ref")) && (!a.Set("message") || a.Known("message"))
	return t.known, nil
}

func (t *tagAction) refName(ctx context.Context, c *clone) (string, error) {
	if t.ref != "" {
		return t.ref, nil
	}
	return c.defaultBranch(ctx)
}

func (t *tagAction) outputs(sha string) map[string]cty.Value {
	return map[string]cty.Value{"sha": cty.StringVal(sha), "tag": cty.StringVal(t.tag)}
}

func (t *tagAction) Plan(ctx context.Context, c *clone, req providers.PlanActionRequest) (providers.PlanActionResponse, error) {
	a := providers.Args{V: req.Args}
	resp := providers.PlanActionResponse{Operation: providers.OpCreate, Reversibility: providers.Reversible,
		Description: fmt.Sprintf("%s tag %s at %s", displayName(a.Display("remote")), a.Display("tag"), a.Display("ref"))}
	if c == nil || !a.Known("tag") {
		return resp, nil
	}
	fact, err := refFact(ctx, c, "tags", t.tag)
	resp = withFact(resp, fact)
	if err != nil || !t.known {
		return resp, err
	}
	ref, err := t.refName(ctx, c)
	if err != nil {
		return resp, err
	}
	sha, where, err := c.resolve(ctx, ref)
	switch {
	case errors.Is(err, ErrUnresolved):
		resp.Description = fmt.Sprintf("%s tag %s at %s (resolved at apply)", displayName(t.remote), t.tag, ref)
		return resp, nil
	case err != nil:
		return resp, err
	}
	resp.Description = fmt.Sprintf("%s tag %s at %s (%s)", displayName(t.remote), t.tag, short(sha), ref)
	if t.message != "" {
		resp.Description += ", annotated"
	}
	if resp, err = withSourceFact(ctx, c, resp, ref, where); err != nil {
		return resp, err
	}
	st, err := t.state(ctx, c, sha)
	return settle(resp, st, err, ": already exists")
}

func (t *tagAction) Check(ctx context.Context, c *clone, req providers.CheckActionRequest) (providers.CheckActionResponse, error) {
	sha, err := recordedSHA(ctx, c, req.Outputs, t.refName)
	if err != nil {
		return providers.CheckActionResponse{}, err
	}
	return t.state(ctx, c, sha)
}

// state looks for the tag in the clone, then on the remote: done when it
// is on the wanted commit, a conflict when on any other.
func (t *tagAction) state(ctx context.Context, c *clone, want string) (providers.CheckActionResponse, error) {
	for _, cand := range []struct {
		ref   string
		local bool
		place string
	}{{"refs/tags/" + t.tag, true, "relctl's clone of"}, {remoteTags + t.tag, false, ""}} {
		have, err := c.commitOf(ctx, cand.ref)
		if err != nil || have == "" {
			if err != nil {
				return providers.CheckActionResponse{}, err
			}
			continue
		}
		ok := have == want
		if !ok {
			return providers.CheckActionResponse{Status: providers.CheckConflict, Detail: fmt.Sprintf(
				"tag %s is at %s in %s%s, the plan expects %s", t.tag, short(have), cand.place, displayName(t.remote), short(want))}, nil
		}
		return providers.CheckActionResponse{Status: providers.CheckDone, Outputs: t.outputs(have),
			UndoData: undoData(tagUndo{Tag: t.tag, SHA: have, Created: cand.local})}, nil
	}
	return providers.CheckActionResponse{Status: providers.CheckNotDone}, nil
}

func (t *tagAction) Apply(ctx context.Context, c *clone, _ providers.ApplyActionRequest) (providers.ApplyActionResponse, error) {
	ref, err := t.refName(ctx, c)
	if err != nil {
		return providers.ApplyActionResponse{}, err
	}
	sha, _, err := c.resolve(ctx, ref)
	if err != nil {
		return providers.ApplyActionResponse{}, err
	}
	if t.message == "" {
		err = c.updateRef(ctx, "refs/tags/"+t.tag, sha, "")
	} else {
		_, err = c.gitIn(ctx, nil, t.message, "tag", "-a", "-F", "-", "--", t.tag, sha)
	}
	if err != nil {
		return providers.ApplyActionResponse{}, fmt.Errorf("tagging %s: %w", short(sha), err)
	}
	c.log.Info("created tag", "tag", t.tag, "sha", sha)
	return providers.ApplyActionResponse{Outputs: t.outputs(sha),
		UndoData: undoData(tagUndo{Tag: t.tag, SHA: sha, Created: true})}, nil
}

func (t *tagAction) Undo(ctx context.Context, c *clone, req providers.UndoActionRequest) (providers.UndoActionResponse, error) {
	var u tagUndo
	if err := decodeUndo(req.UndoData, &u); err != nil {
		return providers.UndoActionResponse{}, err
	}
	if !u.Created {
		return providers.UndoActionResponse{Description: fmt.Sprintf("tag %s existed before; left as is", u.Tag)}, nil
	}
	ref := "refs/tags/" + u.Tag
	obj, err := c.refValue(ctx, ref)
	if err != nil || obj == "" {
		return providers.UndoActionResponse{Description: fmt.Sprintf("local tag %s is already gone", u.Tag)}, err
	}
	have, err := c.commitOf(ctx, ref)
	if err != nil {
		return providers.UndoActionResponse{}, err
	}
	if have != u.SHA {
		return providers.UndoActionResponse{}, fmt.Errorf("local tag %s of %s is at %s, not at %s where relctl made it; left as is",
			u.Tag, displayName(c.remote), short(have), short(u.SHA))
	}
	if err := c.updateRef(ctx, ref, "", obj); err != nil {
		return providers.UndoActionResponse{}, err
	}
	return providers.UndoActionResponse{Description: fmt.Sprintf("deleted local tag %s of %s", u.Tag, displayName(c.remote))}, nil
}

package git

import (
	"context"
	"errors"
	"fmt"

	"github.com/zclconf/go-cty/cty"

	"github.com/relctl/relctl/providers"
)

// branchType declares git_branch.
var branchType = providers.ActionType[action]{
	Name: "git_branch",
	Schema: providers.ActionSchema{
		Description: "Creates a branch in relctl's local clone of the remote (published by git_push). " +
			"Reversible: undo deletes the local branch.",
		Attributes: map[string]providers.Attribute{
			"remote": remoteAttr,
			"branch": {Type: cty.String, Required: true, Description: "Name of the branch to create."},
			"from":   {Type: cty.String, Description: "Branch, tag or commit SHA the branch starts at. Default: the remote's default branch."},
		},
		Outputs: shaOutput,
	},
	New: func() action { return &branchAction{} },
}

// branchAction creates a branch in the local clone.
type branchAction struct {
	remote, branch, from string
	known                bool
}

type branchUndo struct {
	Branch string `json:"branch"`
	SHA    string `json:"sha"`
	// Created is false when the branch already existed on the remote and
	// the action was adopted: undo then leaves it alone.
	Created bool `json:"created"`
}

func (b *branchAction) parse(ctx context.Context, p *Provider, a providers.Args) (bool, error) {
	b.remote, b.branch, b.from = p.remote(a), a.String("branch"), a.String("from")
	if a.Known("branch") {
		if err := p.checkRefName(ctx, "heads", b.branch); err != nil {
			return false, err
		}
	}
	b.known = a.Known("remote") && a.Known("branch") && (!a.Set("from") || a.Known("from"))
	return b.known, nil
}

// fromName is the start point, the remote's default branch when unset.
func (b *branchAction) fromName(ctx context.Context, c *clone) (string, error) {
	if b.from != "" {
		return b.from, nil
	}
	return c.defaultBranch(ctx)
}

func (b *branchAction) Plan(ctx context.Context, c *clone, req providers.PlanActionRequest) (providers.PlanActionResponse, error) {
	a := providers.Args{V: req.Args}
	resp := providers.PlanActionResponse{Operation: providers.OpCreate, Reversibility: providers.Reversible}
	if c == nil || !a.Known("branch") {
		resp.Description = fmt.Sprintf("%s branch %s from %s", displayName(a.Display("remote")), a.Display("branch"), a.Display("from"))
		return resp, nil
	}
	fact, err := refFact(ctx, c, "heads", b.branch)
	if err != nil {
		return resp, err
	}
	resp.Facts = append(resp.Facts, fact)
	name := displayName(b.remote)
	if !b.known {
		resp.Description = fmt.Sprintf("%s branch %s from %s", name, b.branch, a.Display("from"))
		return resp, nil
	}
	from, err := b.fromName(ctx, c)
	if err != nil {
		return resp, err
	}
	sha, _, err := c.resolve(ctx, from)
	switch {
	case errors.Is(err, ErrUnresolved):
		resp.Description = fmt.Sprintf("%s branch %s from %s (resolved at apply)", name, b.branch, from)
		return resp, nil
	case err != nil:
		return resp, err
	}
	resp.Description = fmt.Sprintf("%s branch %s from %s (%s)", name, b.branch, from, short(sha))
	st, err := b.state(ctx, c, sha)
	return settle(resp, st, err, ": already exists")
}

func (b *branchAction) Check(ctx context.Context, c *clone, req providers.CheckActionRequest) (providers.CheckActionResponse, error) {
	sha, err := recordedSHA(ctx, c, req.Outputs, b.fromName)
	if err != nil {
		return providers.CheckActionResponse{}, err
	}
	return b.state(ctx, c, sha)
}

// state decides whether the branch exists and contains sha, first in the
// clone, then on the remote.
func (b *branchAction) state(ctx context.Context, c *clone, sha string) (providers.CheckActionResponse, error) {
	head, local, err := c.branchHead(ctx, b.branch)
	if err != nil || head == "" {
		return providers.CheckActionResponse{Status: providers.CheckNotDone}, err
	}
	contains, err := c.isAncestor(ctx, sha, head)
	if err != nil {
		return providers.CheckActionResponse{}, err
	}
	where := "on the remote"
	if local {
		where = "in relctl's clone"
	}
	if !contains {
		return providers.CheckActionResponse{Status: providers.CheckConflict, Detail: fmt.Sprintf(
			"branch %s of %s exists %s at %s, which does not contain %s where the plan starts it",
			b.branch, displayName(b.remote), where, short(head), short(sha))}, nil
	}
	return providers.CheckActionResponse{
		Status:   providers.CheckDone,
		Outputs:  shaOutputs(sha),
		UndoData: undoData(branchUndo{Branch: b.branch, SHA: sha, Created: local}),
	}, nil
}

func (b *branchAction) Apply(ctx context.Context, c *clone, _ providers.ApplyActionRequest) (providers.ApplyActionResponse, error) {
	from, err := b.fromName(ctx, c)
	if err != nil {
		return providers.ApplyActionResponse{}, err
	}
	sha, _, err := c.resolve(ctx, from)
	if err != nil {
		return providers.ApplyActionResponse{}, err
	}
	if err := c.updateRef(ctx, "refs/heads/"+b.branch, sha, ""); err != nil {
		return providers.ApplyActionResponse{}, err
	}
	c.log.Info("created branch", "branch", b.branch, "sha", sha)
	return providers.ApplyActionResponse{
		Outputs:  shaOutputs(sha),
		UndoData: undoData(branchUndo{Branch: b.branch, SHA: sha, Created: true}),
	}, nil
}

func (b *branchAction) Undo(ctx context.Context, c *clone, req providers.UndoActionRequest) (providers.UndoActionResponse, error) {
	var u branchUndo
	if err := decodeUndo(req.UndoData, &u); err != nil {
		return providers.UndoActionResponse{}, err
	}
	if !u.Created {
		return providers.UndoActionResponse{Description: fmt.Sprintf("branch %s existed before; left as is", u.Branch)}, nil
	}
	return c.resetLocal(ctx, u.Branch, u.SHA, "")
}

// resetLocal moves local branch from want back to old ("" deletes it),
// only if the branch is still at want.
func (c *clone) resetLocal(ctx context.Context, branch, want, old string) (providers.UndoActionResponse, error) {
	ref := "refs/heads/" + branch
	cur, err := c.refValue(ctx, ref)
	if err != nil {
		return providers.UndoActionResponse{}, err
	}
	switch {
	case cur == old && old == "":
		return providers.UndoActionResponse{Description: fmt.Sprintf("local branch %s is already gone", branch)}, nil
	case cur == old:
		return providers.UndoActionResponse{Description: fmt.Sprintf("local branch %s is already at %s", branch, short(old))}, nil
	case cur != want:
		return providers.UndoActionResponse{}, fmt.Errorf("local branch %s of %s is at %s, not at %s where relctl left it; "+
			"undo the later actions on it first", branch, displayName(c.remote), short(cur), short(want))
	}
	if err := c.updateRef(ctx, ref, old, want); err != nil {
		return providers.UndoActionResponse{}, err
	}
	if old == "" {
		return providers.UndoActionResponse{Description: fmt.Sprintf("deleted local branch %s of %s", branch, displayName(c.remote))}, nil
	}
	return providers.UndoActionResponse{Description: fmt.Sprintf("reset local branch %s of %s to %s", branch, displayName(c.remote), short(old))}, nil
}

package github

import (
	"context"
	"fmt"
	"net/http"
	"strings"

	gh "github.com/google/go-github/v57/github"
	"github.com/zclconf/go-cty/cty"

	"github.com/relctl/relctl/providers"
)

// branchType declares github_branch.
var branchType = providers.ActionType[action]{
	Name: "github_branch",
	Schema: providers.ActionSchema{
		Description: "Creates a branch. Done when the branch exists and contains its start point. " +
			"Reversible: undo deletes the branch if it is still where relctl created it.",
		Attributes: map[string]providers.Attribute{
			"repo":   repoAttr,
			"branch": str(true, "Name of the branch to create."),
			"from":   str(false, "Branch, tag or commit SHA the branch starts at. Default: the repository's default branch."),
		},
		Outputs: map[string]cty.Type{"sha": cty.String},
	},
	New: func() action { return &branchAction{} },
}

type branchAction struct {
	p            *Provider
	addr         string
	a            providers.Args
	r            repoRef
	branch, from string
}

// branchUndo records where relctl created the branch.
type branchUndo struct {
	SHA string `json:"sha"`
}

func (b *branchAction) parse(p *Provider, address string, a providers.Args) error {
	b.p, b.addr, b.a = p, address, a
	if err := required(a, "repo", "branch"); err != nil {
		return err
	}
	b.branch, b.from = a.String("branch"), a.String("from")
	var err error
	if a.Known("repo") {
		b.r, err = p.repo(a.String("repo"))
	}
	return err
}

func (b *branchAction) describe(start string) string {
	from := b.a.Display("from")
	if !b.a.Set("from") {
		from = "the default branch"
	}
	if start != "" {
		from += " @ " + short(start)
	}
	return fmt.Sprintf("%s %s from %s", b.a.Display("repo"), b.a.Display("branch"), from)
}

func (b *branchAction) Plan(ctx context.Context, _ *Provider, _ providers.PlanActionRequest) (providers.PlanActionResponse, error) {
	resp := providers.PlanActionResponse{Operation: providers.OpCreate, Reversibility: providers.Reversible}
	if !known(b.a, "repo", "branch", "from") {
		resp.Description = b.describe("")
		return resp, nil
	}
	start, err := b.p.resolve(ctx, b.r, b.from)
	if err != nil {
		return resp, err
	}
	resp.Description = b.describe(start.sha)
	head, err := b.p.refSHA(ctx, b.r, "heads/"+b.branch)
	if err != nil {
		return resp, err
	}
	resp.Facts = append(start.facts, refFact(b.r.String(), "heads/"+b.branch, head))
	if head == "" {
		return resp, nil
	}
	if ok, err := b.p.contains(ctx, b.r, head, start.sha); err != nil || !ok {
		if err == nil {
			err = fmt.Errorf("branch %s of %s exists at %s, which does not contain %s", b.branch, b.r, short(head), short(start.sha))
		}
		return resp, err
	}
	resp.Operation = providers.OpNoop
	resp.Description = fmt.Sprintf("%s %s exists at %s", b.r, b.branch, short(head))
	return resp, nil
}

func (b *branchAction) Check(ctx context.Context, _ *Provider, _ providers.CheckActionRequest) (providers.CheckActionResponse, error) {
	head, err := b.p.refSHA(ctx, b.r, "heads/"+b.branch)
	if err != nil || head == "" {
		return notDone(), err
	}
	start, err := b.p.resolve(ctx, b.r, b.from)
	if err != nil {
		return notDone(), err
	}
	ok, err := b.p.contains(ctx, b.r, head, start.sha)
	if err != nil {
		return notDone(), err
	}
	if !ok {
		return conflict("branch %s of %s is at %s, which does not contain the start point %s", b.branch, b.r, short(head), short(start.sha)), nil
	}
	return done(map[string]cty.Value{"sha": cty.StringVal(head)}, undoData(branchUndo{SHA: head})), nil
}

func (b *branchAction) Apply(ctx context.Context, _ *Provider, req providers.ApplyActionRequest) (providers.ApplyActionResponse, error) {
	log := req.Logger
	start, err := b.p.resolve(ctx, b.r, b.from)
	if err != nil {
		return providers.ApplyActionResponse{}, err
	}
	ref := &gh.Reference{Ref: gh.String("refs/heads/" + b.branch), Object: &gh.GitObject{SHA: gh.String(start.sha)}}
	if _, resp, err := b.p.client.Git.CreateRef(ctx, b.r.owner, b.r.name, ref); err != nil {
		// Made meanwhile (a retried request that had reached GitHub).
		if done, ok := adopt(ctx, b.p, b, err, resp, http.StatusUnprocessableEntity); ok {
			return done, nil
		}
		return providers.ApplyActionResponse{}, apiErr(err, "creating branch %s of %s", b.branch, b.r)
	}
	log.Info("created branch", "repo", b.r.String(), "branch", b.branch, "sha", short(start.sha))
	return providers.ApplyActionResponse{
		Outputs:  map[string]cty.Value{"sha": cty.StringVal(start.sha)},
		UndoData: undoData(branchUndo{SHA: start.sha}),
	}, nil
}

// deletable reads the branch and returns where it is ("" when it is
// gone) and where relctl may delete it from: where relctl created it, or
// its head when only relctl's commits were added since.
func (b *branchAction) deletable(ctx context.Context, outputs map[string]cty.Value, raw []byte) (head, want string, err error) {
	var u branchUndo
	if err := decodeUndo(raw, &u); err != nil {
		return "", "", err
	}
	if u.SHA == "" {
		u.SHA = providers.Args{V: objectOf(outputs)}.String("sha")
	}
	if head, err = b.p.refSHA(ctx, b.r, "heads/"+b.branch); err != nil {
		return "", "", err
	}
	if head != "" && head != u.SHA {
		ok, err := b.p.onlyRelctlCommits(ctx, b.r, u.SHA, head)
		if err != nil {
			return "", "", err
		}
		if ok {
			u.SHA = head
		}
	}
	return head, u.SHA, nil
}

func (b *branchAction) PlanUndo(ctx context.Context, _ *Provider, req providers.PlanUndoRequest) (providers.PlanUndoResponse, error) {
	head, want, err := b.deletable(ctx, req.Outputs, req.UndoData)
	switch {
	case err != nil:
		return providers.PlanUndoResponse{}, err
	case head == "":
		return undoNoop("branch %s of %s is already deleted", b.branch, b.r), nil
	case head != want:
		return providers.PlanUndoResponse{}, fmt.Errorf("branch %s of %s is at %s, not at %s where relctl left it; not deleting it",
			b.branch, b.r, short(head), short(want))
	}
	return undoDelete([]providers.Fact{refFact(b.r.String(), "heads/"+b.branch, head)},
		"delete branch %s of %s at %s", b.branch, b.r, short(head)), nil
}

func (b *branchAction) Undo(ctx context.Context, _ *Provider, req providers.UndoActionRequest) (providers.UndoActionResponse, error) {
	_, want, err := b.deletable(ctx, req.Outputs, req.UndoData)
	if err != nil {
		return providers.UndoActionResponse{}, err
	}
	return b.p.deleteRef(ctx, b.r, "heads/"+b.branch, object{sha: want}, "branch")
}

// onlyRelctlCommits reports whether head descends from base by commits
// relctl made (and marked with its trailer) only, so that deleting the
// branch loses nobody else's work.
func (p *Provider) onlyRelctlCommits(ctx context.Context, r repoRef, base, head string) (bool, error) {
	cmp, _, err := p.client.Repositories.CompareCommits(ctx, r.owner, r.name, base, head, nil)
	if err != nil {
		return false, apiErr(err, "comparing %s...%s in %s", short(base), short(head), r)
	}
	if cmp.GetStatus() != "ahead" || cmp.GetTotalCommits() != len(cmp.Commits) {
		return false, nil
	}
	for _, c := range cmp.Commits {
		if !strings.Contains(c.GetCommit().GetMessage(), "\n"+trailer) {
			return false, nil
		}
	}
	return true, nil
}

// deleteRef deletes ref if it still points at want (compare the ref's own
// object, so an annotated tag compares its tag object).
func (p *Provider) deleteRef(ctx context.Context, r repoRef, ref string, want object, what string) (providers.UndoActionResponse, error) {
	name := ref[len("heads/"):]
	if what == "tag" {
		name = ref[len("tags/"):]
	}
	cur, err := p.refObject(ctx, r, ref)
	if err != nil {
		return providers.UndoActionResponse{}, err
	}
	if cur.sha == "" {
		return providers.UndoActionResponse{Description: fmt.Sprintf("%s %s of %s was already deleted", what, name, r)}, nil
	}
	if cur.sha != want.sha {
		return providers.UndoActionResponse{}, fmt.Errorf("%s %s of %s is at %s, not at %s where relctl left it; not deleting it",
			what, name, r, short(cur.sha), short(want.sha))
	}
	resp, err := p.client.Git.DeleteRef(ctx, r.owner, r.name, ref)
	if err != nil && !isStatus(err, resp, http.StatusUnprocessableEntity, http.StatusNotFound) {
		return providers.UndoActionResponse{}, apiErr(err, "deleting %s %s of %s", what, name, r)
	}
	if err != nil {
		// 422 is also how GitHub refuses to delete a protected ref (the
		// tag of an immutable release): gone means deleted meanwhile.
		if still, rerr := p.refObject(ctx, r, ref); rerr != nil || still.sha != "" {
			return providers.UndoActionResponse{}, apiErr(err, "deleting %s %s of %s", what, name, r)
		}
	}
	return providers.UndoActionResponse{Description: fmt.Sprintf("deleted %s %s of %s (was at %s)", what, name, r, short(want.sha))}, nil
}

// objectOf makes recorded outputs readable with providers.Args.
func objectOf(outputs map[string]cty.Value) cty.Value {
	if len(outputs) == 0 {
		return cty.NullVal(cty.DynamicPseudoType)
	}
	return cty.ObjectVal(outputs)
}

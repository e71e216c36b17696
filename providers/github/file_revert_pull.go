package github

import (
	"context"
	"fmt"
	"net/http"

	gh "github.com/google/go-github/v57/github"

	"github.com/relctl/relctl/providers"
)

// revertBranch names the branch of the pull request that proposes the
// revert of what branch brought to its base.
func revertBranch(branch string) string { return "relctl-revert/" + branch }

// revertPull proposes the revert of a merged file change as a pull
// request to the base branch: a branch from the base, the revert commit
// on it, and the pull request, each adopted when a rerun finds it made.
func (f *fileAction) revertPull(ctx context.Context, rv revert) (providers.UndoActionResponse, error) {
	head := revertBranch(f.branch)
	if err := f.revertBranchAt(ctx, head, rv.branch); err != nil {
		return providers.UndoActionResponse{}, err
	}
	cur, err := f.p.readFile(ctx, f.r, f.path, head)
	if err != nil {
		return providers.UndoActionResponse{}, err
	}
	if cur.exists != rv.prev.exists || cur.blob != rv.prev.blob {
		if err := f.writeRevert(ctx, rv, head, cur); err != nil {
			return providers.UndoActionResponse{}, err
		}
	}
	pr, err := f.p.openPull(ctx, f.r, head, rv.branch)
	if err != nil {
		return providers.UndoActionResponse{}, err
	}
	if pr == nil {
		np := &gh.NewPullRequest{Title: gh.String("Revert " + f.path + " to its content before " + short(rv.commit)),
			Head: gh.String(head), Base: gh.String(rv.branch),
			Body: gh.String(fmt.Sprintf("relctl rollback: reverts %s%s.\n\nMerge to complete the rollback.", f.path, rv.via(f.r)))}
		if pr, _, err = f.p.client.PullRequests.Create(ctx, f.r.owner, f.r.name, np); err != nil {
			return providers.UndoActionResponse{}, apiErr(err, "opening the revert pull request from %s to %s in %s", head, rv.branch, f.r)
		}
	}
	return providers.UndoActionResponse{Description: fmt.Sprintf("opened pull request %s#%d to revert %s on %s: %s",
		f.r, pr.GetNumber(), f.path, rv.branch, pr.GetHTMLURL())}, nil
}

// revertBranchAt creates branch at the head of base, unless it exists.
func (f *fileAction) revertBranchAt(ctx context.Context, branch, base string) error {
	sha, err := f.p.refSHA(ctx, f.r, "heads/"+base)
	if err != nil {
		return err
	}
	ref := &gh.Reference{Ref: gh.String("refs/heads/" + branch), Object: &gh.GitObject{SHA: gh.String(sha)}}
	_, resp, err := f.p.client.Git.CreateRef(ctx, f.r.owner, f.r.name, ref)
	if err != nil && !isStatus(err, resp, http.StatusUnprocessableEntity) {
		return apiErr(err, "creating branch %s of %s", branch, f.r)
	}
	return nil
}

package github

import (
	"context"
	"fmt"
	"strings"

	gh "github.com/google/go-github/v57/github"
	"github.com/zclconf/go-cty/cty"

	"github.com/relctl/relctl/providers"
	"github.com/relctl/relctl/providers/internal/textdiff"
)

// trailer marks the commits relctl makes, so that undoing a branch can
// tell relctl's commits from other people's.
const trailer = "Relctl-Action: "

func withTrailer(message, address string) string {
	return strings.TrimRight(message, "\n") + "\n\n" + trailer + address + "\n"
}

// revert is what undoing relctl's commit to a file takes, read from the
// world: where the change is now (the file's branch or, once a pull
// request from that branch was merged, its base branch), the content
// before relctl's commit and the file there now.
type revert struct {
	commit, blob string // relctl's commit and the blob it wrote
	branch       string // where the revert is written
	merged       *gh.PullRequest
	prev, cur    file
}

// planRevert reads where and from what relctl's commit is reverted. It
// fails when the file there changed since relctl wrote it (or since the
// merge brought it): the revert would lose someone's change.
func (f *fileAction) planRevert(ctx context.Context, outputs map[string]cty.Value, raw []byte) (revert, error) {
	var u fileUndo
	if err := decodeUndo(raw, &u); err != nil {
		return revert{}, err
	}
	rec := providers.Args{V: objectOf(outputs)}
	if u.Commit == "" {
		u.Commit, u.Blob = rec.String("sha"), rec.String("blob_sha")
	}
	if u.Commit == "" {
		return revert{}, fmt.Errorf("no record of the commit relctl made")
	}
	rv := revert{commit: u.Commit, blob: u.Blob, branch: f.branch}
	var err error
	if rv.merged, err = f.p.mergedPull(ctx, f.r, f.branch); err != nil {
		return revert{}, err
	}
	if rv.merged != nil {
		rv.branch = rv.merged.GetBase().GetRef()
	}
	if rv.prev, err = f.previous(ctx, u.Commit); err != nil {
		return revert{}, err
	}
	if rv.cur, err = f.p.readFile(ctx, f.r, f.path, rv.branch); err != nil {
		return revert{}, err
	}
	if !rv.done() && (!rv.cur.exists || rv.cur.blob != u.Blob) {
		return revert{}, fmt.Errorf("%s on %s of %s changed since relctl wrote it (blob %s, relctl wrote %s); not reverting it",
			f.path, rv.branch, f.r, short(rv.cur.blob), short(u.Blob))
	}
	return rv, nil
}

// done reports whether the file already has its content before relctl's
// commit.
func (rv revert) done() bool { return rv.cur.exists == rv.prev.exists && rv.cur.blob == rv.prev.blob }

// via says where the change reverted came from, for descriptions.
func (rv revert) via(r repoRef) string {
	if rv.merged == nil {
		return ""
	}
	return fmt.Sprintf(", which pull request %s#%d brought (%s)", r, rv.merged.GetNumber(), mergedBy(rv.merged))
}

func (f *fileAction) PlanUndo(ctx context.Context, _ *Provider, u providers.PlanUndoRequest) (providers.PlanUndoResponse, error) {
	rv, err := f.planRevert(ctx, u.Outputs, u.UndoData)
	if err != nil {
		return providers.PlanUndoResponse{}, err
	}
	if rv.done() {
		return undoNoop("%s:%s on %s already has its content before %s", f.r, f.path, rv.branch, short(rv.commit)), nil
	}
	resp := providers.PlanUndoResponse{Operation: providers.OpUpdate,
		Facts: []providers.Fact{fileFact(f.r, f.path, rv.branch, rv.cur.blob)},
		Diff:  unifiedDiff(f.path, rv.cur, rv.prev.content)}
	what := "restore"
	if !rv.prev.exists {
		what, resp.Operation = "delete", providers.OpDelete
		resp.Diff = ""
	}
	resp.Description = fmt.Sprintf("%s %s:%s on %s (blob %s) to its content before %s%s",
		what, f.r, f.path, rv.branch, short(rv.cur.blob), short(rv.commit), rv.via(f.r))
	if rv.merged != nil && u.ViaPullRequest {
		resp.Operation = providers.OpCreate
		resp.Description = fmt.Sprintf("open pull request %s → %s to %s %s to its content before %s%s",
			revertBranch(f.branch), rv.branch, what, f.path, short(rv.commit), rv.via(f.r))
		resp.Facts = append(resp.Facts, refFact(f.r.String(), "heads/"+revertBranch(f.branch), ""))
	}
	return resp, nil
}

// Undo writes the content the file had before relctl's commit back (or
// deletes a file relctl created), as a new commit, only if the file still
// holds relctl's content. When the file's branch was merged, the revert
// is written on the base branch, or proposed there by a pull request
// when the stage's rollback asks for review.
func (f *fileAction) Undo(ctx context.Context, _ *Provider, req providers.UndoActionRequest) (providers.UndoActionResponse, error) {
	rv, err := f.planRevert(ctx, req.Outputs, req.UndoData)
	if err != nil {
		return providers.UndoActionResponse{}, err
	}
	if rv.done() {
		return providers.UndoActionResponse{Description: fmt.Sprintf("%s:%s on %s already has its previous content", f.r, f.path, rv.branch)}, nil
	}
	if rv.merged != nil && req.ViaPullRequest {
		return f.revertPull(ctx, rv)
	}
	if err := f.writeRevert(ctx, rv, rv.branch, rv.cur); err != nil {
		return providers.UndoActionResponse{}, err
	}
	if !rv.prev.exists {
		return providers.UndoActionResponse{Description: fmt.Sprintf("deleted %s, which relctl created on %s of %s", f.path, rv.branch, f.r)}, nil
	}
	return providers.UndoActionResponse{Description: fmt.Sprintf("restored %s on %s of %s to its content before %s", f.path, rv.branch, f.r, short(rv.commit))}, nil
}

// writeRevert commits the previous content (or the deletion) on branch,
// with the blob there now as compare-and-swap: GitHub refuses the write
// (409) when the file moved meanwhile.
func (f *fileAction) writeRevert(ctx context.Context, rv revert, branch string, cur file) error {
	msg := withTrailer("Revert "+f.path+" to its content before "+short(rv.commit), f.address())
	opts := &gh.RepositoryContentFileOptions{Message: gh.String(msg), Branch: gh.String(branch), SHA: gh.String(cur.blob)}
	if !rv.prev.exists {
		if _, _, err := f.p.client.Repositories.DeleteFile(ctx, f.r.owner, f.r.name, f.path, opts); err != nil {
			return apiErr(err, "deleting %s on %s of %s", f.path, branch, f.r)
		}
		return nil
	}
	opts.Content = rv.prev.content
	if _, _, err := f.p.client.Repositories.UpdateFile(ctx, f.r.owner, f.r.name, f.path, opts); err != nil {
		return apiErr(err, "restoring %s on %s of %s", f.path, branch, f.r)
	}
	return nil
}

// previous reads the file as it was in the parent of relctl's commit.
func (f *fileAction) previous(ctx context.Context, commit string) (file, error) {
	c, _, err := f.p.client.Git.GetCommit(ctx, f.r.owner, f.r.name, commit)
	if err != nil {
		return file{}, apiErr(err, "reading commit %s of %s", short(commit), f.r)
	}
	if len(c.Parents) == 0 {
		return file{}, nil
	}
	return f.p.readFile(ctx, f.r, f.path, c.Parents[0].GetSHA())
}

// maxDiffBytes bounds the files the plan shows a diff of.
const maxDiffBytes = 1 << 20

// unifiedDiff renders the change of one file with three lines of context.
func unifiedDiff(p string, cur file, content []byte) string {
	if len(cur.content)+len(content) > maxDiffBytes {
		return textdiff.Sizes(p, cur.exists, len(cur.content), len(content))
	}
	return textdiff.Unified(p, cur.exists, cur.content, content, 3)
}

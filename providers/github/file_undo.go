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

// undo writes the content the file had before relctl's commit back (or
// deletes a file relctl created), as a new commit, only if the file still
// holds relctl's content.
func (f *fileAction) undo(ctx context.Context, outputs map[string]cty.Value, raw []byte) (providers.UndoActionResponse, error) {
	var u fileUndo
	if err := decodeUndo(raw, &u); err != nil {
		return providers.UndoActionResponse{}, err
	}
	rec := providers.Args{V: objectOf(outputs)}
	if u.Commit == "" {
		u.Commit, u.Blob = rec.String("sha"), rec.String("blob_sha")
	}
	if u.Commit == "" {
		return providers.UndoActionResponse{}, fmt.Errorf("no record of the commit relctl made")
	}
	prev, err := f.previous(ctx, u.Commit)
	if err != nil {
		return providers.UndoActionResponse{}, err
	}
	cur, err := f.p.readFile(ctx, f.r, f.path, f.branch)
	if err != nil {
		return providers.UndoActionResponse{}, err
	}
	if cur.exists == prev.exists && cur.blob == prev.blob {
		return providers.UndoActionResponse{Description: fmt.Sprintf("%s:%s on %s already has its previous content", f.r, f.path, f.branch)}, nil
	}
	if !cur.exists || cur.blob != u.Blob {
		return providers.UndoActionResponse{}, fmt.Errorf("%s on %s of %s changed since relctl wrote it (blob %s, relctl wrote %s); not reverting it",
			f.path, f.branch, f.r, short(cur.blob), short(u.Blob))
	}
	msg := withTrailer("Revert "+f.path+" to its content before "+short(u.Commit), f.address())
	opts := &gh.RepositoryContentFileOptions{Message: gh.String(msg), Branch: gh.String(f.branch), SHA: gh.String(cur.blob)}
	if !prev.exists {
		if _, _, err := f.p.client.Repositories.DeleteFile(ctx, f.r.owner, f.r.name, f.path, opts); err != nil {
			return providers.UndoActionResponse{}, apiErr(err, "deleting %s on %s of %s", f.path, f.branch, f.r)
		}
		return providers.UndoActionResponse{Description: fmt.Sprintf("deleted %s, which relctl created on %s of %s", f.path, f.branch, f.r)}, nil
	}
	opts.Content = prev.content
	if _, _, err := f.p.client.Repositories.UpdateFile(ctx, f.r.owner, f.r.name, f.path, opts); err != nil {
		return providers.UndoActionResponse{}, apiErr(err, "restoring %s on %s of %s", f.path, f.branch, f.r)
	}
	return providers.UndoActionResponse{Description: fmt.Sprintf("restored %s on %s of %s to its content before %s", f.path, f.branch, f.r, short(u.Commit))}, nil
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

package ghstate

import (
	"context"
	"crypto/sha1"
	"encoding/hex"
	"errors"
	"fmt"
	"net/http"

	"github.com/google/go-github/v57/github"
)

// blob is a file of the state branch as last read or written: its content
// and blob SHA ("" when the file does not exist).
type blob struct {
	data []byte
	sha  string
}

func (b blob) exists() bool { return b.sha != "" }

// errConflict reports that a compare-and-swap write lost: the file is no
// longer what the writer saw.
var errConflict = errors.New("the file was changed by another writer")

// errNoBranch reports that the state branch does not exist yet.
var errNoBranch = errors.New("the state branch does not exist")

// readFile reads path on the state branch; a missing file or branch is a
// blob that does not exist.
func (b *Backend) readFile(ctx context.Context, path string) (blob, error) {
	fc, _, resp, err := b.gh.Repositories.GetContents(ctx, b.owner, b.repo, path,
		&github.RepositoryContentGetOptions{Ref: b.cfg.Branch})
	if resp != nil && resp.StatusCode == http.StatusNotFound {
		return blob{}, b.checkRepo(ctx)
	}
	if err != nil {
		return blob{}, fmt.Errorf("reading %s: %w", b.where(path), err)
	}
	if fc == nil {
		return blob{}, fmt.Errorf("reading %s: it is a directory, not a file", b.where(path))
	}
	if fc.GetEncoding() == "none" {
		// GitHub serves files over 1 MB without content: read the blob.
		data, _, err := b.gh.Git.GetBlobRaw(ctx, b.owner, b.repo, fc.GetSHA())
		if err != nil {
			return blob{}, fmt.Errorf("reading %s (blob %s): %w", b.where(path), fc.GetSHA(), err)
		}
		return blob{data: data, sha: fc.GetSHA()}, nil
	}
	content, err := fc.GetContent()
	if err != nil {
		return blob{}, fmt.Errorf("decoding %s: %w", b.where(path), err)
	}
	return blob{data: []byte(content), sha: fc.GetSHA()}, nil
}

// checkRepo tells a missing file from a repository that does not exist
// or that the token cannot read, for which GitHub also answers 404: the
// first time a file is missing, it reads the repository.
func (b *Backend) checkRepo(ctx context.Context) error {
	b.repoMu.Lock()
	defer b.repoMu.Unlock()
	if b.repoSeen {
		return nil
	}
	_, resp, err := b.gh.Repositories.Get(ctx, b.owner, b.repo)
	if status(resp) == http.StatusNotFound {
		return fmt.Errorf("github state backend: repository %s not found, or the token cannot read it", b.cfg.Repo)
	}
	if err != nil {
		return fmt.Errorf("github state backend: reading repository %s: %w", b.cfg.Repo, err)
	}
	b.repoSeen = true
	return nil
}

// writeFile replaces path with data provided that the file is still old
// (compare-and-swap on its blob SHA; creation when old does not exist). It
// returns errConflict when the file changed, errNoBranch when the branch
// is missing.
func (b *Backend) writeFile(ctx context.Context, path string, old blob, data []byte, message string) (blob, error) {
	opts := &github.RepositoryContentFileOptions{
		Message: github.String(message), Content: data, Branch: github.String(b.cfg.Branch),
	}
	if old.exists() {
		opts.SHA = github.String(old.sha)
	}
	res, resp, err := b.gh.Repositories.UpdateFile(ctx, b.owner, b.repo, path, opts)
	if err == nil {
		return blob{data: data, sha: res.GetContent().GetSHA()}, nil
	}
	switch status(resp) {
	case http.StatusConflict:
		return blob{}, errConflict
	case http.StatusUnprocessableEntity:
		if !old.exists() && missingSHA(err) {
			return blob{}, errConflict // created meanwhile by another writer
		}
	case http.StatusNotFound:
		if !old.exists() {
			return blob{}, errNoBranch
		}
	}
	return blob{}, fmt.Errorf("writing %s: %w", b.where(path), err)
}

func status(resp *github.Response) int {
	if resp == nil {
		return 0
	}
	return resp.StatusCode
}

// missingSHA reports GitHub's answer to a creation of a file that exists.
func missingSHA(err error) bool {
	var er *github.ErrorResponse
	return errors.As(err, &er) && er.Message == "Invalid request.\n\n\"sha\" wasn't supplied."
}

// createBranch creates the state branch as an orphan whose only file is
// path with data: a tree, a root commit, then the ref. errConflict means
// another writer created the branch first.
func (b *Backend) createBranch(ctx context.Context, path string, data []byte, message string) (blob, error) {
	tree, _, err := b.gh.Git.CreateTree(ctx, b.owner, b.repo, "", []*github.TreeEntry{{
		Path: github.String(path), Mode: github.String("100644"), Type: github.String("blob"),
		Content: github.String(string(data)),
	}})
	if err != nil {
		return blob{}, fmt.Errorf("creating branch %s: %w", b.cfg.Branch, err)
	}
	commit, _, err := b.gh.Git.CreateCommit(ctx, b.owner, b.repo, &github.Commit{
		Message: github.String(message), Tree: &github.Tree{SHA: tree.SHA},
	}, nil)
	if err != nil {
		return blob{}, fmt.Errorf("creating branch %s: %w", b.cfg.Branch, err)
	}
	_, resp, err := b.gh.Git.CreateRef(ctx, b.owner, b.repo, &github.Reference{
		Ref: github.String("refs/heads/" + b.cfg.Branch), Object: &github.GitObject{SHA: commit.SHA},
	})
	if status(resp) == http.StatusUnprocessableEntity {
		return blob{}, errConflict
	}
	if err != nil {
		return blob{}, fmt.Errorf("creating branch %s: %w", b.cfg.Branch, err)
	}
	return blob{data: data, sha: blobSHA(data)}, nil
}

// blobSHA is git's object id of a blob, which the contents API reports as
// a file's "sha".
func blobSHA(data []byte) string {
	h := sha1.New()
	fmt.Fprintf(h, "blob %d\x00", len(data))
	h.Write(data)
	return hex.EncodeToString(h.Sum(nil))
}

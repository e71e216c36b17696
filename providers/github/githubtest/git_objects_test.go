package githubtest_test

import (
	"net/http"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-github/v57/github"
)

// TestOrphanBranchFromGitData: a tree, a root commit and a new ref make an
// orphan branch whose files the contents API then serves.
func TestOrphanBranchFromGitData(t *testing.T) {
	t.Parallel()
	srv, _, gh := setup(t)
	tree, resp, err := gh.Git.CreateTree(ctx, "acme", "app", "", []*github.TreeEntry{{
		Path: github.String("state/default.state"), Mode: github.String("100644"),
		Type: github.String("blob"), Content: github.String("hello\n"),
	}})
	ok(t, err)
	if resp.StatusCode != http.StatusCreated || len(tree.Entries) != 1 || tree.Entries[0].GetType() != "tree" {
		t.Fatalf("CreateTree = %d %+v", resp.StatusCode, tree.Entries)
	}
	commit, resp, err := gh.Git.CreateCommit(ctx, "acme", "app", &github.Commit{
		Message: github.String("relctl state"), Tree: &github.Tree{SHA: tree.SHA},
	}, nil)
	ok(t, err)
	if resp.StatusCode != http.StatusCreated || len(commit.Parents) != 0 || commit.GetTree().GetSHA() != tree.GetSHA() {
		t.Fatalf("CreateCommit = %d %+v", resp.StatusCode, commit)
	}
	_, _, err = gh.Git.CreateRef(ctx, "acme", "app", &github.Reference{
		Ref: github.String("refs/heads/relctl-state"), Object: &github.GitObject{SHA: commit.SHA}})
	ok(t, err)
	got, ok := srv.File("acme/app", "relctl-state", "state/default.state")
	if !ok || got != "hello\n" {
		t.Errorf("file on the orphan branch = %q, %v", got, ok)
	}
	info, _ := srv.CommitOf("acme/app", "relctl-state")
	if diff := cmp.Diff(map[string]string{"state/default.state": "hello\n"}, info.Files); diff != "" {
		t.Errorf("orphan branch files (-want +got):\n%s", diff)
	}
	fc, _, _, err := gh.Repositories.GetContents(ctx, "acme", "app", "state/default.state",
		&github.RepositoryContentGetOptions{Ref: "relctl-state"})
	if err != nil {
		t.Fatal(err)
	}
	blob, _, err := gh.Git.GetBlobRaw(ctx, "acme", "app", fc.GetSHA())
	if err != nil || string(blob) != "hello\n" {
		t.Errorf("GetBlobRaw = %q, %v", blob, err)
	}
}

func TestGitDataErrors(t *testing.T) {
	t.Parallel()
	_, repo, gh := setup(t)
	head := repo.Commit("main", "base", map[string]string{"a.txt": "a\n"})
	missing := "0123456789012345678901234567890123456789"
	_, _, err := gh.Git.CreateCommit(ctx, "acme", "app", &github.Commit{
		Message: github.String("m"), Tree: &github.Tree{SHA: &missing}}, nil)
	wantStatus(t, err, http.StatusUnprocessableEntity, "Tree SHA does not exist")

	c, _, err := gh.Git.GetCommit(ctx, "acme", "app", head)
	ok(t, err)
	_, _, err = gh.Git.CreateCommit(ctx, "acme", "app", &github.Commit{
		Message: github.String("m"), Tree: c.Tree, Parents: []*github.Commit{{SHA: &missing}}}, nil)
	wantStatus(t, err, http.StatusUnprocessableEntity, "Parent SHA does not exist or is not a commit object")

	// base_tree plus a deletion and an addition.
	tree, _, err := gh.Git.CreateTree(ctx, "acme", "app", c.Tree.GetSHA(), []*github.TreeEntry{
		{Path: github.String("b.txt"), Mode: github.String("100644"), Type: github.String("blob"), Content: github.String("b\n")},
	})
	ok(t, err)
	var paths []string
	for _, e := range tree.Entries {
		paths = append(paths, e.GetPath())
	}
	if diff := cmp.Diff([]string{"a.txt", "b.txt"}, paths); diff != "" {
		t.Errorf("tree over base_tree (-want +got):\n%s", diff)
	}
	_, _, err = gh.Git.GetBlob(ctx, "acme", "app", missing)
	wantStatus(t, err, http.StatusNotFound, "Not Found")
}

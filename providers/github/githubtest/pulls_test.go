package githubtest_test

import (
	"net/http"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-github/v57/github"
)

func newPR(head string) *github.NewPullRequest {
	return &github.NewPullRequest{Title: github.String("Prepare 3.4.7"), Head: github.String(head),
		Base: github.String("main"), Body: github.String("body")}
}

func TestPullRequestLifecycle(t *testing.T) {
	t.Parallel()
	srv, repo, gh := setup(t)
	head := repo.Commit("feature/prepare", "bump", map[string]string{"VERSION": "3.4.7"})

	pr, resp, err := gh.PullRequests.Create(ctx, "acme", "app", newPR("feature/prepare"))
	ok(t, err)
	if resp.StatusCode != http.StatusCreated || pr.GetState() != "open" || pr.GetHead().GetSHA() != head ||
		pr.GetHead().GetRef() != "feature/prepare" || pr.GetBase().GetRef() != "main" || pr.GetMerged() {
		t.Errorf("Create: %d %s head=%s@%s base=%s", resp.StatusCode, pr.GetState(),
			pr.GetHead().GetRef(), pr.GetHead().GetSHA(), pr.GetBase().GetRef())
	}

	_, _, err = gh.PullRequests.Create(ctx, "acme", "app", newPR("acme:feature/prepare"))
	er := wantStatus(t, err, http.StatusUnprocessableEntity, "Validation Failed")
	if len(er.Errors) != 1 || er.Errors[0].Message != "A pull request already exists for acme:feature/prepare." {
		t.Errorf("duplicate errors = %+v", er.Errors)
	}

	list, _, err := gh.PullRequests.List(ctx, "acme", "app", &github.PullRequestListOptions{
		State: "open", Head: "acme:feature/prepare", Base: "main"})
	ok(t, err)
	if len(list) != 1 || list[0].GetNumber() != pr.GetNumber() {
		t.Errorf("List by head = %d pulls", len(list))
	}

	got, _, err := gh.PullRequests.Get(ctx, "acme", "app", pr.GetNumber())
	ok(t, err)
	if got.GetMerged() || got.MergedAt != nil || got.GetMergeable() != true {
		t.Errorf("Get before merge: merged=%v merged_at=%v mergeable=%v", got.GetMerged(), got.MergedAt, got.GetMergeable())
	}

	mergeSHA := srv.MergePR("acme/app", pr.GetNumber())
	got, _, err = gh.PullRequests.Get(ctx, "acme", "app", pr.GetNumber())
	ok(t, err)
	if diff := cmp.Diff([]any{true, "closed", mergeSHA, true}, []any{got.GetMerged(), got.GetState(),
		got.GetMergeCommitSHA(), got.MergedAt != nil}); diff != "" {
		t.Errorf("Get after merge (-want +got):\n%s", diff)
	}
	if v, _ := srv.File("acme/app", "main", "VERSION"); v != "3.4.7" {
		t.Errorf("main after merge has VERSION %q", v)
	}
	c, _ := srv.CommitOf("acme/app", "main")
	if len(c.Parents) != 2 || c.Parents[1] != head {
		t.Errorf("merge commit parents = %v", c.Parents)
	}

	_, _, err = gh.PullRequests.Merge(ctx, "acme", "app", pr.GetNumber(), "", nil)
	wantStatus(t, err, http.StatusMethodNotAllowed, "Pull Request is not mergeable")
	_, _, err = gh.PullRequests.Get(ctx, "acme", "app", 99)
	wantStatus(t, err, http.StatusNotFound, "Not Found")
}

func TestMergeAndClose(t *testing.T) {
	t.Parallel()
	srv, repo, gh := setup(t)
	head := repo.Commit("a", "a", map[string]string{"a": "1"})
	repo.Commit("b", "b", map[string]string{"b": "1"})
	prA, _, err := gh.PullRequests.Create(ctx, "acme", "app", newPR("a"))
	ok(t, err)
	prB, _, err := gh.PullRequests.Create(ctx, "acme", "app", newPR("b"))
	ok(t, err)

	_, _, err = gh.PullRequests.Merge(ctx, "acme", "app", prA.GetNumber(), "", &github.PullRequestOptions{SHA: "deadbeef"})
	wantStatus(t, err, http.StatusConflict, "Head branch was modified. Review and try the merge again.")
	res, _, err := gh.PullRequests.Merge(ctx, "acme", "app", prA.GetNumber(), "", &github.PullRequestOptions{SHA: head, MergeMethod: "squash"})
	ok(t, err)
	if !res.GetMerged() || res.GetSHA() != srv.Ref("acme/app", "heads/main") {
		t.Errorf("Merge = %+v", res)
	}

	_, _, err = gh.PullRequests.Edit(ctx, "acme", "app", prB.GetNumber(), &github.PullRequest{State: github.String("closed")})
	ok(t, err)
	prs := srv.PullRequests("acme/app")
	got := []any{prs[0].Merged, prs[0].State, prs[1].Merged, prs[1].State}
	if diff := cmp.Diff([]any{true, "closed", false, "closed"}, got); diff != "" {
		t.Errorf("world (-want +got):\n%s", diff)
	}
	closed, _, err := gh.PullRequests.List(ctx, "acme", "app", &github.PullRequestListOptions{State: "closed"})
	ok(t, err)
	if len(closed) != 2 || closed[0].GetNumber() != prB.GetNumber() {
		t.Errorf("closed list not newest first: %d items", len(closed))
	}
}

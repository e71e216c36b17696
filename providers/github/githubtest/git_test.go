package githubtest_test

import (
	"net/http"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-github/v57/github"
)

func TestRefs(t *testing.T) {
	t.Parallel()
	srv, repo, gh := setup(t)
	base := repo.Commit("main", "base", map[string]string{"a.txt": "a\n"})
	next := repo.Commit("main", "next", map[string]string{"a.txt": "b\n"})

	ref, _, err := gh.Git.GetRef(ctx, "acme", "app", "heads/main")
	ok(t, err)
	if diff := cmp.Diff([]string{"refs/heads/main", next, "commit"},
		[]string{ref.GetRef(), ref.GetObject().GetSHA(), ref.GetObject().GetType()}); diff != "" {
		t.Errorf("GetRef (-want +got):\n%s", diff)
	}
	_, _, err = gh.Git.GetRef(ctx, "acme", "app", "heads/nope")
	wantStatus(t, err, http.StatusNotFound, "Not Found")

	newRef := &github.Reference{Ref: github.String("refs/heads/feature/x"), Object: &github.GitObject{SHA: &base}}
	_, resp, err := gh.Git.CreateRef(ctx, "acme", "app", newRef)
	ok(t, err)
	if resp.StatusCode != http.StatusCreated {
		t.Errorf("CreateRef status = %d", resp.StatusCode)
	}
	_, _, err = gh.Git.CreateRef(ctx, "acme", "app", newRef)
	wantStatus(t, err, http.StatusUnprocessableEntity, "Reference already exists")

	tests := map[string]struct {
		sha    string
		force  bool
		status int
		msg    string
	}{
		"fast forward":     {sha: next, status: http.StatusOK},
		"backwards":        {sha: base, status: http.StatusUnprocessableEntity, msg: "Update is not a fast forward"},
		"backwards forced": {sha: base, force: true, status: http.StatusOK},
		"unknown object":   {sha: "0123456789012345678901234567890123456789", force: true, status: http.StatusUnprocessableEntity, msg: "Object does not exist"},
	}
	for _, name := range []string{"fast forward", "backwards", "backwards forced", "unknown object"} {
		tc := tests[name]
		t.Run(name, func(t *testing.T) {
			if name == "backwards" || name == "backwards forced" {
				repo.Branch("feature/x", next)
			}
			_, resp, err := gh.Git.UpdateRef(ctx, "acme", "app", &github.Reference{
				Ref: github.String("refs/heads/feature/x"), Object: &github.GitObject{SHA: &tc.sha}}, tc.force)
			if tc.status == http.StatusOK {
				ok(t, err)
				if got := srv.Ref("acme/app", "heads/feature/x"); got != tc.sha {
					t.Errorf("ref = %s, want %s", got, tc.sha)
				}
				return
			}
			wantStatus(t, err, tc.status, tc.msg)
			_ = resp
		})
	}

	refs, _, err := gh.Git.ListMatchingRefs(ctx, "acme", "app", &github.ReferenceListOptions{Ref: "heads/"})
	ok(t, err)
	var names []string
	for _, r := range refs {
		names = append(names, r.GetRef())
	}
	if diff := cmp.Diff([]string{"refs/heads/feature/x", "refs/heads/main"}, names); diff != "" {
		t.Errorf("ListMatchingRefs (-want +got):\n%s", diff)
	}

	resp, err = gh.Git.DeleteRef(ctx, "acme", "app", "heads/feature/x")
	ok(t, err)
	if resp.StatusCode != http.StatusNoContent || srv.Ref("acme/app", "heads/feature/x") != "" {
		t.Errorf("DeleteRef: status %d, ref %q", resp.StatusCode, srv.Ref("acme/app", "heads/feature/x"))
	}
	_, err = gh.Git.DeleteRef(ctx, "acme", "app", "heads/feature/x")
	wantStatus(t, err, http.StatusUnprocessableEntity, "Reference does not exist")
}

func TestGitObjects(t *testing.T) {
	t.Parallel()
	_, repo, gh := setup(t)
	parent := repo.Commit("main", "one", map[string]string{"f": "1"})
	sha := repo.Commit("main", "two", map[string]string{"f": "2"})

	c, _, err := gh.Git.GetCommit(ctx, "acme", "app", sha)
	ok(t, err)
	if diff := cmp.Diff([]string{sha, "two", parent, "relctl test"},
		[]string{c.GetSHA(), c.GetMessage(), c.Parents[0].GetSHA(), c.GetAuthor().GetName()}); diff != "" {
		t.Errorf("GetCommit (-want +got):\n%s", diff)
	}
	if c.GetTree().GetSHA() == "" || c.GetAuthor().GetDate().IsZero() {
		t.Errorf("commit lacks tree or date: %+v", c)
	}

	tag, _, err := gh.Git.CreateTag(ctx, "acme", "app", &github.Tag{
		Tag: github.String("v1.0.0"), Message: github.String("Release 1.0.0"),
		Object: &github.GitObject{SHA: &sha, Type: github.String("commit")}})
	ok(t, err)
	got, _, err := gh.Git.GetTag(ctx, "acme", "app", tag.GetSHA())
	ok(t, err)
	if diff := cmp.Diff([]string{"v1.0.0", "Release 1.0.0", sha, "commit"},
		[]string{got.GetTag(), got.GetMessage(), got.GetObject().GetSHA(), got.GetObject().GetType()}); diff != "" {
		t.Errorf("GetTag (-want +got):\n%s", diff)
	}
	_, _, err = gh.Git.CreateRef(ctx, "acme", "app", &github.Reference{
		Ref: github.String("refs/tags/v1.0.0"), Object: &github.GitObject{SHA: tag.SHA}})
	ok(t, err)
	ref, _, err := gh.Git.GetRef(ctx, "acme", "app", "tags/v1.0.0")
	ok(t, err)
	if ref.GetObject().GetType() != "tag" {
		t.Errorf("annotated tag ref object type = %q, want tag", ref.GetObject().GetType())
	}
	tags, _, err := gh.Repositories.ListTags(ctx, "acme", "app", nil)
	ok(t, err)
	if len(tags) != 1 || tags[0].GetName() != "v1.0.0" || tags[0].GetCommit().GetSHA() != sha {
		t.Errorf("ListTags = %v, want v1.0.0 peeled to %s", tags, sha)
	}
	_, _, err = gh.Git.GetCommit(ctx, "acme", "app", "ffffffffffffffffffffffffffffffffffffffff")
	wantStatus(t, err, http.StatusNotFound, "Not Found")
}

// TestSHAsAreGitsAndStable pins the object model to git's encodings: the
// empty root commit of every repository has the same SHA on every run.
func TestSHAsAreGitsAndStable(t *testing.T) {
	t.Parallel()
	srv, _, _ := setup(t)
	first := srv.Ref("acme/app", "heads/main")
	srv2, _, _ := setup(t)
	if got := srv2.Ref("acme/app", "heads/main"); got != first || len(first) != 40 {
		t.Errorf("root commit SHA %q differs between servers or is malformed (%q)", got, first)
	}
}

func TestBranchesAndCommits(t *testing.T) {
	t.Parallel()
	_, repo, gh := setup(t)
	sha := repo.Commit("release/3.x", "prepare", map[string]string{"pom.xml": "<v>3</v>\n"})

	b, _, err := gh.Repositories.GetBranch(ctx, "acme", "app", "release/3.x", 0)
	ok(t, err)
	if b.GetName() != "release/3.x" || b.GetCommit().GetSHA() != sha || b.GetCommit().GetCommit().GetMessage() != "prepare" {
		t.Errorf("GetBranch = %s %s %q", b.GetName(), b.GetCommit().GetSHA(), b.GetCommit().GetCommit().GetMessage())
	}
	// go-github's GetBranch does not decode errors: it reports the status only.
	_, resp, err := gh.Repositories.GetBranch(ctx, "acme", "app", "nope", 0)
	if err == nil || resp.StatusCode != http.StatusNotFound {
		t.Errorf("GetBranch(nope) = %v, %v; want 404", resp, err)
	}

	rc, _, err := gh.Repositories.GetCommit(ctx, "acme", "app", "release/3.x", nil)
	ok(t, err)
	if diff := cmp.Diff([]string{sha, "pom.xml", "added"},
		[]string{rc.GetSHA(), rc.Files[0].GetFilename(), rc.Files[0].GetStatus()}); diff != "" {
		t.Errorf("GetCommit (-want +got):\n%s", diff)
	}
	_, _, err = gh.Repositories.GetCommit(ctx, "acme", "app", "nope", nil)
	wantStatus(t, err, http.StatusUnprocessableEntity, "No commit found for SHA: nope")

	r, _, err := gh.Repositories.Get(ctx, "acme", "app")
	ok(t, err)
	if r.GetDefaultBranch() != "main" || r.GetFullName() != "acme/app" || r.GetHTMLURL() == "" {
		t.Errorf("Get = %s %s %s", r.GetDefaultBranch(), r.GetFullName(), r.GetHTMLURL())
	}
}

func TestCompare(t *testing.T) {
	t.Parallel()
	_, repo, gh := setup(t)
	root := repo.Commit("main", "root", map[string]string{"f": "0"})
	repo.Branch("feature/a", root)
	repo.Commit("feature/a", "a1", map[string]string{"a": "1"})
	repo.Commit("feature/a", "a2", map[string]string{"a": "2"})
	repo.Tag("v1", root)

	tests := map[string]struct {
		base, head           string
		status               string
		ahead, behind, total int
	}{
		"identical": {base: "main", head: "v1", status: "identical"},
		"ahead":     {base: "main", head: "feature/a", status: "ahead", ahead: 2, total: 2},
		"behind":    {base: "feature/a", head: "main", status: "behind", behind: 2},
		"by sha":    {base: root, head: "feature/a", status: "ahead", ahead: 2, total: 2},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			cmpr, _, err := gh.Repositories.CompareCommits(ctx, "acme", "app", tc.base, tc.head, nil)
			ok(t, err)
			got := []any{cmpr.GetStatus(), cmpr.GetAheadBy(), cmpr.GetBehindBy(), cmpr.GetTotalCommits(), len(cmpr.Commits)}
			if diff := cmp.Diff([]any{tc.status, tc.ahead, tc.behind, tc.total, tc.ahead}, got); diff != "" {
				t.Errorf("CompareCommits (-want +got):\n%s", diff)
			}
		})
	}
	t.Run("diverged", func(t *testing.T) {
		repo.Commit("main", "m1", map[string]string{"m": "1"})
		cmpr, _, err := gh.Repositories.CompareCommits(ctx, "acme", "app", "main", "feature/a", nil)
		ok(t, err)
		if cmpr.GetStatus() != "diverged" || cmpr.GetAheadBy() != 2 || cmpr.GetBehindBy() != 1 {
			t.Errorf("got %s +%d -%d", cmpr.GetStatus(), cmpr.GetAheadBy(), cmpr.GetBehindBy())
		}
		if cmpr.Commits[0].GetCommit().GetMessage() != "a1" {
			t.Errorf("commits not oldest first: %q", cmpr.Commits[0].GetCommit().GetMessage())
		}
	})
}

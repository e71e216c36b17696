package githubtest_test

import (
	"net/http"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-github/v57/github"
	"github.com/relctl/relctl/providers/github/githubtest"
)

func TestReleases(t *testing.T) {
	t.Parallel()
	srv, repo, gh := setup(t)
	sha := repo.Commit("main", "release", map[string]string{"VERSION": "3.4.7"})

	rel, resp, err := gh.Repositories.CreateRelease(ctx, "acme", "app", &github.RepositoryRelease{
		TagName: github.String("3.4.7"), Name: github.String("APIM 3.4.7"), Body: github.String("notes")})
	ok(t, err)
	if resp.StatusCode != http.StatusCreated || rel.GetTagName() != "3.4.7" || rel.PublishedAt == nil {
		t.Errorf("CreateRelease: %d %+v", resp.StatusCode, rel)
	}
	if got := srv.Ref("acme/app", "tags/3.4.7"); got != sha {
		t.Errorf("publishing did not tag the default branch head: %q", got)
	}
	_, _, err = gh.Repositories.CreateRelease(ctx, "acme", "app", &github.RepositoryRelease{TagName: github.String("3.4.7")})
	er := wantStatus(t, err, http.StatusUnprocessableEntity, "Validation Failed")
	if len(er.Errors) != 1 || er.Errors[0].Code != "already_exists" || er.Errors[0].Field != "tag_name" {
		t.Errorf("errors = %+v", er.Errors)
	}

	byTag, _, err := gh.Repositories.GetReleaseByTag(ctx, "acme", "app", "3.4.7")
	ok(t, err)
	edited, _, err := gh.Repositories.EditRelease(ctx, "acme", "app", byTag.GetID(), &github.RepositoryRelease{Body: github.String("new notes")})
	ok(t, err)
	byID, _, err := gh.Repositories.GetRelease(ctx, "acme", "app", edited.GetID())
	ok(t, err)
	if byID.GetBody() != "new notes" || byID.GetName() != "APIM 3.4.7" {
		t.Errorf("GetRelease after edit = %q %q", byID.GetName(), byID.GetBody())
	}

	_, _, err = gh.Repositories.CreateRelease(ctx, "acme", "app", &github.RepositoryRelease{
		TagName: github.String("3.5.0"), Draft: github.Bool(true)})
	ok(t, err)
	_, _, err = gh.Repositories.GetReleaseByTag(ctx, "acme", "app", "3.5.0")
	wantStatus(t, err, http.StatusNotFound, "Not Found")
	list, _, err := gh.Repositories.ListReleases(ctx, "acme", "app", nil)
	ok(t, err)
	if len(list) != 2 || list[0].GetTagName() != "3.5.0" {
		t.Errorf("ListReleases not newest first: %d", len(list))
	}

	_, err = gh.Repositories.DeleteRelease(ctx, "acme", "app", byID.GetID())
	ok(t, err)
	want := []githubtest.Release{{ID: list[0].GetID(), TagName: "3.5.0", Target: "main", Draft: true}}
	if diff := cmp.Diff(want, srv.Releases("acme/app")); diff != "" {
		t.Errorf("world releases (-want +got):\n%s", diff)
	}
	if srv.Ref("acme/app", "tags/3.4.7") == "" {
		t.Error("deleting a release deleted its tag")
	}
}

func TestImmutableReleases(t *testing.T) {
	t.Parallel()
	srv, repo, gh := setup(t)
	sha := repo.Commit("main", "release", map[string]string{"VERSION": "1"})
	setting := func() int {
		req, err := gh.NewRequest("GET", "repos/acme/app/immutable-releases", nil)
		ok(t, err)
		var got struct{ Enabled bool }
		resp, err := gh.Do(ctx, req, &got)
		if resp.StatusCode == http.StatusOK && (err != nil || !got.Enabled) {
			t.Errorf("setting: %v %+v", err, got)
		}
		return resp.StatusCode
	}
	if code := setting(); code != http.StatusNotFound {
		t.Errorf("immutable-releases while off: %d, want 404", code)
	}
	_, _, err := gh.Repositories.CreateRelease(ctx, "acme", "app", &github.RepositoryRelease{TagName: github.String("0.9")})
	ok(t, err)
	srv.EnableImmutableReleases("acme/app")
	if code := setting(); code != http.StatusOK {
		t.Errorf("immutable-releases while on: %d, want 200", code)
	}
	rel, _, err := gh.Repositories.CreateRelease(ctx, "acme", "app", &github.RepositoryRelease{TagName: github.String("1.0")})
	ok(t, err)
	if rels := srv.Releases("acme/app"); len(rels) != 2 || rels[0].Immutable || !rels[1].Immutable {
		t.Errorf("only the release published after the setting is immutable: %+v", rels)
	}
	_, err = gh.Git.DeleteRef(ctx, "acme", "app", "tags/1.0")
	wantStatus(t, err, http.StatusUnprocessableEntity, "Cannot delete a tag of an immutable release")
	_, _, err = gh.Repositories.EditRelease(ctx, "acme", "app", rel.GetID(), &github.RepositoryRelease{TagName: github.String("1.1")})
	wantStatus(t, err, http.StatusUnprocessableEntity, "Validation Failed")
	_, err = gh.Repositories.DeleteRelease(ctx, "acme", "app", rel.GetID())
	ok(t, err)
	_, _, err = gh.Repositories.CreateRelease(ctx, "acme", "app", &github.RepositoryRelease{TagName: github.String("1.0")})
	er := wantStatus(t, err, http.StatusUnprocessableEntity, "Validation Failed")
	if len(er.Errors) != 1 || er.Errors[0].Message != "tag_name was used by an immutable release" {
		t.Errorf("errors = %+v", er.Errors)
	}
	if srv.Ref("acme/app", "tags/1.0") != sha {
		t.Error("the tag of the deleted immutable release moved or went")
	}
	_, err = gh.Git.DeleteRef(ctx, "acme", "app", "tags/0.9")
	ok(t, err)
}

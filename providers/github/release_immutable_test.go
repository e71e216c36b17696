package github

import (
	"strings"
	"testing"

	"github.com/zclconf/go-cty/cty"

	"github.com/relctl/relctl/providers"
)

func TestImmutableReleases(t *testing.T) {
	t.Parallel()
	f := setup(t, nil)
	sha := f.srv.AddRepo("acme/api", "main").Commit("main", "v1", map[string]string{"a": "1"})
	f.srv.EnableImmutableReleases("acme/api")
	tagArgs := args(t, "github_tag", map[string]cty.Value{"repo": s("api"), "tag": s("v1.0.0"), "sha": s(sha)})
	relArgs := args(t, "github_release", map[string]cty.Value{"repo": s("api"), "tag": s("v1.0.0")})
	const reason = "acme/api has immutable releases: the published release v1.0.0 and its tag can never be deleted or reused"

	plan := f.plan(t, "github_release", relArgs)
	if plan.Reversibility != providers.Irreversible || !strings.HasSuffix(plan.Description, " — irreversible: "+reason) {
		t.Errorf("plan of a release in a repository with immutable releases: %s %q", plan.Reversibility, plan.Description)
	}
	tag, err := f.apply(t, "github_tag", tagArgs)
	if err != nil {
		t.Fatal(err)
	}
	rel, err := f.apply(t, "github_release", relArgs)
	if err != nil {
		t.Fatal(err)
	}
	if rels := f.srv.Releases("acme/api"); len(rels) != 1 || !rels[0].Immutable {
		t.Fatalf("releases: %+v", rels)
	}
	for _, a := range []applied{{"github_release", relArgs, rel}, {"github_tag", tagArgs, tag}} {
		u, err := f.planUndo(t, a, false)
		if err != nil || u.Irreversible != reason {
			t.Errorf("PlanUndo of %s: %+v, %v; want irreversible: %s", a.typ, u, err, reason)
		}
	}
	if _, err := f.undo(t, applied{"github_release", relArgs, rel}, false); err == nil || !strings.Contains(err.Error(), reason) {
		t.Errorf("undo of an immutable release: %v", err)
	}
	// What GitHub forbids, the fake forbids too: the tag stays.
	if _, err := f.undo(t, applied{"github_tag", tagArgs, tag}, false); err == nil || !strings.Contains(err.Error(), "Cannot delete a tag of an immutable release") {
		t.Errorf("deleting the tag of an immutable release: %v", err)
	}
	if f.srv.Ref("acme/api", "tags/v1.0.0") != sha {
		t.Errorf("the tag of the immutable release moved")
	}
}

func TestMutableReleaseUndo(t *testing.T) {
	t.Parallel()
	f := setup(t, nil)
	f.srv.AddRepo("acme/api", "main").Commit("main", "v1", map[string]string{"a": "1"})
	relArgs := args(t, "github_release", map[string]cty.Value{"repo": s("api"), "tag": s("v1.0.0")})
	if plan := f.plan(t, "github_release", relArgs); plan.Reversibility != providers.Reversible {
		t.Errorf("plan of a release: %s", plan.Reversibility)
	}
	rel, err := f.apply(t, "github_release", relArgs)
	if err != nil {
		t.Fatal(err)
	}
	id := rel.Outputs["id"].AsBigFloat().String()
	u, err := f.planUndo(t, applied{"github_release", relArgs, rel}, false)
	if err != nil || u.Operation != providers.OpDelete || u.Description != "delete release v1.0.0 (id "+id+") of acme/api; the tag stays" {
		t.Errorf("PlanUndo of a release: %+v, %v", line(u), err)
	}
}

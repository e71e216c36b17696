package git

import (
	"context"
	"errors"
	"io/fs"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/zclconf/go-cty/cty"

	"github.com/relctl/relctl/providers"
)

func TestReads(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	ctx := context.Background()
	f.git(f.seed, "tag", "v1.0.0")
	f.git(f.seed, "tag", "-a", "-m", "annotated", "v1.1.0")
	second := f.seedCommit("main", "Second", map[string]string{"a.txt": "a\n"})
	third := f.seedCommit("main", "Third", map[string]string{"b.txt": "b\n"})
	f.seedCommit("develop", "Develop", nil)
	f.push("main", "develop", "v1.0.0", "v1.1.0")
	repo := providers.Repository{Repo: "acme/api", URL: f.remote}

	refs, err := f.p.ReadRepository(ctx, repo)
	if err != nil {
		t.Fatal(err)
	}
	want := providers.RepositoryRefs{
		DefaultBranch: "main",
		Branches:      map[string]string{"main": third, "develop": f.onRemote("refs/heads/develop")},
		Tags:          map[string]string{"v1.0.0": f.base, "v1.1.0": f.base},
	}
	if diff := cmp.Diff(want, refs); diff != "" {
		t.Errorf("ReadRepository (-want +got):\n%s", diff)
	}
	if b, err := f.p.DefaultBranch(ctx, repo); err != nil || b != "main" {
		t.Errorf("DefaultBranch = %q, %v", b, err)
	}

	counts := map[string]struct {
		from, to string
		want     int
	}{
		"since lightweight tag": {from: "v1.0.0", to: "main", want: 2},
		"since annotated tag":   {from: "v1.1.0", to: "main", want: 2},
		"since a sha":           {from: second, to: "main", want: 1},
		"nothing new":           {from: "main", to: "v1.0.0", want: 0},
		"all":                   {from: "", to: "main", want: 3},
	}
	for name, tc := range counts {
		t.Run(name, func(t *testing.T) {
			n, err := f.p.CountCommits(ctx, repo, tc.from, tc.to)
			if err != nil || n != tc.want {
				t.Errorf("CountCommits(%s, %s) = %d, %v; want %d", tc.from, tc.to, n, err, tc.want)
			}
		})
	}
	if _, err := f.p.CountCommits(ctx, repo, "v9.9.9", "main"); !errors.Is(err, ErrUnresolved) {
		t.Errorf("CountCommits from a missing tag: %v, want ErrUnresolved", err)
	}

	file, err := f.p.ReadFile(ctx, repo, "VERSION", "v1.0.0")
	if err != nil || string(file.Content) != "1.2.0-SNAPSHOT\n" || file.SHA == "" {
		t.Errorf("ReadFile = %q %q, %v", file.Content, file.SHA, err)
	}
	if _, err := f.p.ReadFile(ctx, repo, "missing.txt", ""); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("ReadFile of a missing file: %v, want fs.ErrNotExist", err)
	}
	if _, err := f.p.ReadFile(ctx, repo, "../etc/passwd", ""); !errors.Is(err, ErrPathEscapes) {
		t.Errorf("ReadFile outside the repository: %v, want ErrPathEscapes", err)
	}
}

func TestCheckFact(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	ctx := context.Background()
	f.git(f.seed, "tag", "-a", "-m", "annotated", "v1.0.0")
	f.push("v1.0.0")
	plan, err := f.plan("git_tag", "t", f.args(map[string]cty.Value{"tag": str("v1.1.0"), "ref": str("main")}))
	if err != nil {
		t.Fatal(err)
	}
	tests := map[string]struct {
		fact providers.Fact
		want string
	}{
		"planned tag absence":  {fact: plan.Facts[0], want: ""},
		"planned branch head":  {fact: plan.Facts[1], want: f.base},
		"annotated tag peeled": {fact: providers.Fact{Key: FactKey(f.remote, "tags", "v1.0.0")}, want: f.base},
		"missing branch":       {fact: providers.Fact{Key: FactKey(f.remote, "heads", "nope")}, want: ""},
		"planner's fact of a relative remote": {
			fact: f.p.RefFact(providers.Repository{Repo: "acme/api", URL: "acme/api.git"}, "heads/main", f.base), want: f.base},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			got, err := f.p.CheckFact(ctx, tc.fact)
			if err != nil || got != tc.want || (tc.fact.Value != "" && tc.fact.Value != got) {
				t.Errorf("CheckFact(%s) = %q, %v; want %q (planned %q)", tc.fact.Key, got, err, tc.want, tc.fact.Value)
			}
		})
	}
	moved := f.seedCommit("main", "Moved", nil)
	f.push("main")
	if got, _ := f.p.CheckFact(ctx, plan.Facts[1]); got != moved {
		t.Errorf("CheckFact after the branch moved = %s, want %s", got, moved)
	}
	if _, err := f.p.CheckFact(ctx, providers.Fact{Key: "milestone:acme/issues:3"}); err == nil {
		t.Errorf("CheckFact of a foreign key succeeded")
	}
}

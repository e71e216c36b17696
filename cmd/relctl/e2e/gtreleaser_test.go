package e2e

import (
	"encoding/json"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// gtRepositories are the example system's six repositories.
var gtRepositories = []string{"SystemOne", "ComponentA", "ComponentB", "ComponentC", "ComponentD", "ComponentE"}

// gtBaselines is the example system's dependency model: baseline ->
// its repository and the baselines it loads.
var gtBaselines = map[string]struct {
	repository string
	loads      []string
}{
	"SystemOne":      {"SystemOne", []string{"ComponentA", "ComponentBMain", "ComponentC"}},
	"ComponentA":     {"ComponentA", []string{"ComponentD"}},
	"ComponentBMain": {"ComponentB", []string{"ComponentBUtil", "ComponentE"}},
	"ComponentBUtil": {"ComponentB", nil},
	"ComponentC":     {"ComponentC", []string{"ComponentD", "ComponentE"}},
	"ComponentD":     {"ComponentD", nil},
	"ComponentE":     {"ComponentE", nil},
}

// wantPins checks the baselines of each repository of tags at that tag:
// every dependency is loaded at latest[its repository], the newest tag of
// that repository; and main still loads every dependency at main.
func wantPins(t *testing.T, dir string, tags, latest map[string]string) {
	t.Helper()
	for name, b := range gtBaselines {
		tag, ok := tags[b.repository]
		if !ok || len(b.loads) == 0 {
			continue
		}
		gitDir := "--git-dir=" + filepath.Join(dir, "work/remotes", b.repository+".git")
		file := "src/BaselineOf" + name + "/BaselineOf" + name + ".class.st"
		for rev, at := range map[string]func(string) string{tag: func(r string) string { return latest[r] }, "main": func(string) string { return "main" }} {
			text := gitIn(t, gitDir, "show", rev+":"+file)
			for _, dep := range b.loads {
				r := gtBaselines[dep].repository
				want := "spec baseline: '" + dep + "' with: [ spec repository: 'github://example/" + r + ":" + at(r) + "/src' ]"
				if !strings.Contains(text, want) {
					t.Errorf("%s at %s does not load %s at %s:\n%s", file, rev, dep, at(r), text)
				}
			}
		}
	}
}

// gtRefs is every ref of every repository: repository -> ref -> object.
func gtRefs(t *testing.T, dir string) map[string]map[string]string {
	t.Helper()
	out := map[string]map[string]string{}
	for _, r := range gtRepositories {
		out[r] = refsOf(t, filepath.Join(dir, "work/remotes", r+".git"))
	}
	return out
}

// gtRelease plans and applies one release of SystemOne and returns the
// planned versions (baseline -> version) and the apply's output.
func gtRelease(t *testing.T, dir, name string, vars ...string) (map[string]string, string) {
	t.Helper()
	args := []string{"plan", "-var", "release_version=" + name, "-out", "work/plan.out"}
	for _, v := range vars {
		args = append(args, "-var", v)
	}
	mustRun(t, dir, 0, args...)
	shown := mustRun(t, dir, 0, "show", "-json", "work/plan.out")
	var plan struct {
		Components []struct{ Name, Version string }
	}
	if err := json.Unmarshal([]byte(shown.stdout), &plan); err != nil {
		t.Fatalf("show -json: %v\n%s", err, shown.stdout)
	}
	versions := map[string]string{}
	for _, c := range plan.Components {
		versions[c.Name] = c.Version
	}
	r := mustRunLong(t, dir, nil, 0, "apply", "work/plan.out")
	wantOutput(t, "apply", r.stdout, "Apply complete!")
	return versions, r.stdout
}

// wantGTReleased checks what a release did to the remotes since before:
// each repository of tags has a release branch that contains its main,
// tagged (annotated) with the tag at its head, and main unchanged; the
// other repositories are untouched.
func wantGTReleased(t *testing.T, dir string, before map[string]map[string]string, tags map[string]string) {
	t.Helper()
	want := map[string]map[string]string{}
	for r, refs := range before {
		want[r] = map[string]string{}
		for ref, sha := range refs {
			want[r][ref] = sha
		}
	}
	for r, tag := range tags {
		gitDir := "--git-dir=" + filepath.Join(dir, "work/remotes", r+".git")
		head := gitIn(t, gitDir, "rev-parse", "refs/heads/release")
		if err := exec.Command("git", gitDir, "merge-base", "--is-ancestor", "main", head).Run(); err != nil {
			t.Errorf("%s: main is not merged into release (%v)", r, err)
		}
		if typ := gitIn(t, gitDir, "cat-file", "-t", "refs/tags/"+tag); typ != "tag" {
			t.Errorf("%s: %s is a %s, want an annotated tag", r, tag, typ)
		}
		wantSame(t, r+": the commit "+tag+" tags", head, gitIn(t, gitDir, "rev-parse", tag+"^{commit}"))
		want[r]["refs/heads/release"] = head
		want[r]["refs/tags/"+tag] = gitIn(t, gitDir, "rev-parse", "refs/tags/"+tag)
	}
	wantSame(t, "refs of the remotes", want, gtRefs(t, dir))
}

// wantPushesLast checks that apply pushed nothing before every creation
// action had finished.
func wantPushesLast(t *testing.T, out string) {
	t.Helper()
	firstPush, lastCreation := -1, -1
	for i, line := range strings.Split(out, "\n") {
		switch {
		case strings.HasPrefix(line, "stage.post_creation[") && firstPush < 0:
			firstPush = i
		case strings.HasPrefix(line, "stage.creation["):
			lastCreation = i
		}
	}
	if firstPush < 0 || lastCreation < 0 || firstPush < lastCreation {
		t.Errorf("a push started (line %d) before the last creation action ended (line %d):\n%s", firstPush, lastCreation, out)
	}
}

func TestGTReleaser(t *testing.T) {
	t.Parallel()
	dir := exampleWorkspace(t, "gt-releaser")

	// The first release: every baseline at v0.1.0, the baselines that load
	// others pinned to the new tags.
	before := gtRefs(t, dir)
	versions, out := gtRelease(t, dir, "first")
	all := map[string]string{}
	for _, b := range []string{"SystemOne", "ComponentA", "ComponentBMain", "ComponentBUtil", "ComponentC", "ComponentD", "ComponentE"} {
		all[b] = "0.1.0"
	}
	wantSame(t, "versions of the first release", all, versions)
	tags := map[string]string{}
	for _, r := range gtRepositories {
		tags[r] = "v0.1.0"
	}
	wantGTReleased(t, dir, before, tags)
	wantPins(t, dir, tags, tags)
	wantPushesLast(t, out)

	// Only the leaf ComponentD changed: it and what depends on it are
	// released, pinned to its new tag; ComponentB and ComponentE are not,
	// and the new releases keep loading them at v0.1.0.
	w := &workspace{t: t, dir: dir}
	w.pushCommitTo(t, filepath.Join(dir, "work/remotes/ComponentD.git"))
	before = gtRefs(t, dir)
	versions, out = gtRelease(t, dir, "second")
	wantSame(t, "versions of the second release", map[string]string{
		"SystemOne": "0.1.1", "ComponentA": "0.1.1", "ComponentC": "0.1.1", "ComponentD": "0.1.1",
	}, versions)
	second := map[string]string{"SystemOne": "v0.1.1", "ComponentA": "v0.1.1", "ComponentC": "v0.1.1", "ComponentD": "v0.1.1"}
	wantGTReleased(t, dir, before, second)
	latest := map[string]string{"ComponentB": "v0.1.0", "ComponentE": "v0.1.0"}
	for r, tag := range second {
		latest[r] = tag
	}
	wantPins(t, dir, second, latest)
	wantPushesLast(t, out)
	plan := mustRun(t, dir, 0, "plan", "-var", "release_version=none")
	wantOutput(t, "plan without a change", plan.stdout, "ComponentBMain   no change since tag v0.1.0",
		"ComponentD       no change since tag v0.1.1")

	// A forced release releases every repository, changed or not.
	before = gtRefs(t, dir)
	versions, _ = gtRelease(t, dir, "forced", "force=true")
	wantSame(t, "versions of the forced release", map[string]string{
		"SystemOne": "0.1.2", "ComponentA": "0.1.2", "ComponentBMain": "0.1.1", "ComponentBUtil": "0.1.1",
		"ComponentC": "0.1.2", "ComponentD": "0.1.2", "ComponentE": "0.1.1",
	}, versions)
	forced := map[string]string{"SystemOne": "v0.1.2", "ComponentA": "v0.1.2", "ComponentB": "v0.1.1",
		"ComponentC": "v0.1.2", "ComponentD": "v0.1.2", "ComponentE": "v0.1.1"}
	wantGTReleased(t, dir, before, forced)
	wantPins(t, dir, forced, forced)
}

package e2e

import (
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// nortWorld is everything the nort example's release may change: the
// remote's refs, the work area (its files and its refs), the artifact
// repository and the installation directory (every file with its hash).
type nortWorld struct {
	Remote, WorkAreaRefs              map[string]string
	WorkArea, Artifacts, Installation map[string]string
	WorkAreaHead                      string
}

func readNortWorld(t *testing.T, dir string) nortWorld {
	t.Helper()
	area := filepath.Join(dir, "work/hello")
	return nortWorld{
		Remote:       refsOf(t, filepath.Join(dir, "work/remotes/hello.git")),
		WorkAreaRefs: refsOf(t, filepath.Join(area, ".git")),
		WorkAreaHead: gitIn(t, "-C", area, "rev-parse", "HEAD"),
		WorkArea:     fileTree(t, area, ".git"),
		Artifacts:    fileTree(t, filepath.Join(dir, "work/artifacts")),
		Installation: fileTree(t, filepath.Join(dir, "work/install")),
	}
}

// nortPlan plans the example's release into work/plan.out.
func nortPlan(t *testing.T, dir string) {
	t.Helper()
	r := mustRun(t, dir, 0, "plan", "-out", "work/plan.out")
	wantOutput(t, "plan", r.stdout, "relctl will release hello 1.2.1",
		"hello   1.2.0 → 1.2.1   next 1.2.2-SNAPSHOT", "Plan: 12 actions")
}

func TestNortRelease(t *testing.T) {
	t.Parallel()
	dir := exampleWorkspace(t, "nort")
	remote := "--git-dir=" + filepath.Join(dir, "work/remotes/hello.git")
	before := readNortWorld(t, dir)
	nortPlan(t, dir)
	r := mustRunLong(t, dir, nil, 0, "apply", "work/plan.out")
	wantOutput(t, "apply", r.stdout, "Apply complete! 12 done.")

	// The remote: the release commit, tagged, then the next SNAPSHOT.
	old := before.Remote["refs/heads/main"]
	next := gitIn(t, remote, "rev-parse", "main")
	release := gitIn(t, remote, "rev-parse", "release-1.2.1^{commit}")
	wantSame(t, "commits since the release started", []string{
		next + " Start 1.2.2-SNAPSHOT",
		release + " Release hello 1.2.1",
	}, lines(gitIn(t, remote, "log", "--format=%H %s", old+"..main")))
	wantSame(t, "parent of the release commit", old, gitIn(t, remote, "rev-parse", release+"^"))
	if typ := gitIn(t, remote, "cat-file", "-t", "release-1.2.1"); typ != "tag" {
		t.Errorf("release-1.2.1 is a %s, want an annotated tag", typ)
	}
	for rev, want := range map[string]string{release: "1.2.1", next: "1.2.2-SNAPSHOT"} {
		wantSame(t, "VERSION at "+rev, want, gitIn(t, remote, "show", rev+":VERSION"))
		wantSame(t, "files changed by "+rev, "VERSION", gitIn(t, remote, "diff", "--name-only", rev+"^", rev))
	}
	wantRefs := map[string]string{
		"refs/heads/main":         next,
		"refs/tags/release-1.2.0": before.Remote["refs/tags/release-1.2.0"],
		"refs/tags/release-1.2.1": gitIn(t, remote, "rev-parse", "release-1.2.1"),
	}
	wantSame(t, "refs of the remote", wantRefs, refsOf(t, filepath.Join(dir, "work/remotes/hello.git")))

	// The artifact: published next to 1.2.0, built from the release.
	after := readNortWorld(t, dir)
	artifact := "hello/1.2.1/hello-1.2.1.tar.gz"
	if after.Artifacts[artifact] == "" {
		t.Fatalf("%s was not published; the artifact repository holds %v", artifact, after.Artifacts)
	}
	for path, entry := range before.Artifacts {
		wantSame(t, "artifact repository entry "+path, entry, after.Artifacts[path])
	}
	tarFile := func(name string) string {
		out, err := exec.Command("tar", "-xzOf", filepath.Join(dir, "work/artifacts", artifact), name).Output()
		if err != nil {
			t.Fatalf("reading %s from %s: %v", name, artifact, err)
		}
		return string(out)
	}
	wantSame(t, "VERSION in the artifact", "1.2.1\n", tarFile("hello-1.2.1/VERSION"))
	wantSame(t, "bin/hello in the artifact", gitIn(t, remote, "show", release+":bin/hello")+"\n", tarFile("hello-1.2.1/bin/hello"))

	// The installation: 1.2.1 is current, 1.2.0 still there.
	wantSame(t, "install/current", "link -> hello-1.2.1", after.Installation["current"])
	for path, entry := range before.Installation {
		if path != "current" {
			wantSame(t, "installation entry "+path, entry, after.Installation[path])
		}
	}
	out, err := exec.Command(filepath.Join(dir, "work/install/current/bin/hello"), "--version").Output()
	if err != nil || strings.TrimSpace(string(out)) != "1.2.1" {
		t.Errorf("the installed hello --version says %q (%v), want 1.2.1", out, err)
	}

	// A rollback undoes the whole release, the commands by their undo.
	r = mustRunLong(t, dir, nil, 0, "rollback", "-auto-approve")
	wantOutput(t, "rollback", r.stdout, "Rollback complete! 8 undone, 4 irreversible.",
		"ran sh scripts/uninstall.sh work/install hello-1.2.1", "ran sh scripts/unpublish.sh work/artifacts hello 1.2.1")
	wantSame(t, "the world after the rollback", before, readNortWorld(t, dir))
}

func TestNortRollbackOnFailedInstall(t *testing.T) {
	t.Parallel()
	dir := exampleWorkspace(t, "nort")
	before := readNortWorld(t, dir)
	nortPlan(t, dir)
	r := mustRunLong(t, dir, []string{"NORT_FAIL_INSTALL=1"}, 1, "apply", "-rollback-on-failure", "work/plan.out")
	wantOutput(t, "apply -rollback-on-failure", r.stdout,
		`stage.install["hello"].exec.unpack: Failed`,
		`stage.completion["hello"].git_commit.next: Skipped (upstream failed: stage.install["hello"].exec.unpack)`,
		"Apply failed: 9 done, 1 failed, 2 skipped.",
		"Rolling back what the plan did (-rollback-on-failure).",
		"Rollback complete! 5 undone, 4 irreversible.")
	wantOutput(t, "apply -rollback-on-failure", r.stderr, `Error: stage.install["hello"].exec.unpack`,
		"installation of hello-1.2.1 failed: work/install is as it was")
	wantSame(t, "the world after the rolled back release", before, readNortWorld(t, dir))

	w := &workspace{t: t, dir: dir}
	want := map[string]string{}
	for addr, status := range map[string]string{
		"qualification": "done", "tests": "done", "build": "undone", "publish": "undone",
		"install": "failed", "completion": "skipped",
	} {
		for _, a := range map[string][]string{
			"qualification": {"exec.work_area", "exec.snapshot", "exec.installed"},
			"tests":         {"exec.test"},
			"build":         {"exec.distribution"},
			"publish":       {"exec.artifact", "git_commit.release", "git_tag.release", "git_push.release"},
			"install":       {"exec.unpack"},
			"completion":    {"git_commit.next", "git_push.next"},
		}[addr] {
			want[`stage.`+addr+`["hello"].`+a] = status
		}
	}
	wantSame(t, "state after the rolled back release", want, w.statuses())
}

// TestNortQualificationFailsFast: a release that does not qualify stops
// at its first check, before anything changes.
func TestNortQualificationFailsFast(t *testing.T) {
	t.Parallel()
	tests := map[string]struct {
		// change makes the release fail to qualify.
		change func(t *testing.T, dir string)
		failed string
		want   string
	}{
		"installed version not older": {
			change: func(t *testing.T, dir string) {
				install := filepath.Join(dir, "work/install")
				cp := exec.Command("cp", "-R", filepath.Join(install, "hello-1.2.0"), filepath.Join(install, "hello-1.3.0"))
				if out, err := cp.CombinedOutput(); err != nil {
					t.Fatalf("%v\n%s", err, out)
				}
				writeFile(t, filepath.Join(install, "hello-1.3.0/VERSION"), "1.3.0\n")
				if out, err := exec.Command("ln", "-sfn", "hello-1.3.0", filepath.Join(install, "current")).CombinedOutput(); err != nil {
					t.Fatalf("%v\n%s", err, out)
				}
			},
			failed: "exec.installed",
			want:   "the installed version 1.3.0 is not older than 1.2.1: the release must never overwrite it",
		},
		"uncommitted change in the work area": {
			change: func(t *testing.T, dir string) {
				writeFile(t, filepath.Join(dir, "work/hello/NOTES"), "to do\n")
			},
			failed: "exec.work_area",
			want:   "the work area work/hello has uncommitted changes:",
		},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			dir := exampleWorkspace(t, "nort")
			tc.change(t, dir)
			before := readNortWorld(t, dir)
			nortPlan(t, dir)
			r := mustRunLong(t, dir, nil, 1, "apply", "-rollback-on-failure", "work/plan.out")
			wantOutput(t, "apply", r.stdout, `stage.qualification["hello"].`+tc.failed+": Failed",
				`stage.tests["hello"].exec.test: Skipped (upstream failed: stage.qualification["hello"].`+tc.failed+")")
			wantOutput(t, "apply", r.stderr, tc.want)
			wantSame(t, "the world after a release that did not qualify", before, readNortWorld(t, dir))
		})
	}
}

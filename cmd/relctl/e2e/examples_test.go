package e2e

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

// exampleWorkspace copies examples/NAME (its configuration and scripts,
// not its work/ directory) to a new directory and runs the example's
// setup.sh there, as the example's README has a user do.
func exampleWorkspace(t *testing.T, name string) string {
	t.Helper()
	src := filepath.Join("../../../examples", name)
	dir, err := filepath.EvalSymlinks(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	entries, err := os.ReadDir(src)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		if e.Name() == "work" {
			continue
		}
		cp := exec.Command("cp", "-R", filepath.Join(src, e.Name()), filepath.Join(dir, e.Name()))
		if out, err := cp.CombinedOutput(); err != nil {
			t.Fatalf("copying examples/%s: %v\n%s", name, err, out)
		}
	}
	setup := exec.Command("sh", filepath.Join(dir, "setup.sh"), filepath.Join(dir, "work"))
	setup.Env = environ()
	if out, err := setup.CombinedOutput(); err != nil {
		t.Fatalf("examples/%s/setup.sh: %v\n%s", name, err, out)
	}
	return dir
}

// fileTree describes every entry under root except the directories named
// in skip (relative, slash-separated): a directory as "dir", a symbolic
// link by its target, a file by its permissions and the SHA-256 of its
// content.
func fileTree(t *testing.T, root string, skip ...string) map[string]string {
	t.Helper()
	tree := map[string]string{}
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(root, path)
		rel = filepath.ToSlash(rel)
		for _, s := range skip {
			if rel == s {
				return fs.SkipDir
			}
		}
		info, err := os.Lstat(path)
		if err != nil {
			return err
		}
		switch {
		case info.Mode()&fs.ModeSymlink != 0:
			target, err := os.Readlink(path)
			if err != nil {
				return err
			}
			tree[rel] = "link -> " + target
		case info.IsDir():
			tree[rel] = "dir"
		default:
			data, err := os.ReadFile(path)
			if err != nil {
				return err
			}
			sum := sha256.Sum256(data)
			tree[rel] = fmt.Sprintf("file %v %s", info.Mode().Perm(), hex.EncodeToString(sum[:]))
		}
		return nil
	})
	if err != nil && !os.IsNotExist(err) {
		t.Fatalf("listing %s: %v", root, err)
	}
	return tree
}

// gitIn runs git with args (e.g. "--git-dir=...", "-C", dir) and returns
// its output.
func gitIn(t *testing.T, args ...string) string {
	t.Helper()
	cmd := exec.Command("git", args...)
	cmd.Env = environ()
	out, err := cmd.Output()
	if err != nil {
		var stderr string
		if xerr, ok := err.(*exec.ExitError); ok {
			stderr = string(xerr.Stderr)
		}
		t.Fatalf("git %s: %v\n%s", strings.Join(args, " "), err, stderr)
	}
	return strings.TrimRight(string(out), "\n")
}

// refsOf is every ref of the repository gitDir: ref -> object.
func refsOf(t *testing.T, gitDir string) map[string]string {
	t.Helper()
	refs := map[string]string{}
	for _, line := range lines(gitIn(t, "--git-dir="+gitDir, "for-each-ref", "--format=%(refname) %(objectname)")) {
		ref, sha, _ := strings.Cut(line, " ")
		refs[ref] = sha
	}
	return refs
}

// mustRunLong runs relctl with env added to its environment and fails
// the test unless it exits with code: for an apply or rollback of an
// example, whose many git and shell steps take longer than the minute one
// relctl run usually may on a busy machine.
func mustRunLong(t *testing.T, dir string, env []string, code int, args ...string) result {
	t.Helper()
	r := startEnv(t, dir, env, args...).waitWithin(5 * time.Minute)
	if r.code != code {
		t.Fatalf("exit code %d, want %d:\n%s", r.code, code, r)
	}
	return r
}

// wantSame fails the test unless got equals want.
func wantSame[T any](t *testing.T, what string, want, got T) {
	t.Helper()
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("%s (-want +got):\n%s", what, diff)
	}
}

// writeFile writes content to path.
func writeFile(t *testing.T, path, content string) {
	t.Helper()
	if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
}

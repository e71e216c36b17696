package git

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/zclconf/go-cty/cty"

	"github.com/relctl/relctl/providers"
)

// TestPushUndoRefusesWhenBranchMoved: undo puts a branch back only if it
// still points at what relctl pushed.
func TestPushUndoRefusesWhenBranchMoved(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	ctx := context.Background()
	bump := f.apply("git_commit", "c", f.args(map[string]cty.Value{"branch": str("main"), "message": str("Bump"), "version": str("1.2.0")}))
	pushArgs := f.args(map[string]cty.Value{"refs": strList("main")})
	pushed := f.apply("git_push", "p", pushArgs)
	f.git(f.seed, "pull", "--quiet", "--ff-only", "origin", "main")
	later := f.seedCommit("main", "Someone else", nil)
	f.push("main")

	_, err := f.p.UndoAction(ctx, providers.UndoActionRequest{Address: "p", Type: "git_push", Args: pushArgs, Outputs: pushed.Outputs, UndoData: pushed.UndoData})
	sha := bump.Outputs["sha"].AsString()
	for _, want := range []string{"branch main of acme/api is at " + short(later), "not at " + short(sha), "back to " + short(f.base)} {
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("undo error = %v, want one containing %q", err, want)
		}
	}
	if got := f.onRemote("refs/heads/main"); got != later {
		t.Errorf("remote main = %s after a refused undo, want %s", got, later)
	}
}

// TestPushRefusesNonFastForward: a push never overwrites work it does not
// contain.
func TestPushRefusesNonFastForward(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	f.apply("git_commit", "c", f.args(map[string]cty.Value{"branch": str("main"), "message": str("Bump"), "version": str("1.2.0")}))
	other := f.seedCommit("main", "Concurrent", nil)
	f.push("main")
	_, err := f.p.ApplyAction(context.Background(), providers.ApplyActionRequest{Address: "p", Type: "git_push", Args: f.args(map[string]cty.Value{"refs": strList("main")})})
	if err == nil || !strings.Contains(err.Error(), "refusing to overwrite it") {
		t.Errorf("push error = %v, want a refusal", err)
	}
	if got := f.onRemote("refs/heads/main"); got != other {
		t.Errorf("remote main = %s, want %s", got, other)
	}
}

// TestPushResumeUsesJournal: a push whose result the state never recorded
// is adopted by the check with undo data that still undoes it exactly.
func TestPushResumeUsesJournal(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	ctx := context.Background()
	f.apply("git_commit", "c", f.args(map[string]cty.Value{"branch": str("main"), "message": str("Bump"), "version": str("1.2.0")}))
	f.apply("git_tag", "t", f.args(map[string]cty.Value{"tag": str("v1.2.0"), "ref": str("main")}))
	args := f.args(map[string]cty.Value{"refs": strList("main", "v1.2.0")})
	f.apply("git_push", "stage.x.git_push.publish", args)

	st, err := f.p.CheckAction(ctx, providers.CheckActionRequest{Address: "stage.x.git_push.publish", Type: "git_push", Args: args})
	if err != nil || st.Status != providers.CheckDone {
		t.Fatalf("check = %v, %v; want done", st.Status, err)
	}
	if _, err := f.p.UndoAction(ctx, providers.UndoActionRequest{Address: "stage.x.git_push.publish", Type: "git_push", Args: args, UndoData: st.UndoData}); err != nil {
		t.Fatal(err)
	}
	if main, tag := f.onRemote("refs/heads/main"), f.onRemote("refs/tags/v1.2.0"); main != f.base || tag != "" {
		t.Errorf("after undo: remote main %s (want %s), tag %q (want absent)", main, f.base, tag)
	}
}

// TestCommitExactlyOnce: applies racing on one clone and repeated applies
// make one commit.
func TestCommitExactlyOnce(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	addr := "stage.prepare.git_commit.bump"
	args := f.args(map[string]cty.Value{"branch": str("main"), "message": str("Release 1.2.0"), "version": str("1.2.0")})
	var wg sync.WaitGroup
	shas := make([]string, 4)
	for i := range shas {
		wg.Add(1)
		go func() {
			defer wg.Done()
			resp, err := f.p.ApplyAction(context.Background(), providers.ApplyActionRequest{Address: addr, Type: "git_commit", Args: args})
			if err != nil {
				t.Error(err)
				return
			}
			shas[i] = resp.Outputs["sha"].AsString()
		}()
	}
	wg.Wait()
	for _, s := range shas[1:] {
		if s != shas[0] {
			t.Errorf("applies returned different commits: %v", shas)
		}
	}
	if n := f.trailerCount(f.cloneDir(), "refs/heads/main", addr); n != 1 {
		t.Errorf("%d commits carry the trailer, want 1", n)
	}
	// The same action in the next release (other arguments) commits again.
	next := f.args(map[string]cty.Value{"branch": str("main"), "message": str("Release 1.3.0"), "version": str("1.3.0")})
	if f.apply("git_commit", addr, next).Outputs["sha"].AsString() == shas[0] {
		t.Errorf("a commit with other arguments was taken for the earlier one")
	}
}

// TestRepair: a clone left behind by a killed process is repaired or made
// again, never trusted blindly.
func TestRepair(t *testing.T) {
	t.Parallel()
	tests := map[string]func(t *testing.T, f *fixture){
		"stale lock files": func(t *testing.T, f *fixture) {
			for _, name := range []string{"index.lock", "packed-refs.lock", "config.lock", "refs/heads/main.lock", "relctl-index-0011"} {
				path := filepath.Join(f.cloneDir(), name)
				os.MkdirAll(filepath.Dir(path), 0o755)
				os.WriteFile(path, nil, 0o644)
			}
		},
		"unfinished clone": func(t *testing.T, f *fixture) {
			os.RemoveAll(f.cloneDir())
			os.MkdirAll(f.cloneDir(), 0o755)
			os.WriteFile(filepath.Join(f.cloneDir(), "config"), []byte("[core]\n"), 0o644)
			os.MkdirAll(f.cloneDir()+".tmp-123", 0o755)
		},
		"clone of another remote": func(t *testing.T, f *fixture) {
			f.git(f.root, "--git-dir="+f.cloneDir(), "config", "remote.origin.url", "/elsewhere")
		},
		"ref to a missing object": func(t *testing.T, f *fixture) {
			path := filepath.Join(f.cloneDir(), "refs", "heads", "main")
			os.WriteFile(path, []byte("1111111111111111111111111111111111111111\n"), 0o644)
		},
	}
	for name, damage := range tests {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			f := newFixture(t)
			if _, err := f.plan("git_tag", "t", f.args(map[string]cty.Value{"tag": str("v1")})); err != nil {
				t.Fatal(err)
			}
			damage(t, f)
			addr := "stage.x.git_commit.bump"
			resp := f.apply("git_commit", addr, f.args(map[string]cty.Value{"branch": str("main"), "message": str("Bump"), "version": str("1.2.0")}))
			sha := resp.Outputs["sha"].AsString()
			if f.inClone("refs/heads/main") != sha || f.inClone(sha+"^") != f.base {
				t.Errorf("local main = %s, want %s on top of %s", f.inClone("refs/heads/main"), sha, f.base)
			}
			if leftovers, _ := filepath.Glob(f.cloneDir() + ".tmp-*"); len(leftovers) > 0 {
				t.Errorf("leftover temporary clones: %v", leftovers)
			}
		})
	}
}

func TestRedaction(t *testing.T) {
	t.Parallel()
	tests := map[string]struct{ in, want string }{
		"https token":  {in: "https://x-access-token:ghs_canary@github.com/acme/api.git", want: "https://github.com/acme/api.git"},
		"https user":   {in: "https://ghp_canary@github.com/acme/api", want: "https://github.com/acme/api"},
		"ssh password": {in: "ssh://git:pw_canary@host/acme/api.git", want: "ssh://git@host/acme/api.git"},
		"scp-like":     {in: "git@github.com:acme/api.git", want: "git@github.com:acme/api.git"},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			if got := redactText(tc.in); got != tc.want {
				t.Errorf("redactText(%q) = %q, want %q", tc.in, got, tc.want)
			}
			if strings.Contains(cloneKey(tc.in), "canary") || strings.Contains(FactKey(tc.in, "heads", "main"), "canary") {
				t.Errorf("credential leaks into the clone key or fact key of %q", tc.in)
			}
			if got := displayName(tc.in); got != "acme/api" {
				t.Errorf("displayName(%q) = %q", tc.in, got)
			}
		})
	}
}

package ghstate

import (
	"errors"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/relctl/relctl/state"
)

func TestConfig(t *testing.T) {
	t.Parallel()
	env := func(k string) string { return map[string]string{"GITHUB_TOKEN": "from-env"}[k] }
	tests := map[string]struct {
		cfg     Config
		wantErr string
		// want: the journal path, the lock ref and the token
		want [3]string
	}{
		"defaults": {
			cfg:  Config{Repo: "gravitee-io/release", Getenv: env},
			want: [3]string{"default.relctl-state", "heads/relctl-lock/relctl-state/default.relctl-state", "from-env"},
		},
		"branch, path and workspace": {
			cfg:  Config{Repo: "o/r", Branch: "ci/state", Path: "/relctl/apim/", Workspace: "apim-4.x", Token: "given", Getenv: env},
			want: [3]string{"relctl/apim/apim-4.x.relctl-state", "heads/relctl-lock/ci/state/relctl/apim/apim-4.x.relctl-state", "given"},
		},
		"repository without owner": {cfg: Config{Repo: "release"}, wantErr: `repository "release" is not "owner/name"`},
		"repository with a path":   {cfg: Config{Repo: "o/r/x"}, wantErr: `repository "o/r/x" is not "owner/name"`},
		"branch with ..":           {cfg: Config{Repo: "o/r", Branch: "a..b"}, wantErr: `"a..b" is not a valid branch name`},
		"branch ending in .lock":   {cfg: Config{Repo: "o/r", Branch: "state.lock"}, wantErr: `"state.lock" is not a valid branch name`},
		"workspace with a slash":   {cfg: Config{Repo: "o/r", Workspace: "a/b"}, wantErr: `workspace "a/b" must be`},
		"path going up":            {cfg: Config{Repo: "o/r", Path: "../x"}, wantErr: `path "../x" must be a plain relative directory`},
		"path with a space":        {cfg: Config{Repo: "o/r", Path: "my state"}, wantErr: `path "my state"`},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			c, err := tc.cfg.withDefaults()
			if tc.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
					t.Fatalf("got %v, want an error with %q", err, tc.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			got := [3]string{c.file(journalSuffix), c.lockRef(), c.Token}
			if diff := cmp.Diff(tc.want, got); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
}

// TestUnknownRepository: GitHub answers 404 for a missing file and for a
// repository the token cannot see; the second is an error, not "no state".
func TestUnknownRepository(t *testing.T) {
	w := newWorld(t)
	b := w.backend(t, func(c *Config) { c.Repo = "acme/relaese" })
	_, err := b.ReadState(ctx)
	if err == nil || !strings.Contains(err.Error(), "repository acme/relaese not found, or the token cannot read it") {
		t.Fatalf("got %v", err)
	}
	ok := w.backend(t)
	if _, err := ok.ReadState(ctx); !errors.Is(err, state.ErrNoState) {
		t.Fatalf("a missing journal in a known repository: got %v, want ErrNoState", err)
	}
	before := w.srv.RequestCount()
	if _, err := ok.LoadPlan(ctx, "P1"); !errors.Is(err, state.ErrNoPlan) {
		t.Fatalf("LoadPlan: %v", err)
	}
	if n := w.srv.RequestCount() - before; n != 1 {
		t.Errorf("%d requests for a missing plan, want 1 (the repository is read once)", n)
	}
}

// TestForeignLockRef: a ref where the lock goes that relctl did not write
// is a lock held by someone unknown, and the error says what to do.
func TestForeignLockRef(t *testing.T) {
	w := newWorld(t)
	b := w.backend(t)
	w.repo.Branch("relctl-lock/relctl-state/releases/default.relctl-state", w.srv.Ref(repoName, "heads/main"))
	_, err := b.Lock(ctx, "apply", 0)
	var le *state.LockError
	if !errors.As(err, &le) || le.Info.ID != "" {
		t.Fatalf("got %v, want a *LockError without info", err)
	}
	if _, err := b.LockInfo(ctx); err == nil || !strings.Contains(err.Error(), "delete the branch relctl-lock/relctl-state/releases/default.relctl-state") {
		t.Errorf("LockInfo: %v", err)
	}
}

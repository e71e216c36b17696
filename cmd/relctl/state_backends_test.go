package main

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/relctl/relctl/providers/github/githubtest"
	"github.com/relctl/relctl/state/pg/pgtest"
)

// stateViews are the commands whose output must not depend on the
// backend the state is in.
var stateViews = [][]string{
	{"state", "list"},
	{"state", "show", addrPR},
	{"state", "show", addrFile},
	{"show"},
}

// TestStateCommandsOnEveryBackend migrates the fixture's local state into
// each backend with relctl state migrate -from, then checks that relctl
// show and relctl state print exactly what they print for the local file;
// a second migrate is a no-op, and a state of another lineage is refused.
func TestStateCommandsOnEveryBackend(t *testing.T) {
	t.Parallel()
	fx := newStateFixture(t, stateRecords)
	want := map[string]string{}
	for _, args := range stateViews {
		r := runStateCLI(t, append([]string{"-chdir", fx.dir}, args...)...)
		if r.code != 0 {
			t.Fatalf("%v on the local state:\n%s", args, r)
		}
		want[strings.Join(args, " ")] = r.stdout
	}
	backends := map[string]func(t *testing.T) string{
		"local": func(t *testing.T) string { return `backend "local" { path = "copy/relctl.state" }` },
		"github": func(t *testing.T) string {
			srv := githubtest.New(t)
			srv.AddRepo("acme/release", "main")
			return fmt.Sprintf("backend \"github\" {\n  repo = \"acme/release\"\n  base_url = %q\n}", srv.URL())
		},
		"pg": func(t *testing.T) string {
			return fmt.Sprintf("backend \"pg\" {\n  conn_str = %q\n  workspace = \"apim\"\n}", pgtest.Database(t))
		},
	}
	for name, block := range backends {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			dir := t.TempDir()
			cfg := "relctl {\n" + block(t) + "\n}\n"
			if err := os.WriteFile(filepath.Join(dir, "main.rel.hcl"), []byte(cfg), 0o644); err != nil {
				t.Fatal(err)
			}
			for i := range 2 {
				r := runStateCLI(t, "-chdir", dir, "state", "migrate", "-lock-timeout", "1m", "-from", "local,path="+fx.path)
				if r.code != 0 || !strings.Contains(r.stdout, "lineage "+fx.lineage) {
					t.Fatalf("migrate %d:\n%s", i+1, r)
				}
			}
			for _, args := range stateViews {
				r := runStateCLI(t, append([]string{"-chdir", dir}, args...)...)
				if diff := cmp.Diff(want[strings.Join(args, " ")], r.stdout); r.code != 0 || diff != "" {
					t.Errorf("%v on the %s backend (-local +%s):\n%s\n%s", args, name, name, diff, r.stderr)
				}
			}
			other := newStateFixture(t, stateRecords[:2])
			r := runStateCLI(t, "-chdir", dir, "state", "migrate", "-from", "local,path="+other.path)
			if r.code != 1 || !strings.Contains(r.stderr, "already holds a state (lineage "+fx.lineage) {
				t.Errorf("a migrate of another lineage was not refused:\n%s", r)
			}
		})
	}
}

package e2e

import (
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"testing"
)

// quickstartDir is the example product the tests release.
const quickstartDir = "../../../examples/quickstart"

// templateDir holds the repositories setup.sh made once (in TestMain);
// setup.sh gives the same commits on every run, so each workspace copies
// them instead of running it again (it costs half a second a run, and the
// crash tests make dozens of workspaces).
var templateDir string

// makeTemplate runs the quickstart's setup.sh into dir/work.
func makeTemplate(dir string) error {
	cmd := exec.Command("bash", filepath.Join(quickstartDir, "setup.sh"), filepath.Join(dir, "work"))
	cmd.Env = environ()
	if out, err := cmd.CombinedOutput(); err != nil {
		return fmt.Errorf("setup.sh: %w\n%s", err, out)
	}
	templateDir = dir
	return nil
}

// components are the quickstart's repositories.
var components = []string{"common", "api", "web", "docs"}

// workspace is one test's configuration directory: a configuration and
// the product's repositories under work/remotes.
type workspace struct {
	t   *testing.T
	dir string
}

// newWorkspace makes a workspace with config as its release.rel.hcl.
func newWorkspace(t *testing.T, config string) *workspace {
	t.Helper()
	dir, err := filepath.EvalSymlinks(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "release.rel.hcl"), []byte(config), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.MkdirAll(filepath.Join(dir, "work"), 0o755); err != nil {
		t.Fatal(err)
	}
	cp := exec.Command("cp", "-a", filepath.Join(templateDir, "work", "remotes"), filepath.Join(dir, "work", "remotes"))
	if out, err := cp.CombinedOutput(); err != nil {
		t.Fatalf("copying the quickstart repositories: %v\n%s", err, out)
	}
	return &workspace{t: t, dir: dir}
}

func (w *workspace) path(rel string) string { return filepath.Join(w.dir, rel) }

// remotes is the directory of the product's bare repositories.
func (w *workspace) remotes() string { return w.path("work/remotes") }

func (w *workspace) mustRun(code int, args ...string) result {
	w.t.Helper()
	return mustRun(w.t, w.dir, code, args...)
}

func (w *workspace) start(args ...string) *proc { w.t.Helper(); return start(w.t, w.dir, args...) }

// plan saves the plan to plan.out and returns its id.
func (w *workspace) plan() string {
	w.t.Helper()
	w.mustRun(0, "plan", "-out", "plan.out")
	return w.showPlan().PlanID
}

// shownPlan is the part of `relctl show -json` the tests read.
type shownPlan struct {
	PlanID     string `json:"plan_id"`
	Components []struct {
		Name    string `json:"name"`
		Version string `json:"version"`
		Tag     string `json:"tag"`
	} `json:"components"`
	Actions []struct {
		Address   string `json:"address"`
		Operation string `json:"operation"`
	} `json:"actions"`
}

func (w *workspace) showPlan() shownPlan {
	w.t.Helper()
	r := w.mustRun(0, "show", "-json", "plan.out")
	var p shownPlan
	if err := json.Unmarshal([]byte(r.stdout), &p); err != nil {
		w.t.Fatalf("show -json: %v\n%s", err, r.stdout)
	}
	return p
}

// disabled reports whether the plan skips the action at addr.
func (p shownPlan) disabled(addr string) bool {
	for _, a := range p.Actions {
		if a.Address == addr {
			return a.Operation == "skip"
		}
	}
	return false
}

// addresses lists the plan's action addresses.
func (p shownPlan) addresses() []string {
	var out []string
	for _, a := range p.Actions {
		out = append(out, a.Address)
	}
	sort.Strings(out)
	return out
}

// statuses reads `relctl state list`: address -> status.
func (w *workspace) statuses() map[string]string {
	w.t.Helper()
	r := w.mustRun(0, "state", "list")
	out := map[string]string{}
	for _, line := range strings.Split(strings.TrimSpace(r.stdout), "\n") {
		status, addr, ok := strings.Cut(line, " ")
		if !ok {
			w.t.Fatalf("state list line %q", line)
		}
		out[strings.TrimSpace(addr)] = status
	}
	return out
}

// write creates a file in the workspace.
func (w *workspace) write(rel, content string) {
	w.t.Helper()
	if err := os.MkdirAll(filepath.Dir(w.path(rel)), 0o755); err != nil {
		w.t.Fatal(err)
	}
	if err := os.WriteFile(w.path(rel), []byte(content), 0o644); err != nil {
		w.t.Fatal(err)
	}
}

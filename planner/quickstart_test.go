package planner_test

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"

	"github.com/hashicorp/go-hclog"

	"github.com/relctl/relctl/config"
	"github.com/relctl/relctl/planner"
	"github.com/relctl/relctl/providers/builtin"
)

// fixedNow is the clock of planner tests, so plans are reproducible.
var fixedNow = time.Date(2026, 11, 20, 9, 30, 0, 0, time.UTC)

// quickstart copies examples/quickstart into a temporary directory and
// creates its repositories there; it returns the configuration directory.
func quickstart(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	src := filepath.Join("..", "examples", "quickstart")
	data, err := os.ReadFile(filepath.Join(src, "release.rel.hcl"))
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "release.rel.hcl"), data, 0o644); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command("bash", filepath.Join(src, "setup.sh"), filepath.Join(dir, "work"))
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("setup.sh: %v\n%s", err, out)
	}
	return dir
}

// buildPlan loads and plans the configuration in dir.
func buildPlan(t *testing.T, dir string, opts planner.Options) *planner.Plan {
	t.Helper()
	reg := builtin.Registry()
	cfg, diags := config.Load(dir, reg)
	if diags.HasErrors() {
		t.Fatalf("loading %s: %s", dir, diags.Error())
	}
	opts.Registry = reg
	opts.Logger = hclog.NewNullLogger()
	opts.Now = func() time.Time { return fixedNow }
	opts.RelctlVersion = "0.1.0"
	if opts.Getenv == nil {
		opts.Getenv = func(string) string { return "" }
	}
	p, diags := planner.Build(context.Background(), cfg, opts)
	if diags.HasErrors() {
		t.Fatalf("planning %s: %s", dir, diags.Error())
	}
	return p
}

func TestQuickstartPlan(t *testing.T) {
	t.Parallel()
	dir := quickstart(t)
	p := buildPlan(t, dir, planner.Options{})
	data, err := planner.Encode(p)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("%s", data)
}

package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/relctl/relctl/planner/plan"
)

// TestPlanKeepsNoBackendSecret: the plan names the backend with its
// settings, but not the connection string, which apply reads again from
// the configuration or the environment.
func TestPlanKeepsNoBackendSecret(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	const canary = "canary-pw-51f0"
	cfg := "relctl {\n  backend \"pg\" {\n    conn_str  = \"postgres://relctl:" + canary + "@db.internal/relctl\"\n    workspace = \"apim\"\n  }\n}\n\n" +
		"stage \"s\" {\n  action \"exec\" \"hello\" {\n    argv = [\"true\"]\n  }\n}\n"
	if err := os.WriteFile(filepath.Join(dir, "main.rel.hcl"), []byte(cfg), 0o644); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(dir, "plan.out")
	if r := relctl(t, "-chdir="+dir, "plan", "-refresh=false", "-out", out); r.code != 0 {
		t.Fatalf("plan: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	data, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(string(data), canary) {
		t.Errorf("the plan holds the connection string's password")
	}
	p, err := plan.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	want := &plan.Backend{Type: "pg", Settings: map[string]string{"workspace": "apim"}}
	if diff := cmp.Diff(want, p.Settings.Backend); diff != "" {
		t.Errorf("the plan's backend (-want +got):\n%s", diff)
	}
	// apply finds the connection string in the configuration again.
	spec := resolveBackend(&Globals{Chdir: dir}, stateSource{Plan: p})
	if spec.Settings["conn_str"] == "" || spec.Settings["workspace"] != "apim" {
		t.Errorf("apply's backend settings: %v", spec.Settings)
	}
}

package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/sebdah/goldie/v2"
)

// runCLI runs relctl in-process and returns its exit code and outputs.
func runCLI(args ...string) (int, string, string) {
	var stdout, stderr bytes.Buffer
	code := run(args, strings.NewReader(""), &stdout, &stderr)
	return code, stdout.String(), stderr.String()
}

func TestNormalizeArgs(t *testing.T) {
	t.Parallel()
	tests := map[string]struct{ in, want []string }{
		"terraform style": {[]string{"plan", "-out=plan.out", "-var", "a=b"}, []string{"plan", "--out=plan.out", "--var", "a=b"}},
		"gnu style":       {[]string{"apply", "--auto-approve", "plan.out"}, []string{"apply", "--auto-approve", "plan.out"}},
		"short flag":      {[]string{"-h"}, []string{"-h"}},
		"negative number": {[]string{"plan", "-var", "n=-1", "-5"}, []string{"plan", "--var", "n=-1", "-5"}},
		"after --":        {[]string{"manifest", "set", "--", "-odd=1"}, []string{"manifest", "set", "--", "-odd=1"}},
		"lone dash":       {[]string{"comment", "-"}, []string{"comment", "-"}},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			if diff := cmp.Diff(tc.want, normalizeArgs(tc.in)); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
}

// TestValidateCommand runs validate on the examples and on a broken
// configuration, whose error must name file:line:column.
func TestValidateCommand(t *testing.T) {
	t.Parallel()
	for _, dir := range []string{"../../examples/quickstart", "../../examples/gravitee", "../../examples/nort", "../../examples/gt-releaser"} {
		if code, out, errOut := runCLI("-chdir", dir, "validate"); code != 0 || !strings.Contains(out, "is valid") {
			t.Errorf("validate %s: exit %d\n%s%s", dir, code, out, errOut)
		}
	}
	dir := t.TempDir()
	writeTestFile(t, dir, "main.rel.hcl", "stage \"s\" {\n  action \"exec\" \"a\" {\n    argv = [\"true\"]\n    timeot = \"1m\"\n  }\n}\n")
	code, _, errOut := runCLI("-chdir", dir, "-no-color", "validate")
	if code != 1 {
		t.Errorf("exit %d, want 1", code)
	}
	g := goldie.New(t, goldie.WithFixtureDir("testdata/golden/cli"))
	g.Assert(t, "validate_error", []byte(errOut))
}

func TestFmtCommand(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	messy := "stage \"s\" {\naction \"exec\" \"a\" {\nargv = [\"true\"]\ntimeout=\"1m\"\n}\n}\n"
	writeTestFile(t, dir, "main.rel.hcl", messy)

	code, out, _ := runCLI("-chdir", dir, "fmt", "-check", "-diff")
	if code != 3 {
		t.Errorf("fmt -check of an unformatted file: exit %d, want 3", code)
	}
	g := goldie.New(t, goldie.WithFixtureDir("testdata/golden/cli"))
	g.Assert(t, "fmt_check_diff", []byte(strings.ReplaceAll(out, dir, "DIR")))
	if data, _ := os.ReadFile(filepath.Join(dir, "main.rel.hcl")); string(data) != messy {
		t.Error("fmt -check changed the file")
	}

	if code, _, errOut := runCLI("-chdir", dir, "fmt"); code != 0 {
		t.Fatalf("fmt: exit %d: %s", code, errOut)
	}
	if code, out, _ := runCLI("-chdir", dir, "fmt", "-check"); code != 0 || out != "" {
		t.Errorf("fmt -check after fmt: exit %d, output %q", code, out)
	}
}

// TestPlanExitCodes: -detailed-exitcode gives 2 when there is work and 0
// when there is none.
func TestPlanExitCodes(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	writeTestFile(t, dir, "main.rel.hcl", "stage \"s\" {\n  action \"exec\" \"a\" {\n    argv = [\"true\"]\n  }\n}\n")
	if code, _, errOut := runCLI("-chdir", dir, "plan", "-detailed-exitcode"); code != 2 {
		t.Errorf("plan with an action: exit %d, want 2\n%s", code, errOut)
	}
	empty := t.TempDir()
	writeTestFile(t, empty, "main.rel.hcl", "relctl {}\n")
	if code, out, errOut := runCLI("-chdir", empty, "plan", "-detailed-exitcode"); code != 0 {
		t.Errorf("plan without actions: exit %d, want 0\n%s%s", code, out, errOut)
	}
	if code, _, errOut := runCLI("-chdir", t.TempDir(), "plan"); code != 1 || !strings.Contains(errOut, "No configuration files") {
		t.Errorf("plan without files: exit %d\n%s", code, errOut)
	}
}

func TestGraphAndVersion(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	writeTestFile(t, dir, "main.rel.hcl", "stage \"a\" {\n  action \"exec\" \"one\" { argv = [\"true\"] }\n}\nstage \"b\" {\n  depends_on = [stage.a]\n  action \"exec\" \"two\" { argv = [\"true\"] }\n}\n")
	code, out, errOut := runCLI("-chdir", dir, "graph", "-format=mermaid")
	if code != 0 || !strings.Contains(out, "flowchart") {
		t.Fatalf("graph: exit %d\n%s%s", code, out, errOut)
	}
	g := goldie.New(t, goldie.WithFixtureDir("testdata/golden/cli"))
	g.Assert(t, "graph_mermaid", []byte(out))
	code, out, _ = runCLI("version")
	if code != 0 || !strings.Contains(out, "relctl "+Version) || !strings.Contains(out, "plan format 1") {
		t.Errorf("version: exit %d %q", code, out)
	}
}

func writeTestFile(t *testing.T, dir, name, content string) {
	t.Helper()
	if err := os.WriteFile(filepath.Join(dir, name), []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
}

package main

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/sebdah/goldie/v2"
)

// examplePlans are the examples whose first plans are pinned, with the
// plan arguments their READMEs give.
var examplePlans = map[string][]string{
	"quickstart":  {"plan"},
	"nort":        {"plan"},
	"gt-releaser": {"plan", "-var", "release_version=first"},
}

// TestPlanRenderings plans the examples and each case of testdata/plans
// through the CLI and pins the human, JSON and Markdown renderings. A case
// directory holds *.rel.hcl files (and any file they read); a .repos file
// asks for the quickstart's repositories under work/, an example's
// setup.sh makes its own; a .args file replaces the plan arguments.
func TestPlanRenderings(t *testing.T) {
	cases, err := filepath.Glob("testdata/plans/*")
	if err != nil || len(cases) == 0 {
		t.Fatalf("no cases: %v", err)
	}
	for name := range examplePlans {
		cases = append(cases, filepath.Join("..", "..", "examples", name))
	}
	for _, src := range cases {
		name := filepath.Base(src)
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			dir := copyCase(t, src)
			args := []string{"plan"}
			if b, err := os.ReadFile(filepath.Join(src, ".args")); err == nil {
				args = strings.Fields(string(b))
			} else if a, ok := examplePlans[name]; ok {
				args = a
			}
			planFile := filepath.Join(dir, "plan.out")
			human := runOK(t, append([]string{"-chdir", dir, "-no-color"}, append(args, "-out", planFile)...)...)
			jsonOut := runOK(t, "show", "-json", planFile)
			md := runOK(t, "show", "-markdown", planFile)
			g := goldie.New(t, goldie.WithFixtureDir("testdata/golden/plans"), goldie.WithNameSuffix(""))
			g.Assert(t, name+".txt", normalize(human, dir))
			g.Assert(t, name+".json", normalize(jsonOut, dir))
			g.Assert(t, name+".md", normalize(md, dir))
		})
	}
}

// copyCase copies a case into a temporary directory and creates its
// repositories: an example's with its setup.sh, the quickstart's when the
// case asks for them.
func copyCase(t *testing.T, src string) string {
	t.Helper()
	dir := t.TempDir()
	entries, err := os.ReadDir(src)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		if e.IsDir() {
			continue
		}
		data, err := os.ReadFile(filepath.Join(src, e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, e.Name()), data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	setup := filepath.Join(src, "setup.sh")
	_, marked := os.Stat(filepath.Join(src, ".repos"))
	_, example := os.Stat(setup)
	if marked == nil {
		setup = filepath.Join("..", "..", "examples", "quickstart", "setup.sh")
	}
	if marked == nil || example == nil {
		if out, err := exec.Command("bash", setup, filepath.Join(dir, "work")).CombinedOutput(); err != nil {
			t.Fatalf("setup.sh: %v\n%s", err, out)
		}
	}
	return dir
}

// runOK runs relctl in-process and returns stdout, failing on a non-zero
// exit.
func runOK(t *testing.T, args ...string) []byte {
	t.Helper()
	var stdout, stderr bytes.Buffer
	if code := run(args, strings.NewReader(""), &stdout, &stderr); code != 0 {
		t.Fatalf("relctl %s: exit %d\n%s%s", strings.Join(args, " "), code, stdout.String(), stderr.String())
	}
	return stdout.Bytes()
}

var (
	sha256Re    = regexp.MustCompile(`\b[0-9a-f]{64}\b`)
	shortShaRe  = regexp.MustCompile(`\b[0-9a-f]{4}…[0-9a-f]{4}\b`)
	createdAtRe = regexp.MustCompile(`"created_at": "[^"]*"`)
)

// normalize replaces what changes from run to run: the temporary
// directory, the plan's time and the plan's checksum.
func normalize(out []byte, dir string) []byte {
	s := strings.ReplaceAll(string(out), dir, "$DIR")
	s = createdAtRe.ReplaceAllString(s, `"created_at": "(time)"`)
	s = sha256Re.ReplaceAllString(s, "(sha256)")
	s = shortShaRe.ReplaceAllString(s, "(sha)")
	return []byte(s)
}

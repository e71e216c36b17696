package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/pmezard/go-difflib/difflib"
	"github.com/sebdah/goldie/v2"

	"github.com/relctl/relctl/cmd/relctl/views"
	"github.com/relctl/relctl/config/manifest"
)

const manifestSamples = "../../testdata/release-json"

// manifestRun is the outcome of one in-process relctl run.
type manifestRun struct {
	code           int
	stdout, stderr string
}

func runManifestCLI(t *testing.T, args ...string) manifestRun {
	t.Helper()
	var stdout, stderr bytes.Buffer
	code := run(args, strings.NewReader(""), &stdout, &stderr)
	return manifestRun{code, stdout.String(), stderr.String()}
}

func (r manifestRun) String() string {
	return fmt.Sprintf("exit code: %d\n--- stdout\n%s--- stderr\n%s", r.code, r.stdout, r.stderr)
}

func assertManifestGolden(t *testing.T, name string, data []byte) {
	t.Helper()
	g := goldie.New(t, goldie.WithFixtureDir("testdata/manifest"), goldie.WithSubTestNameForDir(true))
	g.Assert(t, name, data)
}

func TestManifestCheckAndShow(t *testing.T) {
	t.Parallel()
	tests := map[string]struct {
		args     []string
		wantCode int
	}{
		"check 0.6.0":                    {[]string{"check", "0.6.0.json"}, 0},
		"check 1.25.0":                   {[]string{"check", "1.25.0.json"}, 0},
		"check 2016-04-spaced-colons":    {[]string{"check", "2016-04-spaced-colons.json"}, 0},
		"check 3.18.0":                   {[]string{"check", "3.18.0.json"}, 0},
		"check 3.8.0":                    {[]string{"check", "3.8.0.json"}, 0},
		"check 3.9.0-before-release":     {[]string{"check", "3.9.0-before-release.json"}, 0},
		"check 3.9.0-partially-released": {[]string{"check", "3.9.0-partially-released.json"}, 0},
		"check missing comma":            {[]string{"check", "invalid/2016-01-missing-comma.json"}, 1},
		"check missing value":            {[]string{"check", "invalid/2017-04-missing-value.json"}, 1},
		"check trailing comma":           {[]string{"check", "invalid/2021-01-trailing-comma.json"}, 1},
		"check release in no layer":      {[]string{"check", "3.18.0.json", "--release", "gravitee-api-management,gravitee-fetcher-git"}, 1},
		"check release unknown":          {[]string{"check", "0.6.0.json", "--release", "nowhere", "--release", "gravitee-common"}, 1},
		"check missing file":             {[]string{"check", "no-such.json"}, 1},
		"show 3.9.0-before-release":      {[]string{"show", "3.9.0-before-release.json"}, 0},
		"show 2016-04-spaced-colons":     {[]string{"show", "2016-04-spaced-colons.json"}, 0},
		"show json 3.9.0-partially":      {[]string{"show", "--json", "3.9.0-partially-released.json"}, 0},
		"show json 0.6.0":                {[]string{"show", "-json", "0.6.0.json"}, 0},
		"show invalid":                   {[]string{"show", "invalid/2021-01-trailing-comma.json"}, 1},
	}
	for name, tc := range tests {
		t.Run(strings.ReplaceAll(name, " ", "_"), func(t *testing.T) {
			t.Parallel()
			args := append([]string{"--chdir", manifestSamples, "manifest"}, tc.args...)
			got := runManifestCLI(t, args...)
			if got.code != tc.wantCode {
				t.Errorf("exit code %d, want %d\n%s", got.code, tc.wantCode, got)
			}
			assertManifestGolden(t, "output", []byte(got.String()))
		})
	}
}

// The summary of check counts what each real sample holds.
func TestManifestCheckCounts(t *testing.T) {
	t.Parallel()
	tests := map[string]string{
		"0.6.0.json":                    "25 components, 0 to release, 8 layers",
		"1.25.0.json":                   "68 components, 0 to release, 12 layers",
		"2016-04-spaced-colons.json":    "30 components, 10 to release, 8 layers",
		"3.18.0.json":                   "63 components, 0 to release, 1 layer",
		"3.8.0.json":                    "84 components, 0 to release, 12 layers, 2 warnings",
		"3.9.0-before-release.json":     "85 components, 23 to release, 12 layers, 2 warnings",
		"3.9.0-partially-released.json": "85 components, 14 to release, 12 layers, 2 warnings",
	}
	for file, want := range tests {
		t.Run(file, func(t *testing.T) {
			t.Parallel()
			got := runManifestCLI(t, "--chdir", manifestSamples, "manifest", "check", file)
			if diff := cmp.Diff(file+": "+want+"\n", got.stdout); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
}

func TestManifestShowJSONMatchesTheManifest(t *testing.T) {
	t.Parallel()
	got := runManifestCLI(t, "--chdir", manifestSamples, "manifest", "show", "--json", "3.9.0-before-release.json")
	var doc views.ManifestJSON
	dec := json.NewDecoder(strings.NewReader(got.stdout))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&doc); err != nil {
		t.Fatalf("%v\n%s", err, got)
	}
	snapshots := 0
	for _, c := range doc.Components {
		if c.Snapshot {
			snapshots++
		}
	}
	if len(doc.Components) != 85 || snapshots != 23 || len(doc.Snapshots) != 23 || len(doc.Warnings) != 2 {
		t.Errorf("components %d, snapshots %d/%d, warnings %d; want 85, 23, 2",
			len(doc.Components), snapshots, len(doc.Snapshots), len(doc.Warnings))
	}
}

func TestManifestSet(t *testing.T) {
	t.Parallel()
	tests := map[string]struct {
		sample   string
		args     []string
		wantCode int
	}{
		"release 3.9.0": {"3.9.0-before-release.json", []string{"gravitee-gateway=3.9.0", "gravitee-definition=1.28.0",
			"gravitee-common=1.20.0", "--top-version", "3.9.0"}, 0},
		"spaced colons":     {"2016-04-spaced-colons.json", []string{"gravitee-common=0.6.1", "gravitee-gateway=0.10.0"}, 0},
		"no final newline":  {"1.25.0.json", []string{"--top-version=1.25.1-SNAPSHOT", "gravitee-management-webui=1.25.1-SNAPSHOT"}, 0},
		"no change":         {"3.9.0-before-release.json", []string{"gravitee-common=1.20.0"}, 0},
		"unknown component": {"3.8.0.json", []string{"gravitee-common=1.0.0", "gravitee-cockpit-api=1.0.0"}, 1},
		"empty version":     {"3.8.0.json", []string{"gravitee-common="}, 1},
		"whitespace":        {"3.8.0.json", []string{"gravitee-common=1.0 .0"}, 1},
		"quote":             {"3.8.0.json", []string{`gravitee-common=1.0.0"`}, 1},
		"top-level quote":   {"3.8.0.json", []string{"--top-version", `3.8.1'`}, 1},
		"not an assignment": {"3.8.0.json", []string{"gravitee-common"}, 1},
		"two versions":      {"3.8.0.json", []string{"gravitee-common=1.0.0", "gravitee-common=1.0.1"}, 1},
		"nothing to set":    {"3.8.0.json", nil, 1},
		"broken manifest":   {"invalid/2016-01-missing-comma.json", []string{"gravitee-common=1.0.0"}, 1},
	}
	for name, tc := range tests {
		t.Run("set_"+strings.ReplaceAll(name, " ", "_"), func(t *testing.T) {
			t.Parallel()
			dir := t.TempDir()
			file := filepath.Base(tc.sample)
			before, err := os.ReadFile(filepath.Join(manifestSamples, tc.sample))
			if err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(filepath.Join(dir, file), before, 0o640); err != nil {
				t.Fatal(err)
			}
			got := runManifestCLI(t, append([]string{"--chdir", dir, "manifest", "set", file}, tc.args...)...)
			if got.code != tc.wantCode {
				t.Errorf("exit code %d, want %d\n%s", got.code, tc.wantCode, got)
			}
			after := checkManifestDir(t, dir, file, 0o640)
			if tc.wantCode != 0 && !bytes.Equal(before, after) {
				t.Error("the manifest was changed by a failed set")
			}
			assertManifestGolden(t, "output", []byte(got.String()))
			if tc.wantCode == 0 {
				assertManifestGolden(t, "file.diff", []byte(unifiedDiff(t, file, before, after)))
				checkOnlyVersionsChanged(t, file, before, after)
			}
		})
	}
}

// checkManifestDir returns the manifest's bytes after checking that it
// kept its mode and that no temporary file was left beside it.
func checkManifestDir(t *testing.T, dir, file string, mode os.FileMode) []byte {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	if len(entries) != 1 || entries[0].Name() != file {
		t.Errorf("directory holds %v, want only %s", entries, file)
	}
	info, err := os.Stat(filepath.Join(dir, file))
	if err != nil {
		t.Fatal(err)
	}
	if info.Mode().Perm() != mode {
		t.Errorf("mode %v, want %v", info.Mode().Perm(), mode)
	}
	data, err := os.ReadFile(filepath.Join(dir, file))
	if err != nil {
		t.Fatal(err)
	}
	return data
}

// checkOnlyVersionsChanged parses both versions of the file and compares
// everything but the versions, and the final newline.
func checkOnlyVersionsChanged(t *testing.T, file string, before, after []byte) {
	t.Helper()
	m1, d1 := manifest.Parse(file, before)
	m2, d2 := manifest.Parse(file, after)
	if d1.HasErrors() || d2.HasErrors() {
		t.Fatalf("parse: %v %v", d1, d2)
	}
	if diff := cmp.Diff(m1.Layers, m2.Layers); diff != "" {
		t.Errorf("layers changed:\n%s", diff)
	}
	if len(m1.Components) != len(m2.Components) {
		t.Errorf("%d components, then %d", len(m1.Components), len(m2.Components))
	}
	if bytes.HasSuffix(before, []byte("\n")) != bytes.HasSuffix(after, []byte("\n")) {
		t.Error("the final newline was not kept")
	}
}

func unifiedDiff(t *testing.T, file string, before, after []byte) string {
	t.Helper()
	text, err := difflib.GetUnifiedDiffString(difflib.UnifiedDiff{
		A: difflib.SplitLines(string(before)), B: difflib.SplitLines(string(after)),
		FromFile: "a/" + file, ToFile: "b/" + file, Context: 1,
	})
	if err != nil {
		t.Fatal(err)
	}
	return text
}

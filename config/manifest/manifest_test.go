package manifest

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/hashicorp/hcl/v2"
)

const samples = "../../testdata/release-json"

// readSample reads a release.json sample from the repository's testdata.
func readSample(t testing.TB, name string) []byte {
	t.Helper()
	src, err := os.ReadFile(filepath.Join(samples, name))
	if err != nil {
		t.Fatal(err)
	}
	return src
}

// parseSample parses a sample that must be valid.
func parseSample(t testing.TB, name string) *Manifest {
	t.Helper()
	m, diags := Parse(name, readSample(t, name))
	if diags.HasErrors() {
		t.Fatalf("parsing %s: %v", name, diags)
	}
	return m
}

// diagLines maps the line of each diagnostic's subject to its severity
// and summary, the way the fixtures' expectations are written.
func diagLines(diags hcl.Diagnostics) map[int]string {
	out := map[int]string{}
	for _, d := range diags {
		sev := "warning"
		if d.Severity == hcl.DiagError {
			sev = "error"
		}
		out[d.Subject.Start.Line] = sev + ": " + d.Summary
	}
	return out
}

func TestSamples(t *testing.T) {
	t.Parallel()
	unknownInLayer := "warning: Unknown component in layer"
	tests := map[string]struct {
		name, version         string
		components, snapshots int
		layers                int
		warnings              map[int]string
	}{
		"0.6.0.json":                 {"Gravitee.IO", "0.7.0-SNAPSHOT", 25, 0, 8, map[int]string{}},
		"1.25.0.json":                {"Gravitee.io", "1.25.0", 68, 0, 12, map[int]string{}},
		"2016-04-spaced-colons.json": {"Gravitee.IO", "0.10.0-SNAPSHOT", 30, 10, 8, map[int]string{}},
		"3.18.0.json":                {"Gravitee.io", "3.18.0", 63, 0, 1, map[int]string{}},
		"3.8.0.json":                 {"Gravitee.io", "3.8.0", 84, 0, 12, map[int]string{396: unknownInLayer, 471: unknownInLayer}},
		// 19 explicit -SNAPSHOT versions plus 4 components without a
		// version, which take the top-level 3.9.0-SNAPSHOT.
		"3.9.0-before-release.json":     {"Gravitee.io", "3.9.0-SNAPSHOT", 85, 23, 12, map[int]string{397: unknownInLayer, 473: unknownInLayer}},
		"3.9.0-partially-released.json": {"Gravitee.io", "3.9.0-SNAPSHOT", 85, 14, 12, map[int]string{400: unknownInLayer, 476: unknownInLayer}},
	}
	for file, tc := range tests {
		t.Run(file, func(t *testing.T) {
			t.Parallel()
			src := readSample(t, file)
			m, diags := Parse(file, src)
			if diags.HasErrors() {
				t.Fatalf("unexpected errors: %v", diags)
			}
			got := []any{m.Name, m.Version, len(m.Components), len(m.Snapshots()), len(m.Layers)}
			want := []any{tc.name, tc.version, tc.components, tc.snapshots, tc.layers}
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("name, version, components, snapshots, layers (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff(tc.warnings, diagLines(diags)); diff != "" {
				t.Errorf("warnings (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff(tc.warnings, diagLines(m.Check(nil))); diff != "" {
				t.Errorf("Check(snapshots) (-want +got):\n%s", diff)
			}
			if !bytes.Equal(m.Bytes(), src) {
				t.Error("Bytes() differs from the file")
			}
			out, err := m.WithVersions("", nil)
			if err != nil || !bytes.Equal(out, src) {
				t.Errorf("unchanged manifest does not round-trip byte for byte (err %v)", err)
			}
		})
	}
}

func TestComponentVersions(t *testing.T) {
	t.Parallel()
	m := parseSample(t, "3.9.0-before-release.json")
	tests := map[string]struct {
		want Component
		line int
	}{
		"explicit snapshot": {Component{Name: "gravitee-definition", Version: "1.28.0-SNAPSHOT", Explicit: true, Snapshot: true}, 12},
		"released":          {Component{Name: "gravitee-common", Version: "1.20.0", Explicit: true}, 8},
		"no version key":    {Component{Name: "gravitee-gateway", Version: "3.9.0-SNAPSHOT", Snapshot: true}, 17},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			got, ok := m.Component(tc.want.Name)
			if !ok {
				t.Fatalf("component %s not found", tc.want.Name)
			}
			if tc.line != 0 && got.Range.Start.Line != tc.line {
				t.Errorf("range starts at line %d, want %d", got.Range.Start.Line, tc.line)
			}
			got.Range = hcl.Range{}
			if diff := cmp.Diff(tc.want, got); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
	if _, ok := m.Component("gravitee-cockpit-api"); ok {
		t.Error("a name that only a layer mentions is not a component")
	}
}

func TestLayers(t *testing.T) {
	t.Parallel()
	m := parseSample(t, "3.8.0.json")
	if i, ok := m.LayerOf("gravitee-cockpit-api"); !ok || i != 3 {
		t.Errorf("LayerOf(gravitee-cockpit-api) = %d, %v; want 3, true", i, ok)
	}
	if _, ok := m.LayerOf("gravitee-cockpit-connectors-ws"); ok {
		t.Error("gravitee-cockpit-connectors-ws is in no layer")
	}
	deps := m.DependsOn()
	if len(deps) != len(m.Components) {
		t.Errorf("DependsOn has %d entries, want one per component (%d)", len(deps), len(m.Components))
	}
	if diff := cmp.Diff([]string{}, deps[m.Layers[0][0]]); diff != "" {
		t.Errorf("first layer depends on nothing (-want +got):\n%s", diff)
	}
	// The component of layer 4 depends on layer 3 without the names that
	// components does not list.
	want := withoutUnlisted(m, m.Layers[2])
	for _, name := range withoutUnlisted(m, m.Layers[3]) {
		if diff := cmp.Diff(want, deps[name]); diff != "" {
			t.Errorf("DependsOn[%s] (-want +got):\n%s", name, diff)
		}
	}
}

func withoutUnlisted(m *Manifest, names []string) []string {
	var out []string
	for _, n := range names {
		if _, ok := m.Component(n); ok {
			out = append(out, n)
		}
	}
	return out
}

func TestDependsOnSkipsLayersOfUnlistedNames(t *testing.T) {
	t.Parallel()
	src := `{"version": "1.0.0",
 "components": [{"name": "a"}, {"name": "b"}, {"name": "c"}],
 "buildDependencies": [
  ["a"],
  ["ghost"],
  ["b",
   "b"],
  ["a", "c"]]}`
	m, diags := Parse("m.json", []byte(src))
	if diags.HasErrors() {
		t.Fatal(diags)
	}
	want := map[string][]string{"a": {}, "b": {"a"}, "c": {"b"}}
	if diff := cmp.Diff(want, m.DependsOn()); diff != "" {
		t.Errorf("DependsOn (-want +got):\n%s", diff)
	}
	wantDiags := map[int]string{
		5: "warning: Unknown component in layer",
		7: "warning: Component in several layers",
		8: "warning: Component in several layers",
	}
	if diff := cmp.Diff(wantDiags, diagLines(diags)); diff != "" {
		t.Errorf("warnings (-want +got):\n%s", diff)
	}
}

func TestCheckRelease(t *testing.T) {
	t.Parallel()
	tests := map[string]struct {
		file    string
		release []string
		want    map[int]string
	}{
		"in a layer": {"3.18.0.json", []string{"gravitee-api-management"}, map[int]string{}},
		"in no layer": {"3.18.0.json", []string{"gravitee-api-management", "gravitee-fetcher-git"},
			map[int]string{componentLine(t, "3.18.0.json", "gravitee-fetcher-git"): "error: Component to release is in no layer"}},
		"not listed anywhere": {"0.6.0.json", []string{"nowhere"}, map[int]string{109: "error: Component to release is in no layer"}},
		"empty release":       {"3.9.0-before-release.json", []string{}, map[int]string{397: "warning: Unknown component in layer", 473: "warning: Unknown component in layer"}},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			m := parseSample(t, tc.file)
			if diff := cmp.Diff(tc.want, diagLines(m.Check(tc.release))); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
}

// componentLine is the line of a component's name in a sample.
func componentLine(t testing.TB, file, name string) int {
	t.Helper()
	lines := strings.Split(string(readSample(t, file)), "\n")
	for i, l := range lines {
		if strings.Contains(l, `"name"`) && strings.Contains(l, `"`+name+`"`) {
			return i + 1
		}
	}
	t.Fatalf("%s not in %s", name, file)
	return 0
}

package manifest

import (
	"strings"
	"testing"
)

// BenchmarkParse measures parsing the largest real manifest (85
// components, 12 layers).
func BenchmarkParse(b *testing.B) {
	src := readSample(b, "3.9.0-partially-released.json")
	b.SetBytes(int64(len(src)))
	b.ReportAllocs()
	for b.Loop() {
		if _, diags := Parse("release.json", src); diags.HasErrors() {
			b.Fatal(diags)
		}
	}
}

// BenchmarkWithVersions measures writing a release's versions back: every
// snapshot at its released version and the top-level version.
func BenchmarkWithVersions(b *testing.B) {
	m := parseSample(b, "3.9.0-before-release.json")
	set := map[string]string{}
	for _, name := range m.Snapshots() {
		c, _ := m.Component(name)
		set[name] = strings.TrimSuffix(c.Version, SnapshotSuffix)
	}
	b.SetBytes(int64(len(m.Bytes())))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := m.WithVersions("3.9.0", set); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(len(set)), "versions/op")
}

package manifest

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"testing"
)

// FuzzParse checks, for any input, that Parse does not panic, that the
// scanner accepts exactly what encoding/json accepts and stops where it
// stops, and that a manifest written back without changes is identical,
// and with every version set parses back to those versions.
//
//	go test ./config/manifest -run '^$' -fuzz FuzzParse -fuzztime 60s
func FuzzParse(f *testing.F) {
	for _, pattern := range []string{"*.json", "invalid/*.json"} {
		paths, _ := filepath.Glob(filepath.Join(samples, pattern))
		for _, p := range paths {
			src, err := os.ReadFile(p)
			if err != nil {
				f.Fatal(err)
			}
			f.Add(src)
		}
	}
	for _, s := range []string{
		``, `{}`, `[]`, `"x"`, `{"version":"1","components":[{"name":"a","version":null}]}`,
		`{"version" : "1", "components" : [ { "name" : "a" } ], "buildDependencies" : [["a", "b"]]}`,
		"{\"version\":\"1\",\"components\":[{\"name\":\"a\"},{\"name\":\"a\",\"version\":\"\"}]}",
		`[1, 2,]`, `{"a":1 "b":2}`, `[-01.5e+3]`, `["\ud800\u"]`,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, src []byte) {
		_, serr := scan(src)
		valid := json.Valid(src)
		if (serr == nil) != valid {
			t.Fatalf("scanner error %v, but json.Valid = %v", serr, valid)
		}
		if serr != nil {
			off, eof, ok := stopOffset(src)
			if !ok || off != serr.offset || eof != serr.eof {
				t.Fatalf("stopped at %d (eof %v), encoding/json at %d (eof %v)", serr.offset, serr.eof, off, eof)
			}
		}
		m, diags := Parse("fuzz.json", src)
		if (m == nil) != diags.HasErrors() {
			t.Fatalf("manifest %v with diagnostics %v", m != nil, diags)
		}
		if m == nil {
			return
		}
		checkRoundTrip(t, m, src)
		checkSetAll(t, m)
	})
}

func checkRoundTrip(t *testing.T, m *Manifest, src []byte) {
	out, err := m.WithVersions("", nil)
	if err != nil || !bytes.Equal(out, src) {
		t.Fatalf("unchanged manifest does not round-trip (err %v)", err)
	}
}

// checkSetAll sets every version and reads the result back.
func checkSetAll(t *testing.T, m *Manifest) {
	set := map[string]string{}
	for _, c := range m.Components {
		set[c.Name] = "9.8.7"
	}
	out, err := m.WithVersions("1.2.3-SNAPSHOT", set)
	if err != nil {
		t.Fatalf("setting versions: %v", err)
	}
	m2, diags := Parse("fuzz.json", out)
	if diags.HasErrors() {
		t.Fatalf("the written manifest does not parse: %v\n%s", diags, out)
	}
	if m2.Version != "1.2.3-SNAPSHOT" || len(m2.Components) != len(m.Components) {
		t.Fatalf("top version %q, %d components after the write; want 1.2.3-SNAPSHOT, %d", m2.Version, len(m2.Components), len(m.Components))
	}
	for i, c := range m2.Components {
		if c.Name != m.Components[i].Name || c.Version != "9.8.7" || !c.Explicit {
			t.Fatalf("component %d after the write: %+v", i, c)
		}
	}
}

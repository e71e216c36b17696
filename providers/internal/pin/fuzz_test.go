package pin

import (
	"bytes"
	"testing"
)

// FuzzApply feeds arbitrary content to every format: Apply never panics,
// and a content it pins is pinned: applying again changes nothing.
func FuzzApply(f *testing.F) {
	for _, seed := range []string{pom, packageJSON, goMod, baseline, "", "<", "{", "require (", "<project><parent>"} {
		f.Add([]byte(seed), "common", "1.5.0")
	}
	f.Add([]byte(packageJSON), "@acme/api", "2.0.1")
	f.Add([]byte(goMod), "example.com/api", "v2.0.1")
	f.Fuzz(func(t *testing.T, src []byte, name, version string) {
		specs := []Spec{
			{File: "pom.xml"}, {File: "package.json"}, {File: "package.json", ExactRange: true}, {File: "go.mod"},
			{File: "x", Format: Regex, Pattern: `{name}:([^/\s]+)`},
		}
		for _, s := range specs {
			s.Dependencies = map[string]string{name: version}
			out, err := Apply(s, src)
			if err != nil {
				continue
			}
			again, err := Apply(s, out)
			if err != nil {
				t.Fatalf("%s: pinning %q=%q in its own output failed: %v\nfirst output: %q", s.File, name, version, err, out)
			}
			if !bytes.Equal(again, out) {
				t.Fatalf("%s: pinning %q=%q is not idempotent:\n%q\n%q", s.File, name, version, out, again)
			}
		}
	})
}

package manifest

import (
	"errors"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// replacement is an expected change of the bytes src[start:end].
type replacement struct {
	start, end int
	text       string
}

// expectedWrite computes, with regular expressions rather than the
// package's scanner, the text a write of versions must produce: each
// component's version value replaced (or a version member inserted after
// its name, unless the component follows the top-level version and is set
// to it), and nothing else changed.
func expectedWrite(t *testing.T, src []byte, top string, set map[string]string) string {
	t.Helper()
	var reps []replacement
	loc := regexp.MustCompile(`^\{\s*(?:"[^"]*"\s*:\s*"[^"]*"\s*,\s*)*?"version"\s*:\s*"([^"]*)"`).FindSubmatchIndex(src)
	newTop := string(src[loc[2]:loc[3]])
	if top != "" {
		reps = append(reps, replacement{loc[2] - 1, loc[3] + 1, `"` + top + `"`})
		newTop = top
	}
	for name, v := range set {
		obj := regexp.MustCompile(`\{[^{}\[\]]*"name"\s*:\s*"` + regexp.QuoteMeta(name) + `"[^{}\[\]]*\}`).FindIndex(src)
		if obj == nil {
			t.Fatalf("component %s not found by the test's regexp", name)
		}
		text := src[obj[0]:obj[1]]
		loc := regexp.MustCompile(`"version"\s*:\s*("[^"]*"|null)`).FindSubmatchIndex(text)
		inherits := loc == nil || string(text[loc[2]:loc[3]]) == "null" || string(text[loc[2]:loc[3]]) == `""`
		if inherits && v == newTop {
			continue
		}
		if loc != nil {
			reps = append(reps, replacement{obj[0] + loc[2], obj[0] + loc[3], `"` + v + `"`})
			continue
		}
		loc = regexp.MustCompile(`"name"(\s*:\s*)"[^"]*"(\s*,\s*)`).FindSubmatchIndex(text)
		colon, sep := string(text[loc[2]:loc[3]]), string(text[loc[4]:loc[5]])
		at := obj[0] + loc[5] - len(sep)
		reps = append(reps, replacement{at, at, sep + `"version"` + colon + `"` + v + `"`})
	}
	slices.SortFunc(reps, func(a, b replacement) int { return a.start - b.start })
	var b strings.Builder
	at := 0
	for _, r := range reps {
		b.WriteString(string(src[at:r.start]) + r.text)
		at = r.end
	}
	return b.String() + string(src[at:])
}

// releaseVersions is what a release of the sample would set: every
// snapshot at its released version, or, in a sample without snapshots,
// a first, middle and last component at a test version.
func releaseVersions(m *Manifest) (string, map[string]string) {
	set := map[string]string{}
	for _, name := range m.Snapshots() {
		c, _ := m.Component(name)
		set[name] = strings.TrimSuffix(c.Version, SnapshotSuffix)
	}
	if len(set) == 0 {
		for _, i := range []int{0, len(m.Components) / 2, len(m.Components) - 1} {
			set[m.Components[i].Name] = "0.0.1-test"
		}
		return "9.9.9", set
	}
	return strings.TrimSuffix(m.Version, SnapshotSuffix), set
}

func TestWithVersionsOnSamples(t *testing.T) {
	t.Parallel()
	for _, file := range []string{"0.6.0.json", "1.25.0.json", "2016-04-spaced-colons.json", "3.18.0.json",
		"3.8.0.json", "3.9.0-before-release.json", "3.9.0-partially-released.json"} {
		t.Run(file, func(t *testing.T) {
			t.Parallel()
			m := parseSample(t, file)
			top, set := releaseVersions(m)
			got, err := m.WithVersions(top, set)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(expectedWrite(t, m.Bytes(), top, set), string(got)); diff != "" {
				t.Errorf("bytes other than the versions set changed (-want +got):\n%s", diff)
			}
			m2, diags := Parse(file, got)
			if diags.HasErrors() {
				t.Fatal(diags)
			}
			if len(m2.Snapshots()) != 0 && top != "9.9.9" {
				t.Errorf("snapshots left after the release: %v", m2.Snapshots())
			}
		})
	}
}

func TestWithVersionsInsertsInTheFileStyle(t *testing.T) {
	t.Parallel()
	tests := map[string]struct {
		src, want string
	}{
		"null":            {`{"version": "1", "components": [{"name": "a", "version": null}]}`, `{"version": "1", "components": [{"name": "a", "version": "2.0.0"}]}`},
		"empty":           {`{"version": "1", "components": [{"name": "a", "version": ""}]}`, `{"version": "1", "components": [{"name": "a", "version": "2.0.0"}]}`},
		"compact":         {`{"version":"1","components":[{"name":"a"}]}`, `{"version":"1","components":[{"name":"a","version":"2.0.0"}]}`},
		"spaced one line": {`{"version" : "1", "components" : [ { "name" : "a" } ]}`, `{"version" : "1", "components" : [ { "name" : "a", "version" : "2.0.0" } ]}`},
		"name last": {"{\"version\": \"1\", \"components\": [\n  {\n    \"since\": \"0.1\",\n    \"name\": \"a\"\n  }\n]}",
			"{\"version\": \"1\", \"components\": [\n  {\n    \"since\": \"0.1\",\n    \"name\": \"a\",\n    \"version\": \"2.0.0\"\n  }\n]}"},
		"tabs": {"{\"version\":\"1\",\"components\":[\n\t{\n\t\t\"name\" :\t\"a\"\n\t}\n]}",
			"{\"version\":\"1\",\"components\":[\n\t{\n\t\t\"name\" :\t\"a\",\n\t\t\"version\" :\t\"2.0.0\"\n\t}\n]}"},
		"duplicate: later entry": {`{"version": "1", "components": [{"name": "a", "version": "0.1"}, {"name": "a", "version": "0.2"}]}`,
			`{"version": "1", "components": [{"name": "a", "version": "0.1"}, {"name": "a", "version": "2.0.0"}]}`},
		"unchanged value": {`{"version": "1", "components": [{"name": "a", "version": "2.0.0"}]}`, `{"version": "1", "components": [{"name": "a", "version": "2.0.0"}]}`},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			m, diags := Parse("m.json", []byte(tc.src))
			if diags.HasErrors() {
				t.Fatal(diags)
			}
			got, err := m.WithVersions("", map[string]string{"a": "2.0.0"})
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tc.want, string(got)); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
}

func TestWithVersionsInsertsIntoRealComponent(t *testing.T) {
	t.Parallel()
	m := parseSample(t, "3.9.0-before-release.json")
	got, err := m.WithVersions("", map[string]string{"gravitee-gateway": "3.9.0"})
	if err != nil {
		t.Fatal(err)
	}
	want := "        {\n            \"name\": \"gravitee-gateway\",\n            \"version\": \"3.9.0\",\n            \"since\": \"3.8.0\"\n        },\n"
	if !strings.Contains(string(got), want) {
		t.Errorf("the written manifest does not contain\n%s", want)
	}
	if len(got) != len(m.Bytes())+len(",\n            \"version\": \"3.9.0\"") {
		t.Errorf("the write changed more than the inserted member: %d -> %d bytes", len(m.Bytes()), len(got))
	}
}

func TestWithVersionsRejects(t *testing.T) {
	t.Parallel()
	m := parseSample(t, "3.8.0.json")
	tests := map[string]struct {
		top     string
		set     map[string]string
		wantErr error
		mention string
	}{
		"unknown component":  {"", map[string]string{"gravitee-nope": "1.0.0", "gravitee-common": "1.0.0"}, ErrUnknownComponent, `"gravitee-nope"`},
		"layer-only name":    {"", map[string]string{"gravitee-cockpit-api": "1.0.0"}, ErrUnknownComponent, `"gravitee-cockpit-api"`},
		"empty version":      {"", map[string]string{"gravitee-common": ""}, ErrInvalidVersion, "empty"},
		"space":              {"", map[string]string{"gravitee-common": "1.0 .0"}, ErrInvalidVersion, "' '"},
		"newline":            {"", map[string]string{"gravitee-common": "1.0.0\n"}, ErrInvalidVersion, `'\n'`},
		"double quote":       {"", map[string]string{"gravitee-common": `1.0.0"`}, ErrInvalidVersion, `'"'`},
		"single quote":       {"", map[string]string{"gravitee-common": `1.0.0'`}, ErrInvalidVersion, `'\''`},
		"backslash":          {"", map[string]string{"gravitee-common": `1.0\u0022`}, ErrInvalidVersion, `'\\'`},
		"top-level version":  {"3.9 .0", nil, ErrInvalidVersion, "top-level"},
		"non-breaking space": {"", map[string]string{"gravitee-common": "1.0.0\u00a0"}, ErrInvalidVersion, `'\u00a0'`},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			out, err := m.WithVersions(tc.top, tc.set)
			if !errors.Is(err, tc.wantErr) {
				t.Fatalf("error %v, want %v", err, tc.wantErr)
			}
			if out != nil {
				t.Error("output returned together with an error")
			}
			if !strings.Contains(err.Error(), tc.mention) {
				t.Errorf("error %q does not mention %s", err, tc.mention)
			}
		})
	}
}

func TestDigest(t *testing.T) {
	t.Parallel()
	m := parseSample(t, "0.6.0.json")
	// sha256sum testdata/release-json/0.6.0.json
	if want := "5fa2dbd92ce283d1860cd3c86e10fabb9a01ed4b003609f8d42bfbf14beadbf1"; m.Digest() != want {
		t.Errorf("Digest() = %s, want %s", m.Digest(), want)
	}
}

// The four components of 3.9.0-before-release.json without a version of
// their own follow the top-level 3.9.0-SNAPSHOT. Released at 3.9.0 with
// the top-level version, they keep following it: their entries are left
// as written and only the top-level version changes for them.
func TestWithVersionsKeepsInheritance(t *testing.T) {
	t.Parallel()
	inheriting := []string{"gravitee-gateway", "gravitee-management-rest-api", "gravitee-management-webui", "gravitee-portal-webui"}
	for _, file := range []string{"3.9.0-before-release.json", "3.9.0-partially-released.json"} {
		t.Run(file, func(t *testing.T) {
			t.Parallel()
			m := parseSample(t, file)
			set := map[string]string{"gravitee-common": "1.21.0"}
			for _, name := range inheriting {
				set[name] = "3.9.0"
			}
			got, err := m.WithVersions("3.9.0", set)
			if err != nil {
				t.Fatal(err)
			}
			want := strings.Replace(string(m.Bytes()), `"version": "3.9.0-SNAPSHOT"`, `"version": "3.9.0"`, 1)
			want = strings.Replace(want, `"name": "gravitee-common",
            "version": "1.20.0"`, `"name": "gravitee-common",
            "version": "1.21.0"`, 1)
			if diff := cmp.Diff(want, string(got)); diff != "" {
				t.Errorf("more than the top-level version and gravitee-common changed (-want +got):\n%s", diff)
			}
			m2, diags := Parse(file, got)
			if diags.HasErrors() {
				t.Fatal(diags)
			}
			for _, name := range inheriting {
				c, _ := m2.Component(name)
				if c.Explicit || c.Version != "3.9.0" {
					t.Errorf("%s: version %q (explicit %v), want 3.9.0 inherited", name, c.Version, c.Explicit)
				}
			}
		})
	}
}

// A component that follows the top-level version but is released at
// another version gets a version of its own.
func TestWithVersionsInsertsWhenDiverging(t *testing.T) {
	t.Parallel()
	m := parseSample(t, "3.9.0-before-release.json")
	got, err := m.WithVersions("3.9.0", map[string]string{"gravitee-gateway": "3.9.1", "gravitee-portal-webui": "3.9.0"})
	if err != nil {
		t.Fatal(err)
	}
	m2, diags := Parse("out.json", got)
	if diags.HasErrors() {
		t.Fatal(diags)
	}
	want := map[string]Component{"gravitee-gateway": {Version: "3.9.1", Explicit: true}, "gravitee-portal-webui": {Version: "3.9.0"}}
	for name, w := range want {
		c, _ := m2.Component(name)
		if c.Version != w.Version || c.Explicit != w.Explicit {
			t.Errorf("%s: version %q explicit %v, want %q explicit %v", name, c.Version, c.Explicit, w.Version, w.Explicit)
		}
	}
}

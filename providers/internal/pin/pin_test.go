package pin

import (
	"errors"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// applyCase is one Apply of a table: the spec's file content in, and the
// content out or the error it must contain (and wrap, when wantIs is set).
type applyCase struct {
	spec    Spec
	in      string
	want    string
	wantErr string
	wantIs  error
}

func runApply(t *testing.T, tests map[string]applyCase) {
	t.Helper()
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			got, err := Apply(tc.spec, []byte(tc.in))
			if tc.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
					t.Fatalf("Apply error = %v, want one containing %q", err, tc.wantErr)
				}
				if tc.wantIs != nil && !errors.Is(err, tc.wantIs) {
					t.Errorf("Apply error %v does not wrap %v", err, tc.wantIs)
				}
				return
			}
			if err != nil {
				t.Fatalf("Apply: %v", err)
			}
			if diff := cmp.Diff(tc.want, string(got)); diff != "" {
				t.Errorf("Apply (-want +got):\n%s", diff)
			}
			again, err := Apply(tc.spec, got)
			if err != nil || string(again) != string(got) {
				t.Errorf("Apply on its own output changed it again or failed: %v\n%s", err, again)
			}
		})
	}
}

func deps(kv ...string) map[string]string {
	m := map[string]string{}
	for i := 0; i+1 < len(kv); i += 2 {
		m[kv[i]] = kv[i+1]
	}
	return m
}

func TestFormatOf(t *testing.T) {
	t.Parallel()
	tests := map[string]struct {
		spec    Spec
		want    string
		wantErr string
	}{
		"pom by name":          {spec: Spec{File: "api/pom.xml"}, want: Maven},
		"package.json by name": {spec: Spec{File: "package.json"}, want: NPM},
		"go.mod by name":       {spec: Spec{File: "tools/go.mod"}, want: Go},
		"explicit wins":        {spec: Spec{File: "pom.xml", Format: Regex}, want: Regex},
		"unknown name":         {spec: Spec{File: "deps.txt"}, wantErr: `deps.txt: cannot tell the format from the file's name; set format to one of "maven", "npm", "go", "regex"`},
		"unknown format":       {spec: Spec{File: "pom.xml", Format: "gradle"}, wantErr: `pom.xml: unknown format "gradle"`},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			got, err := tc.spec.FormatOf()
			if tc.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
					t.Fatalf("FormatOf error = %v, want %q", err, tc.wantErr)
				}
				return
			}
			if err != nil || got != tc.want {
				t.Errorf("FormatOf = %q, %v; want %q", got, err, tc.want)
			}
		})
	}
}

func TestValidate(t *testing.T) {
	t.Parallel()
	tests := map[string]struct {
		spec    Spec
		wantErr string
	}{
		"pattern on maven":        {spec: Spec{File: "pom.xml", Pattern: "x(y)"}, wantErr: "pattern applies to the regex format only"},
		"keep_range on go":        {spec: Spec{File: "go.mod", ExactRange: true}, wantErr: "keep_range applies to the npm format only"},
		"regex without pattern":   {spec: Spec{File: "x", Format: Regex}, wantErr: "the regex format needs a pattern"},
		"regex bad pattern":       {spec: Spec{File: "x", Format: Regex, Pattern: "a(b"}, wantErr: `pattern "a(b": error parsing regexp`},
		"regex two groups":        {spec: Spec{File: "x", Format: Regex, Pattern: "(a)(b)"}, wantErr: "has 2 capture groups; it needs exactly one"},
		"regex no group":          {spec: Spec{File: "x", Format: Regex, Pattern: "ab"}, wantErr: "has 0 capture groups"},
		"regex many, no {name}":   {spec: Spec{File: "x", Format: Regex, Pattern: "v(.*)", Dependencies: deps("a", "1", "b", "2")}, wantErr: "put {name} in it"},
		"empty version":           {spec: Spec{File: "pom.xml", Dependencies: deps("common", " ")}, wantErr: `version " " of dependency "common" is not a version`},
		"version with a newline":  {spec: Spec{File: "pom.xml", Dependencies: deps("common", "1\n2")}, wantErr: "is not a version"},
		"empty dependency name":   {spec: Spec{File: "pom.xml", Dependencies: deps("", "1")}, wantErr: "a dependency has an empty name"},
		"regex non-capturing ok":  {spec: Spec{File: "x", Format: Regex, Pattern: "(?:a|b)=(.*)"}},
		"regex many with {name}":  {spec: Spec{File: "x", Format: Regex, Pattern: "{name}=(.*)", Dependencies: deps("a", "1", "b", "2")}},
		"npm keep_range false ok": {spec: Spec{File: "package.json", ExactRange: true}},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			err := tc.spec.Validate()
			if tc.wantErr == "" {
				if err != nil {
					t.Fatalf("Validate: %v", err)
				}
				return
			}
			if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
				t.Errorf("Validate error = %v, want one containing %q", err, tc.wantErr)
			}
		})
	}
}

func TestApplyNoDependencies(t *testing.T) {
	t.Parallel()
	got, err := Apply(Spec{File: "pom.xml"}, []byte("not even xml"))
	if err != nil || string(got) != "not even xml" {
		t.Errorf("Apply without dependencies = %q, %v; want the content unchanged", got, err)
	}
}

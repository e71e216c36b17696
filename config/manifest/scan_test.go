package manifest

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/hashicorp/hcl/v2"
	"github.com/sebdah/goldie/v2"
)

// stopOffset is where encoding/json stops on invalid input, on the same
// scale as syntaxError.offset (the offending byte, or len(src) at EOF).
func stopOffset(src []byte) (offset int, eof bool, ok bool) {
	var v any
	err := json.Unmarshal(src, &v)
	var se *json.SyntaxError
	if !errors.As(err, &se) {
		return 0, false, false
	}
	if strings.Contains(se.Error(), "unexpected end of JSON input") || virtualSpace(src, se) {
		return int(se.Offset), true, true
	}
	return int(se.Offset) - 1, false, true
}

// virtualSpace tells whether encoding/json failed on the space it feeds
// its scanner at the end of the input (a literal or number cut short by
// the end of the file) rather than on a real byte.
func virtualSpace(src []byte, se *json.SyntaxError) bool {
	return strings.HasPrefix(se.Error(), "invalid character ' '") &&
		int(se.Offset) == len(src) && !bytes.HasSuffix(src, []byte(" "))
}

func TestScanErrors(t *testing.T) {
	t.Parallel()
	tests := map[string]struct {
		src           string
		line, column  int
		summary       string
		detailMention string
	}{
		"empty":                  {"", 1, 1, "Unexpected end of file", "empty"},
		"only space":             {" \n ", 2, 2, "Unexpected end of file", "empty"},
		"missing comma array":    {"[1\n 2]", 2, 2, "Missing comma", "line 1, column 2"},
		"missing comma object":   {`{"a": 1 "b": 2}`, 1, 9, "Missing comma", `"}"`},
		"trailing comma array":   {"[1,\n]", 2, 1, "Trailing comma", "line 1, column 3"},
		"trailing comma object":  {`{"a": 1, }`, 1, 10, "Trailing comma", "column 8"},
		"missing value":          {`{"a": }`, 1, 7, "Missing value", `found "}"`},
		"leading comma":          {`[,1]`, 1, 2, "Missing value", `found ","`},
		"missing colon":          {`{"a" 1}`, 1, 6, "Missing colon", `"a"`},
		"unquoted key":           {`{a: 1}`, 1, 2, "Invalid member name", `"a"`},
		"single quotes":          {`['x']`, 1, 2, "Invalid character", `"'"`},
		"leading zero":           {`[01]`, 1, 3, "Invalid number", "leading zero"},
		"top-level leading zero": {`-01`, 1, 3, "Invalid number", "leading zero"},
		"bare minus":             {`[-]`, 1, 3, "Invalid number", "minus"},
		"fraction":               {`[1.]`, 1, 4, "Invalid number", "decimal point"},
		"exponent":               {`[1e+]`, 1, 5, "Invalid number", "exponent"},
		"capital literal":        {`[True]`, 1, 2, "Invalid character", `"T"`},
		"bad literal":            {`[nul]`, 1, 5, "Invalid literal", "null"},
		"bad escape":             {`["a\x"]`, 1, 5, "Invalid escape sequence", `"x"`},
		"bad unicode escape":     {`["\u12g4"]`, 1, 7, "Invalid escape sequence", "hexadecimal"},
		"newline in string":      {"{\"a\": \"b\n\"}", 1, 9, "Unterminated string", "line 1, column 7"},
		"tab in string":          {"[\"a\tb\"]", 1, 4, "Invalid character in string", "U+0009"},
		"unclosed string":        {`["abc`, 1, 6, "Unexpected end of file", "string"},
		"unclosed array":         {"[1,\n2", 2, 2, "Unexpected end of file", "array"},
		"unclosed object":        {`{"a": 1`, 1, 8, "Unexpected end of file", "object"},
		"extra data":             {"{}\n{}", 2, 1, "Extra data after the JSON document", "line 1"},
		"byte order mark":        {"\ufeff{}", 1, 1, "Invalid character", "U+FEFF"},
		"invalid utf-8":          {"[\xff]", 1, 2, "Invalid character", "0xFF"},
		"column counts runes":    {`["é", x]`, 1, 7, "Invalid character", `"x"`},
		"too deep":               {strings.Repeat("[", maxDepth+1), 1, maxDepth + 1, "Nesting too deep", "10000"},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			src := []byte(tc.src)
			_, diags := Parse("m.json", src)
			if len(diags) != 1 || !diags.HasErrors() {
				t.Fatalf("want one error, got %v", diags)
			}
			d := diags[0]
			got := fmt.Sprintf("%d:%d %s", d.Subject.Start.Line, d.Subject.Start.Column, d.Summary)
			want := fmt.Sprintf("%d:%d %s", tc.line, tc.column, tc.summary)
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("(-want +got):\n%s\ndetail: %s", diff, d.Detail)
			}
			if !strings.Contains(d.Detail, tc.detailMention) {
				t.Errorf("detail %q does not mention %q", d.Detail, tc.detailMention)
			}
			off, eof, ok := stopOffset(src)
			if !ok || off != d.Subject.Start.Byte {
				t.Errorf("stopped at byte %d; encoding/json stops at %d (eof %v, syntax error %v)", d.Subject.Start.Byte, off, eof, ok)
			}
		})
	}
}

func TestScanAcceptsWhatEncodingJSONAccepts(t *testing.T) {
	t.Parallel()
	tests := map[string]string{
		"numbers":         `[0, -0, 1.5, -2e10, 3E-2, 4.0e+1, 123456789012345678901234567890]`,
		"escapes":         `["\"\\\/\b\f\n\r\t\u00e9\ud83d\ude00"]`,
		"unpaired":        `["\ud800"]`,
		"raw utf-8":       `["gravitée ✓"]`,
		"invalid utf-8":   "[\"\xff\"]",
		"literals":        "[true,false,null]",
		"whitespace":      " \t\r\n{ \"a\" :\t[ ] }\r\n",
		"scalar document": `"just a string"`,
		"duplicate keys":  `{"a": 1, "a": 2}`,
		"deep":            strings.Repeat("[", maxDepth) + strings.Repeat("]", maxDepth),
	}
	for name, src := range tests {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			if !json.Valid([]byte(src)) {
				t.Fatal("test input is not valid JSON")
			}
			if _, err := scan([]byte(src)); err != nil {
				t.Errorf("rejected valid JSON: %v", err)
			}
		})
	}
}

func TestScanDecodesStrings(t *testing.T) {
	t.Parallel()
	root, err := scan([]byte(`{"k\u00e9y": "v\"1\\2\ud83d\ude00", "plain": "x"}`))
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]string{}
	for _, m := range root.members {
		got[m.key] = m.value.str
	}
	want := map[string]string{"kéy": "v\"1\\2😀", "plain": "x"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
}

// The broken files committed to the Gravitee.io release repository, with
// the line and column where a strict JSON parser stops.
func TestInvalidSamples(t *testing.T) {
	t.Parallel()
	tests := map[string]struct {
		line, column int
		summary      string
	}{
		"2016-01-missing-comma.json":  {72, 9, "Missing comma"},
		"2017-04-missing-value.json":  {209, 5, "Trailing comma"},
		"2021-01-trailing-comma.json": {18, 9, "Trailing comma"},
	}
	for file, tc := range tests {
		t.Run(file, func(t *testing.T) {
			t.Parallel()
			path := filepath.Join("invalid", file)
			src, err := os.ReadFile(filepath.Join(samples, path))
			if err != nil {
				t.Fatal(err)
			}
			m, diags := Parse(path, src)
			if m != nil || len(diags) != 1 {
				t.Fatalf("want no manifest and one error, got %v", diags)
			}
			r := diags[0].Subject
			got := fmt.Sprintf("%s:%d:%d %s", r.Filename, r.Start.Line, r.Start.Column, diags[0].Summary)
			want := fmt.Sprintf("%s:%d:%d %s", path, tc.line, tc.column, tc.summary)
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
			if off, _, _ := stopOffset(src); off != r.Start.Byte {
				t.Errorf("encoding/json stops at byte %d, the diagnostic at %d", off, r.Start.Byte)
			}
			assertDiagnosticsGolden(t, "diagnostics", map[string][]byte{path: src}, diags)
		})
	}
}

// assertDiagnosticsGolden renders diagnostics as the CLI does (without
// colour, 100 columns) and compares them with a golden file.
func assertDiagnosticsGolden(t *testing.T, name string, srcs map[string][]byte, diags hcl.Diagnostics) {
	t.Helper()
	files := map[string]*hcl.File{}
	for path, src := range srcs {
		files[path] = &hcl.File{Bytes: src}
	}
	var buf bytes.Buffer
	if err := hcl.NewDiagnosticTextWriter(&buf, files, 100, false).WriteDiagnostics(diags); err != nil {
		t.Fatal(err)
	}
	g := goldie.New(t, goldie.WithFixtureDir("testdata"), goldie.WithSubTestNameForDir(true))
	g.Assert(t, name, buf.Bytes())
}

package funcs

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/zclconf/go-cty/cty"
)

// fileFixture lays out a configuration directory beside a file outside it:
//
//	outside.txt          (not in the configuration directory)
//	conf/VERSION
//	conf/sub/notes.txt
//	conf/binary.bin      (not UTF-8)
//	conf/link-in  -> VERSION
//	conf/link-out -> ../outside.txt
//	conf/sub/dir-out -> ../..
//	alias -> conf        (a configuration directory reached by a link)
func fileFixture(t *testing.T) (base string) {
	t.Helper()
	base = t.TempDir()
	write := func(name, content string) {
		t.Helper()
		path := filepath.Join(base, name)
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	link := func(target, name string) {
		t.Helper()
		if err := os.Symlink(target, filepath.Join(base, name)); err != nil {
			t.Fatal(err)
		}
	}
	write("outside.txt", "top secret")
	write("conf/VERSION", "3.4.7\n")
	write("conf/sub/notes.txt", "release notes ✓")
	write("conf/binary.bin", "\xff\xfe\x00")
	link("VERSION", "conf/link-in")
	link("../outside.txt", "conf/link-out")
	link("../..", "conf/sub/dir-out")
	link("conf", "alias")
	return base
}

func TestFile(t *testing.T) {
	t.Parallel()
	base := fileFixture(t)
	tests := map[string]struct {
		dir      string // relative to base; "conf" when empty
		expr     string
		want     string
		wantDiag string
	}{
		"file":                {expr: `file("VERSION")`, want: "3.4.7\n"},
		"trimmed":             {expr: `trimspace(file("VERSION"))`, want: "3.4.7"},
		"subdirectory":        {expr: `file("sub/notes.txt")`, want: "release notes ✓"},
		"dot prefix":          {expr: `file("./VERSION")`, want: "3.4.7\n"},
		"dot dot inside":      {expr: `file("sub/../VERSION")`, want: "3.4.7\n"},
		"link inside":         {expr: `file("link-in")`, want: "3.4.7\n"},
		"directory is a link": {dir: "alias", expr: `file("sub/notes.txt")`, want: "release notes ✓"},
		"computed path":       {expr: `file(join("/", ["sub", "notes.txt"]))`, want: "release notes ✓"},
		"parent":              {expr: `file("../outside.txt")`, wantDiag: `Invalid function argument: Invalid value for "path" parameter: file "../outside.txt" is outside the configuration directory.`},
		"parent short":        {expr: `file("../x")`, wantDiag: `Invalid function argument: Invalid value for "path" parameter: file "../x" is outside the configuration directory.`},
		"climbing out of sub": {expr: `file("sub/../../outside.txt")`, wantDiag: `Invalid function argument: Invalid value for "path" parameter: file "sub/../../outside.txt" is outside the configuration directory.`},
		"absolute":            {expr: `file("/etc/passwd")`, wantDiag: `Invalid function argument: Invalid value for "path" parameter: file "/etc/passwd" is outside the configuration directory.`},
		"link out":            {expr: `file("link-out")`, wantDiag: `Invalid function argument: Invalid value for "path" parameter: file "link-out" leads through a symbolic link outside the configuration directory.`},
		"directory link out":  {expr: `file("sub/dir-out/outside.txt")`, wantDiag: `Invalid function argument: Invalid value for "path" parameter: file "sub/dir-out/outside.txt" leads through a symbolic link outside the configuration directory.`},
		"missing":             {expr: `file("CHANGELOG.md")`, wantDiag: `Invalid function argument: Invalid value for "path" parameter: file "CHANGELOG.md" does not exist in the configuration directory.`},
		"directory":           {expr: `file("sub")`, wantDiag: `Invalid function argument: Invalid value for "path" parameter: reading file "sub": is a directory.`},
		"not utf-8":           {expr: `file("binary.bin")`, wantDiag: `Invalid function argument: Invalid value for "path" parameter: file "binary.bin" is not valid UTF-8 text.`},
		"empty path":          {expr: `file("")`, wantDiag: `Invalid function argument: Invalid value for "path" parameter: file path is empty.`},
		"can detects escapes": {expr: `tostring(can(file("../outside.txt")))`, want: "false"},
		"try falls back":      {expr: `try(file("CHANGELOG.md"), "none")`, want: "none"},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			dir := tc.dir
			if dir == "" {
				dir = "conf"
			}
			got, diags := eval(t, filepath.Join(base, dir), tc.expr)
			if diff := cmp.Diff(tc.wantDiag, diags); diff != "" {
				t.Fatalf("diagnostics (-want +got):\n%s", diff)
			}
			if tc.wantDiag == "" && !got.RawEquals(cty.StringVal(tc.want)) {
				t.Errorf("%s = %#v, want %q", tc.expr, got, tc.want)
			}
		})
	}
}

func TestFileMissingDirectory(t *testing.T) {
	t.Parallel()
	_, diags := eval(t, filepath.Join(t.TempDir(), "gone"), `file("VERSION")`)
	want := `Invalid function argument: Invalid value for "path" parameter: resolving configuration directory for file "VERSION": lstat `
	if len(diags) < len(want) || diags[:len(want)] != want {
		t.Errorf("diagnostics = %q, want prefix %q", diags, want)
	}
}

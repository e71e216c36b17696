package configtest

import (
	"bytes"
	"io"

	"bufio"
	"fmt"
	"github.com/google/go-cmp/cmp"
	"github.com/sebdah/goldie/v2"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"

	"github.com/hashicorp/hcl/v2"
)

var marker = regexp.MustCompile(`#\s*(ERROR|WARNING):\s*(.+)$`)

// Expected reads the markers of every *.rel.hcl file of dir, as
// "file:line" -> sorted "SEVERITY: summary" entries.
func Expected(t testing.TB, dir string, warnings bool) map[string][]string {
	t.Helper()
	files, err := filepath.Glob(filepath.Join(dir, "*.rel.hcl"))
	if err != nil {
		t.Fatal(err)
	}
	want := map[string][]string{}
	for _, path := range files {
		f, err := os.Open(path)
		if err != nil {
			t.Fatal(err)
		}
		sc := bufio.NewScanner(f)
		for line := 1; sc.Scan(); line++ {
			m := marker.FindStringSubmatch(sc.Text())
			if m == nil || (m[1] == "WARNING" && !warnings) {
				continue
			}
			key := fmt.Sprintf("%s:%d", filepath.Base(path), line)
			want[key] = append(want[key], m[1]+": "+strings.TrimSpace(m[2]))
		}
		f.Close()
	}
	return sorted(want)
}

// Got maps diagnostics the same way; a diagnostic without a location
// fails the test, since relctl promises file, line and column.
func Got(t testing.TB, diags hcl.Diagnostics, warnings bool) map[string][]string {
	t.Helper()
	got := map[string][]string{}
	for _, d := range diags {
		if d.Severity == hcl.DiagWarning && !warnings {
			continue
		}
		if d.Subject == nil {
			t.Errorf("diagnostic without a location: %s", d.Error())
			continue
		}
		sev := "ERROR"
		if d.Severity == hcl.DiagWarning {
			sev = "WARNING"
		}
		key := fmt.Sprintf("%s:%d", d.Subject.Filename, d.Subject.Start.Line)
		got[key] = append(got[key], sev+": "+d.Summary)
	}
	return sorted(got)
}

func sorted(m map[string][]string) map[string][]string {
	for k := range m {
		sort.Strings(m[k])
	}
	return m
}

// Render renders diagnostics for a golden file.
type Render func(w io.Writer, files map[string]*hcl.File, diags hcl.Diagnostics) error

// Check compares diags with the fixture's markers and pins their
// rendering in goldenDir/<fixture name>.txt, with the fixture's path
// replaced by DIR.
func Check(t *testing.T, dir string, files map[string]*hcl.File, diags hcl.Diagnostics, warnings bool, goldenDir string, render Render) {
	t.Helper()
	if diff := cmp.Diff(Expected(t, dir, warnings), Got(t, diags, warnings)); diff != "" {
		t.Errorf("diagnostics (-want +got):\n%s", diff)
	}
	var buf bytes.Buffer
	if err := render(&buf, files, diags); err != nil {
		t.Fatal(err)
	}
	g := goldie.New(t, goldie.WithFixtureDir(goldenDir), goldie.WithNameSuffix(".txt"))
	g.Assert(t, filepath.Base(dir), bytes.ReplaceAll(buf.Bytes(), []byte(dir), []byte("DIR")))
}

package config_test

import (
	"bufio"
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/hashicorp/hcl/v2"
	"github.com/sebdah/goldie/v2"

	"github.com/relctl/relctl/cmd/relctl/views"
	"github.com/relctl/relctl/config"
	"github.com/relctl/relctl/providers/builtin"
)

var marker = regexp.MustCompile(`#\s*(ERROR|WARNING):\s*(.+)$`)

// TestDiagnostics loads each fixture of testdata/diags and compares the
// diagnostics with the messages marked inline (# ERROR: summary on the
// offending line), then pins the rendered output with a golden file.
func TestDiagnostics(t *testing.T) {
	dirs, err := filepath.Glob("testdata/diags/*")
	if err != nil || len(dirs) == 0 {
		t.Fatalf("no fixtures: %v", err)
	}
	for _, dir := range dirs {
		t.Run(filepath.Base(dir), func(t *testing.T) {
			t.Parallel()
			want := expectedDiags(t, dir)
			cfg, diags := config.Load(dir, builtin.Registry())
			got := map[string][]string{}
			for _, d := range diags {
				if d.Subject == nil {
					t.Errorf("diagnostic without a location: %s", d.Error())
					continue
				}
				key := fmt.Sprintf("%s:%d", d.Subject.Filename, d.Subject.Start.Line)
				got[key] = append(got[key], severity(d)+": "+d.Summary)
			}
			for k := range got {
				sort.Strings(got[k])
			}
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("diagnostics (-want +got):\n%s", diff)
			}
			var buf bytes.Buffer
			if err := views.WriteDiagnostics(&buf, cfg.Files, diags, 100, false); err != nil {
				t.Fatal(err)
			}
			g := goldie.New(t, goldie.WithFixtureDir("testdata/golden"), goldie.WithNameSuffix(".txt"))
			g.Assert(t, filepath.Base(dir), buf.Bytes())
		})
	}
}

func severity(d *hcl.Diagnostic) string {
	if d.Severity == hcl.DiagWarning {
		return "WARNING"
	}
	return "ERROR"
}

func expectedDiags(t *testing.T, dir string) map[string][]string {
	t.Helper()
	files, _ := filepath.Glob(filepath.Join(dir, "*.rel.hcl"))
	want := map[string][]string{}
	for _, path := range files {
		f, err := os.Open(path)
		if err != nil {
			t.Fatal(err)
		}
		sc := bufio.NewScanner(f)
		for line := 1; sc.Scan(); line++ {
			if m := marker.FindStringSubmatch(sc.Text()); m != nil {
				key := fmt.Sprintf("%s:%d", filepath.Base(path), line)
				want[key] = append(want[key], m[1]+": "+strings.TrimSpace(m[2]))
			}
		}
		f.Close()
	}
	for k := range want {
		sort.Strings(want[k])
	}
	return want
}

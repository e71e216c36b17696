package planner_test

import (
	"bufio"
	"bytes"
	"context"
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
	"github.com/relctl/relctl/planner"
)

var marker = regexp.MustCompile(`#\s*(ERROR|WARNING):\s*(.+)$`)

// TestPlanErrors plans each fixture of testdata/errors offline and
// compares the diagnostics with the messages marked inline on the
// offending lines, then pins the rendered diagnostics.
func TestPlanErrors(t *testing.T) {
	dirs, err := filepath.Glob("testdata/errors/*")
	if err != nil || len(dirs) == 0 {
		t.Fatalf("no fixtures: %v", err)
	}
	for _, dir := range dirs {
		t.Run(filepath.Base(dir), func(t *testing.T) {
			t.Parallel()
			opts := options(planner.Options{NoRefresh: true})
			cfg, diags := config.Load(dir, opts.Registry)
			if diags.HasErrors() {
				t.Fatalf("the configuration does not load: %s", diags.Error())
			}
			p, diags := planner.Build(context.Background(), cfg, opts)
			if p != nil {
				t.Errorf("a plan was made despite errors")
			}
			got := map[string][]string{}
			for _, d := range diags {
				if d.Subject == nil {
					t.Errorf("diagnostic without a location: %s", d.Error())
					continue
				}
				if d.Severity == hcl.DiagWarning {
					continue
				}
				key := fmt.Sprintf("%s:%d", d.Subject.Filename, d.Subject.Start.Line)
				got[key] = append(got[key], "ERROR: "+d.Summary)
			}
			if diff := cmp.Diff(expected(t, dir), got); diff != "" {
				t.Errorf("diagnostics (-want +got):\n%s", diff)
			}
			var buf bytes.Buffer
			if err := views.WriteDiagnostics(&buf, cfg.Files, diags, 100, false); err != nil {
				t.Fatal(err)
			}
			g := goldie.New(t, goldie.WithFixtureDir("testdata/golden/errors"), goldie.WithNameSuffix(".txt"))
			g.Assert(t, filepath.Base(dir), bytes.ReplaceAll(buf.Bytes(), []byte(dir), []byte("DIR")))
		})
	}
}

func expected(t *testing.T, dir string) map[string][]string {
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
			if m := marker.FindStringSubmatch(sc.Text()); m != nil && m[1] == "ERROR" {
				key := fmt.Sprintf("%s:%d", filepath.Base(path), line)
				want[key] = append(want[key], "ERROR: "+strings.TrimSpace(m[2]))
			}
		}
		f.Close()
	}
	for k := range want {
		sort.Strings(want[k])
	}
	return want
}

package config_test

import (
	"bytes"
	"path/filepath"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/sebdah/goldie/v2"

	"github.com/relctl/relctl/cmd/relctl/views"
	"github.com/relctl/relctl/config"
	"github.com/relctl/relctl/config/configtest"
	"github.com/relctl/relctl/providers/builtin"
)

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
			cfg, diags := config.Load(dir, builtin.Registry())
			want, got := configtest.Expected(t, dir, true), configtest.Got(t, diags, true)
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

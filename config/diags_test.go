package config_test

import (
	"io"

	"github.com/hashicorp/hcl/v2"
	"path/filepath"
	"testing"

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
			configtest.Check(t, dir, cfg.Files, diags, true, "testdata/golden", renderDiags)
		})
	}
}

func renderDiags(w io.Writer, files map[string]*hcl.File, diags hcl.Diagnostics) error {
	return views.WriteDiagnostics(w, files, diags, 100, false)
}

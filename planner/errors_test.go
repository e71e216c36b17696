package planner_test

import (
	"context"
	"io"
	"path/filepath"
	"testing"

	"github.com/hashicorp/hcl/v2"

	"github.com/relctl/relctl/cmd/relctl/views"
	"github.com/relctl/relctl/config"
	"github.com/relctl/relctl/config/configtest"
	"github.com/relctl/relctl/planner"
)

// TestPlanErrors plans each fixture of testdata/errors offline and
// compares the errors with the messages marked inline on the offending
// lines, then pins the rendered diagnostics.
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
			configtest.Check(t, dir, cfg.Files, diags, false, "testdata/golden/errors", func(w io.Writer, files map[string]*hcl.File, d hcl.Diagnostics) error {
				return views.WriteDiagnostics(w, files, d, 100, false)
			})
		})
	}
}

package planner_test

import (
	"bytes"
	"context"
	"path/filepath"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/sebdah/goldie/v2"

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
			want, got := configtest.Expected(t, dir, false), configtest.Got(t, diags, false)
			if diff := cmp.Diff(want, got); diff != "" {
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

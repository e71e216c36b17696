package config_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"github.com/hashicorp/hcl/v2"

	"github.com/relctl/relctl/config"
	"github.com/relctl/relctl/providers/builtin"
)

// TestBackend decodes the backend block and checks which settings may be
// written in a plan.
func TestBackend(t *testing.T) {
	tests := map[string]struct {
		src        string
		want       *config.Backend
		wantPublic map[string]string
		statePath  string
	}{
		"none": {
			src:       `relctl {}`,
			statePath: "relctl.state",
		},
		"state_path alone": {
			src:       `relctl { state_path = "s/relctl.state" }`,
			statePath: "s/relctl.state",
		},
		"local with a path": {
			src:        "relctl {\n  backend \"local\" { path = \"state/relctl.state\" }\n}",
			want:       &config.Backend{Type: "local", Settings: map[string]string{"path": "state/relctl.state"}},
			wantPublic: map[string]string{"path": "state/relctl.state"},
			statePath:  "state/relctl.state",
		},
		"pg keeps its connection string out of the plan": {
			src: "relctl {\n  backend \"pg\" {\n    conn_str  = \"postgres://relctl:hunter2@db/relctl\"\n    workspace = \"apim\"\n  }\n}",
			want: &config.Backend{Type: "pg", Settings: map[string]string{
				"conn_str": "postgres://relctl:hunter2@db/relctl", "workspace": "apim",
			}},
			wantPublic: map[string]string{"workspace": "apim"},
			statePath:  "relctl.state",
		},
		"github": {
			src:        "relctl {\n  backend \"github\" {\n    repo   = \"gravitee-io/release\"\n    branch = \"relctl-state\"\n  }\n}",
			want:       &config.Backend{Type: "github", Settings: map[string]string{"repo": "gravitee-io/release", "branch": "relctl-state"}},
			wantPublic: map[string]string{"repo": "gravitee-io/release", "branch": "relctl-state"},
			statePath:  "relctl.state",
		},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			dir := t.TempDir()
			if err := os.WriteFile(filepath.Join(dir, "main.rel.hcl"), []byte(tc.src), 0o644); err != nil {
				t.Fatal(err)
			}
			cfg, diags := config.Load(dir, builtin.Registry())
			if diags.HasErrors() {
				t.Fatal(diags)
			}
			got := cfg.Relctl.Backend
			if diff := cmp.Diff(tc.want, got, cmpopts.IgnoreTypes(hcl.Range{}), cmpopts.IgnoreFields(config.Backend{}, "SecretRanges")); diff != "" {
				t.Errorf("backend (-want +got):\n%s", diff)
			}
			if got != nil {
				if diff := cmp.Diff(tc.wantPublic, got.Public()); diff != "" {
					t.Errorf("public settings (-want +got):\n%s", diff)
				}
			}
			if pub := string(cfg.PublicSource("main.rel.hcl")); strings.Contains(pub, "hunter2") || len(pub) == 0 {
				t.Errorf("the public source holds the secret:\n%s", pub)
			} else if strings.Contains(tc.src, "hunter2") && !strings.Contains(pub, `conn_str  = "(sensitive)"`) {
				t.Errorf("the public source does not mark the secret's place:\n%s", pub)
			}
			if cfg.Relctl.StatePath != tc.statePath {
				t.Errorf("state path %q, want %q", cfg.Relctl.StatePath, tc.statePath)
			}
		})
	}
}

package config

import (
	"testing"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
)

// An outline names the block around an offset as hclsyntax's own
// navigation does, which is what it stands in for in diagnostics.
func TestOutlineContextStringMatchesHCLSyntax(t *testing.T) {
	src := []byte(`# A comment before any block.
relctl {
  state_path = "relctl.state"
}

x = 1

component "api" {
  repo = "acme/api"
  nested "a" {
    y = 2
  }
}
stage "run" "quoted \"label\"" {
  action "exec" "node" {
    argv = ["true"]
  }
}

# After the last block.
`)
	f, diags := hclsyntax.ParseConfig(src, "main.rel.hcl", hcl.InitialPos)
	if diags.HasErrors() {
		t.Fatal(diags)
	}
	want, ok := f.Nav.(interface{ ContextString(int) string })
	if !ok {
		t.Fatalf("hclsyntax navigation %T has no ContextString", f.Nav)
	}
	got := newOutline(f.Body.(*hclsyntax.Body))
	seen := map[string]bool{}
	for off := 0; off <= len(src); off++ {
		w := want.ContextString(off)
		if g := got.ContextString(off); g != w {
			t.Errorf("offset %d (%q): outline says %q, hclsyntax %q", off, src[off:min(off+10, len(src))], g, w)
		}
		seen[w] = true
	}
	// The comparison means something only if it met every kind of position.
	for _, w := range []string{"", "relctl", `component "api"`, `stage "run" "quoted \"label\""`} {
		if !seen[w] {
			t.Errorf("no offset has context %q; seen %v", w, seen)
		}
	}
}

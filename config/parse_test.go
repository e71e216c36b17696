package config

import (
	"fmt"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
)

// largeFile is a configuration of n components, with what is given
// inserted after the first half.
func largeFile(n int, middle string) []byte {
	var b strings.Builder
	b.WriteString("# Components.\nlocals {\n  x = 1\n}\n\n")
	for i := 0; i < n; i++ {
		if i == n/2 {
			b.WriteString(middle)
		}
		fmt.Fprintf(&b, "component \"c%05d\" {\n  repo     = \"acme/c%05d\"\n  strategy = strategy.s\n  depends_on = [\n    component.c%05d,\n  ]\n}\n\n", i, i, max(i-1, 0))
	}
	b.WriteString("strategy \"s\" {\n  scheme = \"semver\"\n}\n")
	return []byte(b.String())
}

// shape lists a body's items with their ranges, to compare two parses.
func shape(b *hclsyntax.Body) []string {
	out := []string{fmt.Sprint("body ", b.SrcRange, " end ", b.EndRange)}
	for _, name := range sortedKeys(b.Attributes) {
		a := b.Attributes[name]
		out = append(out, fmt.Sprint("attr ", name, " ", a.SrcRange, " ", a.Expr.Range()))
	}
	for _, blk := range b.Blocks {
		out = append(out, fmt.Sprint("block ", blk.Type, blk.Labels, " ", blk.DefRange()))
		for _, inner := range shape(blk.Body) {
			out = append(out, "  "+inner)
		}
	}
	return out
}

// testChunk cuts the test files into a few pieces each.
const testChunk = 4096

// TestParseFileInPieces: a large file parsed in pieces gives the same
// body, ranges and diagnostics as parsed whole, including when a cut
// falls inside a heredoc, a list or a block, and when the file is wrong.
func TestParseFileInPieces(t *testing.T) {
	t.Parallel()
	cases := map[string][]byte{
		"formatted":          largeFile(300, ""),
		"heredoc":            largeFile(300, "locals {\n  text = <<EOT\n"+strings.Repeat("component \"not\" {\n}\n", 500)+"EOT\n}\n"),
		"unformatted blocks": largeFile(300, strings.Repeat("component \"u\" {\nrepo = \"x\"\n}\n", 1)),
		"error at the end":   append(largeFile(300, ""), []byte("component \"broken\" {\n  repo = \n")...),
		"attribute twice":    append(largeFile(300, "version = 1\n"), []byte("version = 2\n")...),
		"non-ASCII":          largeFile(300, "# café ☕ — before a cut\nlocals {\n  s = \"naïve\"\n}\n"),
	}
	for name, src := range cases {
		t.Run(name, func(t *testing.T) {
			if len(topLevelCuts(src, testChunk)) == 0 {
				t.Fatal("the file is not large enough to be cut")
			}
			whole, wd := hclsyntax.ParseConfig(src, "main.rel.hcl", hcl.InitialPos)
			got, gd := parseInPieces(src, "main.rel.hcl", testChunk)
			if diff := cmp.Diff(wd.Error(), gd.Error()); diff != "" {
				t.Fatalf("diagnostics differ (-whole +pieces):\n%s", diff)
			}
			if diff := cmp.Diff(shape(whole.Body.(*hclsyntax.Body)), shape(got.Body.(*hclsyntax.Body))); diff != "" {
				t.Errorf("bodies differ (-whole +pieces):\n%s", diff)
			}
			if name == "formatted" && parsePieces(src, "main.rel.hcl", topLevelCuts(src, testChunk)) == nil {
				t.Error("a formatted file was parsed whole, not in pieces")
			}
			if len(got.Bytes) != len(src) {
				t.Errorf("file bytes: %d, want %d", len(got.Bytes), len(src))
			}
		})
	}
}

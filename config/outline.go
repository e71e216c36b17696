package config

import (
	"fmt"
	"strings"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
)

// Once a configuration is decoded without errors, what it needs of its
// syntax trees is held by the decoded blocks (the expressions they
// evaluate). The rest of a tree (bodies, blocks, attributes with their
// ranges) is about as large again, so a file keeps only its bytes and an
// outline of its top-level blocks: what a diagnostic rendering asks of a
// file (its snippet and the block around it).

// outline is a file's top-level blocks: the navigation of a parsed file
// (hcl's diagnostic writer asks it for the block around an offset),
// without the syntax tree.
type outline []outlineBlock

type outlineBlock struct {
	start, end int // byte offsets of the whole block
	typ        string
	labels     []string
}

func newOutline(body *hclsyntax.Body) outline {
	out := make(outline, len(body.Blocks))
	for i, b := range body.Blocks {
		r := b.Range()
		out[i] = outlineBlock{start: r.Start.Byte, end: r.End.Byte, typ: b.Type, labels: b.Labels}
	}
	return out
}

// ContextString names the top-level block containing offset as
// hclsyntax's navigation does: its type and quoted labels.
func (o outline) ContextString(offset int) string {
	for _, b := range o {
		if offset < b.start || offset >= b.end {
			continue
		}
		if len(b.labels) == 0 {
			return b.typ
		}
		labels := make([]string, len(b.labels))
		for i, l := range b.labels {
			labels[i] = fmt.Sprintf("%q", l)
		}
		return fmt.Sprintf("%s %s", b.typ, strings.Join(labels, " "))
	}
	return ""
}

// releaseSyntax replaces each parsed file by its bytes and outline,
// after collecting the function calls the planner checks.
func releaseSyntax(cfg *Config, names []string) {
	for _, name := range names {
		f := cfg.Files[name]
		body, ok := f.Body.(*hclsyntax.Body)
		if !ok {
			continue
		}
		cfg.Calls = append(cfg.Calls, functionCalls(body)...)
		cfg.Files[name] = &hcl.File{Bytes: f.Bytes, Nav: newOutline(body)}
	}
}

// functionCalls are the function calls of a file, in the order of its
// syntax tree, except within variables' type constraints (list(string)
// is a type, not a call).
func functionCalls(body *hclsyntax.Body) []*hclsyntax.FunctionCallExpr {
	var types []hcl.Range
	for _, b := range body.Blocks {
		if a, ok := b.Body.Attributes["type"]; ok && b.Type == "variable" {
			types = append(types, a.Expr.Range())
		}
	}
	var calls []*hclsyntax.FunctionCallExpr
	_ = hclsyntax.VisitAll(body, func(n hclsyntax.Node) hcl.Diagnostics {
		if call, ok := n.(*hclsyntax.FunctionCallExpr); ok && !within(call.Range(), types) {
			calls = append(calls, call)
		}
		return nil
	})
	return calls
}

func within(r hcl.Range, ranges []hcl.Range) bool {
	for _, o := range ranges {
		if r.Filename == o.Filename && r.Start.Byte >= o.Start.Byte && r.End.Byte <= o.End.Byte {
			return true
		}
	}
	return false
}

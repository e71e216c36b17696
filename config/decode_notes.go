package config

import (
	"fmt"

	"github.com/hashicorp/hcl/v2"
	"github.com/zclconf/go-cty/cty"
)

// Notes is a milestone's notes block: how release notes group the
// milestone's issues by label. Its values are literals.
type Notes struct {
	// LabelPrefix marks the labels that classify an issue: with
	// "type: ", label "type: bug" puts an issue in the group "bug".
	LabelPrefix string
	// Groups in the order the notes list them.
	Groups []NotesGroup
	// OtherTitle heads the issues no group takes.
	OtherTitle string
	DeclRange  hcl.Range
}

// NotesGroup is one group of the release notes.
type NotesGroup struct {
	Name  string
	Title string
	// Labels are the label values (after the prefix) the group takes; by
	// default its name.
	Labels []string
}

// DefaultNotes are the notes of a milestone without a notes block.
func DefaultNotes() *Notes {
	return &Notes{
		LabelPrefix: "type: ",
		Groups: []NotesGroup{
			{Name: "bug", Title: "Bug fixes", Labels: []string{"bug"}},
			{Name: "feature", Title: "Features", Labels: []string{"feature", "enhancement"}},
		},
		OtherTitle: "Other changes",
	}
}

var notesSchema = &hcl.BodySchema{
	Attributes: []hcl.AttributeSchema{{Name: "label_prefix"}, {Name: "other_title"}},
	Blocks:     []hcl.BlockHeaderSchema{{Type: "group", LabelNames: []string{"name"}}},
}

var notesGroupSchema = &hcl.BodySchema{
	Attributes: []hcl.AttributeSchema{{Name: "title", Required: true}, {Name: "labels"}},
}

// decodeNotes reads a milestone's notes block. Without group blocks it
// keeps the default groups, so that a block may change only the prefix.
func decodeNotes(b *hcl.Block) (*Notes, hcl.Diagnostics) {
	n := DefaultNotes()
	n.DeclRange = b.DefRange
	content, diags := b.Body.Content(notesSchema)
	for _, f := range []struct {
		key string
		dst *string
	}{{"label_prefix", &n.LabelPrefix}, {"other_title", &n.OtherTitle}} {
		key, dst := f.key, f.dst
		if a, ok := content.Attributes[key]; ok {
			v, d := literalString(a)
			diags = append(diags, d...)
			if !d.HasErrors() {
				*dst = v
			}
		}
	}
	if len(content.Blocks) > 0 {
		n.Groups = nil
	}
	seen := map[string]hcl.Range{}
	for _, gb := range content.Blocks {
		name := gb.Labels[0]
		if prev, dup := seen[name]; dup {
			diags = append(diags, duplicate("notes group", name, gb, prev))
			continue
		}
		seen[name] = gb.DefRange
		g, d := decodeNotesGroup(gb)
		diags = append(diags, d...)
		n.Groups = append(n.Groups, g)
	}
	return n, diags
}

func decodeNotesGroup(b *hcl.Block) (NotesGroup, hcl.Diagnostics) {
	g := NotesGroup{Name: b.Labels[0], Labels: []string{b.Labels[0]}}
	content, diags := b.Body.Content(notesGroupSchema)
	if a, ok := content.Attributes["title"]; ok {
		v, d := literalString(a)
		diags = append(diags, d...)
		g.Title = v
	}
	if a, ok := content.Attributes["labels"]; ok {
		v, d := literal(a, cty.List(cty.String))
		diags = append(diags, d...)
		if !d.HasErrors() {
			g.Labels = nil
			for _, l := range v.AsValueSlice() {
				g.Labels = append(g.Labels, l.AsString())
			}
			if len(g.Labels) == 0 {
				diags = append(diags, &hcl.Diagnostic{
					Severity: hcl.DiagError,
					Summary:  "Empty notes group",
					Detail:   fmt.Sprintf("Group %q lists no labels, so it can take no issue; remove labels to take label %q.", g.Name, g.Name),
					Subject:  a.Expr.Range().Ptr(),
				})
			}
		}
	}
	return g, diags
}

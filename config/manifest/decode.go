package manifest

import (
	"fmt"

	"github.com/hashicorp/hcl/v2"
)

// Parse parses the bytes of a release.json. path names the file in
// diagnostics. A malformed document gives one error placed where a strict
// JSON parser stops; a document of the wrong layout gives errors on the
// offending values. Untidy but usable files give warnings (a layer naming
// an unlisted component, a component listed twice, a null version). The
// manifest is nil when the diagnostics hold an error.
func Parse(path string, src []byte) (*Manifest, hcl.Diagnostics) {
	p := newPositions(path, src)
	root, serr := scan(src)
	if serr != nil {
		r := p.charRange(serr.offset)
		detail := fmt.Sprintf("The JSON parser stopped at line %d, column %d. %s", r.Start.Line, r.Start.Column, serr.detail)
		return nil, hcl.Diagnostics{{Severity: hcl.DiagError, Summary: serr.summary, Detail: detail, Subject: &r}}
	}
	d := &decoder{pos: p, m: &Manifest{Path: path, src: src, pos: p, root: root}}
	d.decode()
	if d.diags.HasErrors() {
		return nil, d.diags
	}
	d.m.warnings = d.diags
	return d.m, d.diags
}

type decoder struct {
	pos   *positions
	m     *Manifest
	diags hcl.Diagnostics
}

func (d *decoder) posText(off int) string {
	p := d.pos.pos(off)
	return fmt.Sprintf("line %d, column %d", p.Line, p.Column)
}

func (d *decoder) errorf(n *node, summary, format string, args ...any) {
	d.add(hcl.DiagError, d.pos.nodeRange(n), summary, format, args...)
}

func (d *decoder) warnf(r hcl.Range, summary, format string, args ...any) {
	d.add(hcl.DiagWarning, r, summary, format, args...)
}

func (d *decoder) add(sev hcl.DiagnosticSeverity, r hcl.Range, summary, format string, args ...any) {
	d.diags = append(d.diags, &hcl.Diagnostic{Severity: sev, Summary: summary, Detail: fmt.Sprintf(format, args...), Subject: &r})
}

func (d *decoder) decode() {
	root := d.m.root
	if root.kind != kindObject {
		d.errorf(root, "Invalid manifest layout",
			"A release manifest is a JSON object with name, version, components and buildDependencies; this file holds %s.", root.kind)
		return
	}
	d.warnDuplicateKeys(root, "the manifest")
	if n := d.field(root, "name", false); n != nil {
		d.m.Name = n.str
	}
	top := d.field(root, "version", true)
	if top == nil {
		return
	}
	d.m.Version, d.m.topVersion = top.str, top
	d.decodeComponents(root)
	d.decodeLayers(root)
}

// field returns the string value of the member key of obj, reporting a
// value of another type, and a missing member when required.
func (d *decoder) field(obj *node, key string, required bool) *node {
	m := obj.lookup(key)
	if m == nil {
		if required {
			d.add(hcl.DiagError, d.pos.rng(obj.start, obj.start+1), "Missing "+key,
				"The manifest must have a top-level %q string.", key)
		}
		return nil
	}
	if m.value.kind != kindString {
		d.errorf(m.value, "Invalid "+key, "The top-level %q must be a string, not %s.", key, m.value.kind)
		return nil
	}
	return m.value
}

func (d *decoder) warnDuplicateKeys(obj *node, where string) {
	seen := map[string]int{}
	for _, mem := range obj.members {
		if first, ok := seen[mem.key]; ok {
			d.warnf(d.pos.rng(mem.keyStart, mem.keyEnd), "Duplicate key",
				"%q appears twice in %s (first at %s); the later one is used.",
				mem.key, where, d.posText(first))
			continue
		}
		seen[mem.key] = mem.keyStart
	}
}

package manifest

import (
	"fmt"

	"github.com/hashicorp/hcl/v2"
)

// Warnings returns the warnings Parse reported.
func (m *Manifest) Warnings() hcl.Diagnostics { return m.warnings }

// Check returns the warnings Parse reported followed by an error for every
// component of release that no layer names (relctl could not tell what it
// must wait for). A nil release means the snapshots, the components the
// manifest marks for release; an empty, non-nil one means none.
func (m *Manifest) Check(release []string) hcl.Diagnostics {
	if release == nil {
		release = m.Snapshots()
	}
	diags := append(hcl.Diagnostics(nil), m.warnings...)
	seen := map[string]bool{}
	for _, name := range release {
		if seen[name] {
			continue
		}
		seen[name] = true
		if _, ok := m.layerOf[name]; ok {
			continue
		}
		diags = append(diags, m.notInLayer(name))
	}
	return diags
}

func (m *Manifest) notInLayer(name string) *hcl.Diagnostic {
	d := &hcl.Diagnostic{Severity: hcl.DiagError, Summary: "Component to release is in no layer"}
	if c, ok := m.Component(name); ok {
		r := m.pos.nodeRange(m.entries[name].name.value)
		d.Subject = &r
		d.Detail = fmt.Sprintf("%q is to be released at %s, but no layer of \"buildDependencies\" names it, "+
			"so the order of its build is unknown. Add it to the layer after the components it depends on.", name, c.Version)
		return d
	}
	r := m.layersRng
	d.Subject = &r
	d.Detail = fmt.Sprintf("%q is to be released, but neither \"components\" nor any layer of \"buildDependencies\" names it. "+
		"List it in \"components\" and add it to the layer after the components it depends on.", name)
	return d
}

package manifest

import (
	"fmt"

	"github.com/hashicorp/hcl/v2"
)

// components.go decodes "components" and "buildDependencies".

func (d *decoder) decodeComponents(root *node) {
	mem := root.lookup("components")
	if mem == nil {
		d.add(hcl.DiagError, d.pos.rng(root.start, root.start+1), "Missing components",
			"The manifest must have a \"components\" array listing the product's repositories.")
		return
	}
	if mem.value.kind != kindArray {
		d.errorf(mem.value, "Invalid components", "\"components\" must be an array of objects, not %s.", mem.value.kind)
		return
	}
	var all []*entry
	for _, el := range mem.value.elems {
		if e := d.decodeComponent(el); e != nil {
			all = append(all, e)
		}
	}
	d.resolveDuplicates(all)
}

// decodeComponent checks one component object; nil when it is unusable.
func (d *decoder) decodeComponent(obj *node) *entry {
	if obj.kind != kindObject {
		d.errorf(obj, "Invalid component", "Each entry of \"components\" must be an object with a \"name\", not %s.", obj.kind)
		return nil
	}
	e := &entry{obj: obj, name: obj.lookup("name"), version: obj.lookup("version")}
	switch {
	case e.name == nil:
		d.errorf(obj, "Missing component name", "This component has no \"name\"; give the repository's name.")
		return nil
	case e.name.value.kind != kindString || e.name.value.str == "":
		d.errorf(e.name.value, "Invalid component name", "A component's \"name\" must be a non-empty string.")
		return nil
	}
	d.warnDuplicateKeys(obj, fmt.Sprintf("component %q", e.name.value.str))
	if v := e.version; v != nil {
		switch v.value.kind {
		case kindString:
		case kindNull:
			d.warnf(d.pos.nodeRange(v.value), "Null version",
				"Component %q has a null version, which means the top-level version (%s); leave the version out or write it.",
				e.name.value.str, d.m.Version)
		default:
			d.errorf(v.value, "Invalid component version",
				"The \"version\" of component %q must be a string, not %s.", e.name.value.str, v.value.kind)
			return nil
		}
	}
	return e
}

// resolveDuplicates keeps the later of two entries with the same name and
// fills Components and the name index.
func (d *decoder) resolveDuplicates(all []*entry) {
	last := map[string]*entry{}
	for _, e := range all {
		name := e.name.value.str
		if prev, ok := last[name]; ok {
			d.warnf(d.pos.nodeRange(e.name.value), "Duplicate component",
				"Component %q is listed twice (first at %s); the later entry is used.",
				name, d.posText(prev.obj.start))
		}
		last[name] = e
	}
	d.m.entries = make(map[string]*entry, len(last))
	for _, e := range all {
		name := e.name.value.str
		if last[name] != e {
			continue
		}
		e.index = len(d.m.Components)
		d.m.entries[name] = e
		d.m.Components = append(d.m.Components, d.component(e))
	}
}

func (d *decoder) component(e *entry) Component {
	c := Component{Name: e.name.value.str, Version: d.m.Version, Range: d.pos.nodeRange(e.obj)}
	if e.version != nil && e.version.value.kind == kindString && e.version.value.str != "" {
		c.Version, c.Explicit = e.version.value.str, true
	}
	c.Snapshot = isSnapshot(c.Version)
	return c
}

func (d *decoder) decodeLayers(root *node) {
	d.m.layerOf = map[string]int{}
	d.m.layersRng = d.pos.rng(root.start, root.start+1)
	mem := root.lookup("buildDependencies")
	if mem == nil {
		return
	}
	d.m.layersRng = d.pos.rng(mem.keyStart, mem.keyEnd)
	if mem.value.kind != kindArray {
		d.errorf(mem.value, "Invalid buildDependencies",
			"\"buildDependencies\" must be an array of layers, each an array of component names; found %s.", mem.value.kind)
		return
	}
	for i, layer := range mem.value.elems {
		if layer.kind != kindArray {
			d.errorf(layer, "Invalid layer", "Layer %d of \"buildDependencies\" must be an array of component names, not %s.", i+1, layer.kind)
			continue
		}
		names := make([]string, 0, len(layer.elems))
		for _, n := range layer.elems {
			if n.kind != kindString {
				d.errorf(n, "Invalid layer entry", "Layer %d of \"buildDependencies\" must hold component names (strings), not %s.", i+1, n.kind)
				continue
			}
			d.addToLayer(i, n)
			names = append(names, n.str)
		}
		d.m.Layers = append(d.m.Layers, names)
	}
}

func (d *decoder) addToLayer(i int, n *node) {
	if first, ok := d.m.layerOf[n.str]; ok {
		d.warnf(d.pos.nodeRange(n), "Component in several layers",
			"%q is already in layer %d; layer %d names it again. The first layer counts.", n.str, first+1, i+1)
		return
	}
	d.m.layerOf[n.str] = i
	if _, listed := d.m.entries[n.str]; !listed {
		d.warnf(d.pos.nodeRange(n), "Unknown component in layer",
			"Layer %d names %q, which \"components\" does not list; the name is ignored.", i+1, n.str)
	}
}

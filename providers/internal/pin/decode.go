package pin

import (
	"fmt"

	"github.com/zclconf/go-cty/cty"
)

// ObjectType is the type of one pin in an action's "pins" argument:
//
//	{ file = "pom.xml", format = "maven", dependencies = { common = "1.5.0" },
//	  pattern = "...", keep_range = true }
//
// Only dependencies is required by the type; the action says whether file
// is.
var ObjectType = cty.ObjectWithOptionalAttrs(map[string]cty.Type{
	"file":         cty.String,
	"format":       cty.String,
	"dependencies": cty.Map(cty.String),
	"pattern":      cty.String,
	"keep_range":   cty.Bool,
}, []string{"file", "format", "pattern", "keep_range"})

// Type is the type of the "pins" argument: a list of pins.
var Type = cty.List(ObjectType)

// Description documents the "pins" argument; what is the file the action
// writes ("a file of the repository", "the file at path").
func Description(what string) string {
	return "Dependency versions to set in " + what + ", read at plan time and shown as a diff: a list of " +
		"{ file, format, dependencies, pattern, keep_range }. dependencies maps a dependency's name to its " +
		"version; format is \"maven\" (pom.xml: a <dependency> or <parent> by artifactId or groupId:artifactId, " +
		"else a property of <properties>; a version ${prop} pins the property), \"npm\" (package.json: " +
		"dependencies, devDependencies, peerDependencies, optionalDependencies; a range prefix ^ or ~ is kept " +
		"unless keep_range = false), \"go\" (go.mod require lines) or \"regex\" (pattern, whose one capture " +
		"group is the version; {name} in it stands for the dependency's name). Default format: told by the " +
		"file name (pom.xml, package.json, go.mod). Only the version bytes change; a dependency not found, or " +
		"matched twice, is an error. A pin whose dependencies are empty does nothing."
}

// Decode reads the pins of an action argument of Type (null: none).
func Decode(v cty.Value) ([]Spec, error) {
	if v.IsNull() {
		return nil, nil
	}
	if !v.IsWhollyKnown() {
		return nil, fmt.Errorf("pins are not known until apply")
	}
	if !v.CanIterateElements() {
		return nil, fmt.Errorf("pins must be a list of objects, not %s", v.Type().FriendlyName())
	}
	var out []Spec
	for it := v.ElementIterator(); it.Next(); {
		i, e := it.Element()
		if e.IsNull() || !e.Type().IsObjectType() {
			return nil, fmt.Errorf("pins[%s] is not an object", i.AsBigFloat().String())
		}
		s := Spec{
			File:         str(e, "file"),
			Format:       str(e, "format"),
			Pattern:      str(e, "pattern"),
			Dependencies: map[string]string{},
		}
		if k := attr(e, "keep_range"); !k.IsNull() && k.Type() == cty.Bool {
			s.ExactRange = k.False()
		}
		deps := attr(e, "dependencies")
		if deps.IsNull() {
			return nil, fmt.Errorf("pins[%s] has no dependencies", i.AsBigFloat().String())
		}
		for dit := deps.ElementIterator(); dit.Next(); {
			k, dv := dit.Element()
			if dv.IsNull() || dv.Type() != cty.String {
				return nil, fmt.Errorf("pins[%s]: the version of dependency %q is not a string", i.AsBigFloat().String(), k.AsString())
			}
			s.Dependencies[k.AsString()] = dv.AsString()
		}
		out = append(out, s)
	}
	return out, nil
}

func attr(obj cty.Value, name string) cty.Value {
	if !obj.Type().HasAttribute(name) {
		return cty.NullVal(cty.DynamicPseudoType)
	}
	return obj.GetAttr(name)
}

func str(obj cty.Value, name string) string {
	v := attr(obj, name)
	if v.IsNull() || v.Type() != cty.String {
		return ""
	}
	return v.AsString()
}

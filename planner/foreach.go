package planner

import (
	"sort"

	"github.com/hashicorp/hcl/v2"
	"github.com/zclconf/go-cty/cty"

	"github.com/relctl/relctl/planner/version"
)

// keyValue is one for_each element.
type keyValue struct {
	key   string
	value cty.Value
}

// forEach evaluates a for_each expression: a map or object (each.key is
// the key) or a set or list of strings (each.key and each.value are the
// string). Elements come sorted by key.
func (e *evaluator) forEach(expr hcl.Expression) ([]keyValue, bool) {
	v, d := expr.Value(e.evalCtx(nil, expr))
	e.diags = append(e.diags, d...)
	if d.HasErrors() {
		return nil, false
	}
	v, _ = v.UnmarkDeep()
	if v.IsNull() || !v.IsWhollyKnown() {
		e.errorf(expr.Range(), "Invalid for_each argument", "The for_each value must be known when planning and not null.")
		return nil, false
	}
	ty := v.Type()
	var out []keyValue
	switch {
	case ty.IsMapType() || ty.IsObjectType():
		for it := v.ElementIterator(); it.Next(); {
			k, val := it.Element()
			out = append(out, keyValue{key: k.AsString(), value: val})
		}
	case ty.IsSetType() || ty.IsListType() || ty.IsTupleType():
		seen := map[string]bool{}
		for it := v.ElementIterator(); it.Next(); {
			_, val := it.Element()
			if val.Type() != cty.String || val.IsNull() {
				e.errorf(expr.Range(), "Invalid for_each argument", "A for_each list or set must contain strings only; use a map to give each instance a value.")
				return nil, false
			}
			if seen[val.AsString()] {
				e.errorf(expr.Range(), "Invalid for_each argument", "The for_each list contains %q twice; instance keys must be unique.", val.AsString())
				return nil, false
			}
			seen[val.AsString()] = true
			out = append(out, keyValue{key: val.AsString(), value: val})
		}
	default:
		e.errorf(expr.Range(), "Invalid for_each argument", "The for_each value must be a map, or a set or list of strings, not %s.", ty.FriendlyName())
		return nil, false
	}
	sort.Slice(out, func(i, j int) bool { return out[i].key < out[j].key })
	return out, true
}

func eachValue(kv keyValue) map[string]cty.Value {
	return map[string]cty.Value{"each": eachObject(kv.key, kv.value)}
}

// eachObject is the each object of one for_each element.
func eachObject(key string, value cty.Value) cty.Value {
	return cty.ObjectVal(map[string]cty.Value{"key": cty.StringVal(key), "value": value})
}

// template evaluates a strategy template (tag, branch) for a component at
// a version; def is used when the strategy does not set it.
func (e *evaluator) template(expr hcl.Expression, def, ver string, inst *componentInst) (string, bool) {
	if expr == nil {
		return def, def != ""
	}
	scope := map[string]cty.Value{
		"version":    cty.StringVal(ver),
		"name":       cty.StringVal(inst.Name),
		"major":      cty.NumberIntVal(0),
		"minor":      cty.NumberIntVal(0),
		"patch":      cty.NumberIntVal(0),
		"prerelease": cty.StringVal(""),
	}
	if v, err := version.Parse(inst.scheme, ver); err == nil {
		scope["major"] = cty.NumberIntVal(int64(v.Major()))
		scope["minor"] = cty.NumberIntVal(int64(v.Minor()))
		scope["patch"] = cty.NumberIntVal(int64(v.Patch()))
		scope["prerelease"] = cty.StringVal(v.Prerelease())
	}
	v, d := expr.Value(e.evalCtx(scope, expr))
	if d.HasErrors() {
		e.diags = append(e.diags, d...)
		return "", false
	}
	v, _ = v.UnmarkDeep()
	s, err := convertTo(v, cty.String)
	if err != nil || s.IsNull() || !s.IsKnown() {
		e.errorf(expr.Range(), "Invalid template", "The strategy template must produce a string.")
		return "", false
	}
	return s.AsString(), true
}

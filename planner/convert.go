package planner

import (
	"fmt"

	"github.com/zclconf/go-cty/cty"
	"github.com/zclconf/go-cty/cty/convert"
)

// convertTo converts v to want, treating a null as a null of want.
func convertTo(v cty.Value, want cty.Type) (cty.Value, error) {
	if v.IsNull() {
		return cty.NullVal(want), nil
	}
	return convert.Convert(v, want)
}

// stringsOf reads a list, set, tuple or map-keys of strings.
func stringsOf(v cty.Value) ([]string, bool) {
	if v.IsNull() || !v.IsWhollyKnown() {
		return nil, false
	}
	ty := v.Type()
	var out []string
	switch {
	case ty.IsListType() || ty.IsSetType() || ty.IsTupleType():
		for it := v.ElementIterator(); it.Next(); {
			_, e := it.Element()
			s, err := convert.Convert(e, cty.String)
			if err != nil || s.IsNull() {
				return nil, false
			}
			out = append(out, s.AsString())
		}
	case ty.IsMapType() || ty.IsObjectType():
		for it := v.ElementIterator(); it.Next(); {
			k, _ := it.Element()
			out = append(out, k.AsString())
		}
	default:
		return nil, false
	}
	return out, true
}

func stringList(items []string) cty.Value {
	if len(items) == 0 {
		return cty.ListValEmpty(cty.String)
	}
	vals := make([]cty.Value, len(items))
	for i, s := range items {
		vals[i] = cty.StringVal(s)
	}
	return cty.ListVal(vals)
}

func stringSet(items []string) cty.Value {
	if len(items) == 0 {
		return cty.SetValEmpty(cty.String)
	}
	vals := make([]cty.Value, len(items))
	for i, s := range items {
		vals[i] = cty.StringVal(s)
	}
	return cty.SetVal(vals)
}

func numberList(items []int) cty.Value {
	if len(items) == 0 {
		return cty.ListValEmpty(cty.Number)
	}
	vals := make([]cty.Value, len(items))
	for i, n := range items {
		vals[i] = cty.NumberIntVal(int64(n))
	}
	return cty.ListVal(vals)
}

// mapOrEmpty builds a map value, or an empty map of elem.
func mapOrEmpty(m map[string]cty.Value, elem cty.Type) cty.Value {
	if len(m) == 0 {
		return cty.MapValEmpty(elem)
	}
	return cty.MapVal(m)
}

// unexpectedAttr finds the first attribute of v, inside the objects of
// want, that want does not have: the path of the object ("pins[0]"), the
// attribute's name and the object type it is not in; "" for none.
// Conversion drops such attributes silently, so a misspelt optional
// attribute would go unnoticed.
func unexpectedAttr(v cty.Value, want cty.Type, path string) (string, string, cty.Type) {
	if v.IsNull() || !v.IsKnown() {
		return "", "", cty.NilType
	}
	ty := v.Type()
	switch {
	case want.IsObjectType() && ty.IsObjectType():
		for _, name := range sortedNames(ty.AttributeTypes()) {
			if !want.HasAttribute(name) {
				return path, name, want
			}
			if at, extra, obj := unexpectedAttr(v.GetAttr(name), want.AttributeType(name), path+"."+name); extra != "" {
				return at, extra, obj
			}
		}
	case (want.IsListType() || want.IsSetType()) && (ty.IsListType() || ty.IsTupleType() || ty.IsSetType()):
		i := 0
		for it := v.ElementIterator(); it.Next(); i++ {
			_, e := it.Element()
			if at, extra, obj := unexpectedAttr(e, want.ElementType(), fmt.Sprintf("%s[%d]", path, i)); extra != "" {
				return at, extra, obj
			}
		}
	case want.IsMapType() && (ty.IsMapType() || ty.IsObjectType()):
		for it := v.ElementIterator(); it.Next(); {
			k, e := it.Element()
			if at, extra, obj := unexpectedAttr(e, want.ElementType(), fmt.Sprintf("%s[%q]", path, k.AsString())); extra != "" {
				return at, extra, obj
			}
		}
	}
	return "", "", cty.NilType
}

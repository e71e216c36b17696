package providers

import (
	"fmt"
	"math/big"
	"sort"

	"github.com/zclconf/go-cty/cty"
)

// Args reads attributes of an action's argument object. Absent, null and
// unknown attributes read as the zero value; Known tells them apart.
type Args struct{ V cty.Value }

func (a Args) attr(name string) cty.Value {
	if a.V.IsNull() || !a.V.IsKnown() || !a.V.Type().IsObjectType() || !a.V.Type().HasAttribute(name) {
		return cty.NullVal(cty.DynamicPseudoType)
	}
	return a.V.GetAttr(name)
}

// Known reports whether the attribute is set and known.
func (a Args) Known(name string) bool {
	v := a.attr(name)
	return !v.IsNull() && v.IsWhollyKnown()
}

// Set reports whether the attribute is non-null (it may be unknown).
func (a Args) Set(name string) bool {
	return !a.attr(name).IsNull()
}

// String returns a string attribute, or "" when null or unknown.
func (a Args) String(name string) string {
	v := a.attr(name)
	if v.IsNull() || !v.IsKnown() || v.Type() != cty.String {
		return ""
	}
	return v.AsString()
}

// StringOr returns a string attribute, or def when null.
func (a Args) StringOr(name, def string) string {
	if s := a.String(name); s != "" {
		return s
	}
	return def
}

// Bool returns a bool attribute, or def when null or unknown.
func (a Args) Bool(name string, def bool) bool {
	v := a.attr(name)
	if v.IsNull() || !v.IsKnown() || v.Type() != cty.Bool {
		return def
	}
	return v.True()
}

// Int returns a number attribute as an int, or def when null or unknown.
func (a Args) Int(name string, def int) int {
	v := a.attr(name)
	if v.IsNull() || !v.IsKnown() || v.Type() != cty.Number {
		return def
	}
	i, _ := v.AsBigFloat().Int64()
	return int(i)
}

// Strings returns a list or set of strings, or nil.
func (a Args) Strings(name string) []string {
	v := a.attr(name)
	if v.IsNull() || !v.IsWhollyKnown() || !(v.Type().IsListType() || v.Type().IsSetType() || v.Type().IsTupleType()) {
		return nil
	}
	var out []string
	for it := v.ElementIterator(); it.Next(); {
		_, e := it.Element()
		if e.Type() == cty.String && !e.IsNull() {
			out = append(out, e.AsString())
		}
	}
	return out
}

// StringMap returns a map or object of strings, or nil.
func (a Args) StringMap(name string) map[string]string {
	v := a.attr(name)
	if v.IsNull() || !v.IsWhollyKnown() || !(v.Type().IsMapType() || v.Type().IsObjectType()) {
		return nil
	}
	out := map[string]string{}
	for it := v.ElementIterator(); it.Next(); {
		k, e := it.Element()
		if !e.IsNull() && e.Type() == cty.String {
			out[k.AsString()] = e.AsString()
		}
	}
	return out
}

// SortedKeys returns the keys of m in order.
func SortedKeys(m map[string]string) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// Display renders a possibly unknown attribute for descriptions:
// "(known after apply)" when unknown.
func (a Args) Display(name string) string {
	v := a.attr(name)
	switch {
	case !v.IsKnown():
		return "(known after apply)"
	case v.IsNull():
		return ""
	case v.Type() == cty.String:
		return v.AsString()
	case v.Type() == cty.Number:
		return v.AsBigFloat().Text('f', -1)
	case v.Type() == cty.Bool:
		return fmt.Sprint(v.True())
	}
	return fmt.Sprintf("%#v", v)
}

// IntVal builds a number output value from an int.
func IntVal(i int) cty.Value { return cty.NumberVal(new(big.Float).SetInt64(int64(i))) }

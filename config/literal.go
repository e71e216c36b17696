package config

import (
	"fmt"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/zclconf/go-cty/cty"
	"github.com/zclconf/go-cty/cty/convert"
	"github.com/zclconf/go-cty/cty/gocty"
)

// literal evaluates an attribute that must be a constant (no references),
// converting it to want.
func literal(attr *hcl.Attribute, want cty.Type) (cty.Value, hcl.Diagnostics) {
	if vars := attr.Expr.Variables(); len(vars) > 0 {
		return cty.NilVal, hcl.Diagnostics{{
			Severity: hcl.DiagError,
			Summary:  "Value must be a constant",
			Detail:   fmt.Sprintf("The %s argument must be a literal value; it cannot refer to %s.", attr.Name, traversalString(vars[0])),
			Subject:  vars[0].SourceRange().Ptr(),
		}}
	}
	v, diags := attr.Expr.Value(nil)
	if diags.HasErrors() {
		return cty.NilVal, diags
	}
	cv, err := convert.Convert(v, want)
	if err != nil || cv.IsNull() {
		msg := "must not be null"
		if err != nil {
			msg = err.Error()
		}
		return cty.NilVal, hcl.Diagnostics{{
			Severity: hcl.DiagError,
			Summary:  "Incorrect attribute value type",
			Detail:   fmt.Sprintf("Inappropriate value for attribute %q: %s.", attr.Name, msg),
			Subject:  attr.Expr.Range().Ptr(),
		}}
	}
	return cv, nil
}

func literalString(attr *hcl.Attribute) (string, hcl.Diagnostics) {
	v, diags := literal(attr, cty.String)
	if diags.HasErrors() {
		return "", diags
	}
	return v.AsString(), nil
}

func literalBool(attr *hcl.Attribute) (bool, hcl.Diagnostics) {
	v, diags := literal(attr, cty.Bool)
	if diags.HasErrors() {
		return false, diags
	}
	return v.True(), nil
}

func literalInt(attr *hcl.Attribute) (int, hcl.Diagnostics) {
	v, diags := literal(attr, cty.Number)
	if diags.HasErrors() {
		return 0, diags
	}
	var i int
	if err := gocty.FromCtyValue(v, &i); err != nil {
		return 0, hcl.Diagnostics{{
			Severity: hcl.DiagError,
			Summary:  "Invalid number",
			Detail:   fmt.Sprintf("The %s argument must be a whole number.", attr.Name),
			Subject:  attr.Expr.Range().Ptr(),
		}}
	}
	return i, nil
}

// enum reads an optional literal string attribute that must be one of
// allowed into dst; dst keeps its default when the attribute is absent.
func enum(attrs hcl.Attributes, name string, dst *string, allowed ...string) hcl.Diagnostics {
	a, ok := attrs[name]
	if !ok {
		return nil
	}
	v, diags := literalString(a)
	if diags.HasErrors() {
		return diags
	}
	if d := oneOf(a, v, allowed...); d != nil {
		return hcl.Diagnostics{d}
	}
	*dst = v
	return nil
}

// oneOf checks a literal string against its allowed values.
func oneOf(attr *hcl.Attribute, value string, allowed ...string) *hcl.Diagnostic {
	for _, a := range allowed {
		if a == value {
			return nil
		}
	}
	d := &hcl.Diagnostic{
		Severity: hcl.DiagError,
		Summary:  fmt.Sprintf("Invalid %s", attr.Name),
		Detail:   fmt.Sprintf("%q is not a valid %s; it must be one of %s.", value, attr.Name, quoteList(allowed)),
		Subject:  attr.Expr.Range().Ptr(),
	}
	if s := suggest(value, allowed); s != "" {
		d.Detail += fmt.Sprintf(" Did you mean %q?", s)
	}
	return d
}

func quoteList(items []string) string {
	s := ""
	for i, it := range items {
		switch {
		case i == 0:
		case i == len(items)-1:
			s += " or "
		default:
			s += ", "
		}
		s += fmt.Sprintf("%q", it)
	}
	return s
}

func hclValidIdentifier(s string) bool { return hclsyntax.ValidIdentifier(s) }

// traversalString renders a traversal as written: var.x, component.a["k"].
func traversalString(t hcl.Traversal) string {
	s := ""
	for _, step := range t {
		switch st := step.(type) {
		case hcl.TraverseRoot:
			s += st.Name
		case hcl.TraverseAttr:
			s += "." + st.Name
		case hcl.TraverseIndex:
			if st.Key.Type() == cty.String {
				s += fmt.Sprintf("[%q]", st.Key.AsString())
			} else if st.Key.Type() == cty.Number {
				s += "[" + st.Key.AsBigFloat().Text('f', -1) + "]"
			} else {
				s += "[…]"
			}
		default:
			s += "[*]"
		}
	}
	return s
}

// TraversalString renders a traversal as written.
func TraversalString(t hcl.Traversal) string { return traversalString(t) }

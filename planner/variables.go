package planner

import (
	"fmt"
	"os"
	"sort"
	"strings"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclparse"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/zclconf/go-cty/cty"
	"github.com/zclconf/go-cty/cty/convert"

	"github.com/relctl/relctl/config"
	"github.com/relctl/relctl/planner/funcs"
	"github.com/relctl/relctl/planner/plan"
)

// VarInputs are the variable values given on the command line and in the
// environment. Precedence, as in Terraform: environment < files < flags.
type VarInputs struct {
	// Flags are -var name=value arguments, in order.
	Flags []string
	// Files are -var-file paths, in order.
	Files []string
	// Environ is the process environment as KEY=VALUE; RELCTL_VAR_name
	// entries are read from it.
	Environ []string
}

type rawVar struct {
	expr   hcl.Expression // from a file
	raw    string         // from a flag or the environment
	source string
}

// EvalVariables returns the value of every declared variable, marked
// sensitive where declared so, with validation rules checked.
func EvalVariables(cfg *config.Config, in VarInputs, files map[string]*hcl.File) (map[string]cty.Value, hcl.Diagnostics) {
	raws, diags := collectVars(cfg, in, files)
	if diags.HasErrors() {
		return nil, diags // a value could not be read: no point reporting it missing
	}
	vals := map[string]cty.Value{}
	for _, name := range sortedNames(cfg.Variables) {
		v := cfg.Variables[name]
		val, d := variableValue(v, raws[name])
		diags = append(diags, d...)
		if d.HasErrors() {
			continue
		}
		diags = append(diags, validateVariable(cfg, v, val)...)
		if v.Sensitive {
			val = val.Mark(funcs.SensitiveMark)
		}
		vals[name] = val
	}
	for name, r := range raws {
		if _, ok := cfg.Variables[name]; !ok {
			diags = append(diags, &hcl.Diagnostic{
				Severity: hcl.DiagWarning,
				Summary:  "Value for undeclared variable",
				Detail:   fmt.Sprintf("%s sets a variable named %q, but the configuration declares no such variable.", r.source, name),
			})
		}
	}
	return vals, diags
}

func collectVars(cfg *config.Config, in VarInputs, files map[string]*hcl.File) (map[string]rawVar, hcl.Diagnostics) {
	var diags hcl.Diagnostics
	raws := map[string]rawVar{}
	for _, kv := range in.Environ {
		if !strings.HasPrefix(kv, plan.EnvVarPrefix) {
			continue
		}
		name, val, _ := strings.Cut(strings.TrimPrefix(kv, plan.EnvVarPrefix), "=")
		raws[name] = rawVar{raw: val, source: "environment variable " + plan.EnvVarPrefix + name}
	}
	parser := hclparse.NewParser()
	for _, path := range in.Files {
		src, err := os.ReadFile(path)
		if err != nil {
			diags = append(diags, &hcl.Diagnostic{Severity: hcl.DiagError, Summary: "Cannot read variables file", Detail: fmt.Sprintf("Reading %s failed: %s.", path, err)})
			continue
		}
		f, fd := parser.ParseHCL(src, path)
		diags = append(diags, fd...)
		if fd.HasErrors() {
			continue
		}
		if files != nil {
			files[path] = f
		}
		attrs, ad := f.Body.JustAttributes()
		diags = append(diags, ad...)
		for name, a := range attrs {
			raws[name] = rawVar{expr: a.Expr, source: "file " + path}
		}
	}
	for _, kv := range in.Flags {
		name, val, ok := strings.Cut(kv, "=")
		if !ok || name == "" {
			diags = append(diags, &hcl.Diagnostic{Severity: hcl.DiagError, Summary: "Invalid -var option", Detail: fmt.Sprintf("The -var option %q is not of the form NAME=VALUE.", kv)})
			continue
		}
		raws[name] = rawVar{raw: val, source: "-var " + name}
	}
	return raws, diags
}

// variableValue converts a given raw value to the variable's type, or
// falls back to the default.
func variableValue(v *config.Variable, r rawVar) (cty.Value, hcl.Diagnostics) {
	var val cty.Value
	switch {
	case r.expr != nil:
		ev, d := r.expr.Value(nil)
		if d.HasErrors() {
			return cty.NilVal, d
		}
		val = ev
	case r.source != "":
		val = cty.StringVal(r.raw)
		if !v.Type.Equals(cty.String) && !v.Type.Equals(cty.DynamicPseudoType) {
			// A number, bool, list or map is written as an HCL
			// constant: 3, true, ["a", "b"], {k = "v"}.
			expr, d := hclsyntax.ParseExpression([]byte(r.raw), r.source, hcl.InitialPos)
			var ev cty.Value
			if !d.HasErrors() {
				ev, d = expr.Value(nil)
			}
			if d.HasErrors() {
				return cty.NilVal, hcl.Diagnostics{{
					Severity: hcl.DiagError,
					Summary:  "Invalid value for variable",
					Detail:   fmt.Sprintf("The value %q given by %s is not a %s: write it as an HCL constant, like 3, true, [\"a\"] or {k = \"v\"}.", r.raw, r.source, v.Type.FriendlyName()),
					Subject:  v.DeclRange.Ptr(),
				}}
			}
			val = ev
		}
	case v.Default != cty.NilVal:
		return v.Default, nil
	default:
		return cty.NilVal, hcl.Diagnostics{{
			Severity: hcl.DiagError,
			Summary:  "No value for required variable",
			Detail:   fmt.Sprintf("The variable %q is required but no value was given. Set it with -var %s=VALUE, a -var-file, or the environment variable %s%s.", v.Name, v.Name, plan.EnvVarPrefix, v.Name),
			Subject:  v.DeclRange.Ptr(),
		}}
	}
	cv, err := convert.Convert(val, v.Type)
	if err != nil {
		return cty.NilVal, hcl.Diagnostics{{
			Severity: hcl.DiagError,
			Summary:  "Invalid value for variable",
			Detail:   fmt.Sprintf("The value given by %s for variable %q is not a %s: %s.", r.source, v.Name, v.Type.FriendlyName(), err),
			Subject:  v.DeclRange.Ptr(),
		}}
	}
	return cv, nil
}

func validateVariable(cfg *config.Config, v *config.Variable, val cty.Value) hcl.Diagnostics {
	var diags hcl.Diagnostics
	ctx := &hcl.EvalContext{
		Variables: map[string]cty.Value{"var": cty.ObjectVal(map[string]cty.Value{v.Name: val})},
		Functions: funcs.Functions(cfg.Dir, os.Getenv),
	}
	for _, rule := range v.Validations {
		ok, d := rule.Condition.Value(ctx)
		diags = append(diags, d...)
		if d.HasErrors() {
			continue
		}
		ok, err := convert.Convert(ok, cty.Bool)
		if err != nil || ok.IsNull() || !ok.IsKnown() {
			diags = append(diags, &hcl.Diagnostic{Severity: hcl.DiagError, Summary: "Invalid validation condition", Detail: "The condition must be true or false.", Subject: rule.Condition.Range().Ptr()})
			continue
		}
		if ok.True() {
			continue
		}
		msg, md := rule.ErrorMessage.Value(ctx)
		text := "The value is not valid."
		if um, _ := msg.Unmark(); !md.HasErrors() && um.Type() == cty.String && um.IsKnown() && !um.IsNull() {
			text = um.AsString()
		}
		diags = append(diags, &hcl.Diagnostic{
			Severity: hcl.DiagError,
			Summary:  "Invalid value for variable",
			Detail:   fmt.Sprintf("%s\n\nThis was checked by the validation rule at %s.", text, rule.DeclRange),
			Subject:  v.DeclRange.Ptr(),
		})
	}
	return diags
}

func sortedNames[T any](m map[string]T) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

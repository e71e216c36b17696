package config

import (
	"fmt"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/ext/typeexpr"
	"github.com/zclconf/go-cty/cty"
	"github.com/zclconf/go-cty/cty/convert"
)

func decodeRelctl(cfg *Config, b *hcl.Block) hcl.Diagnostics {
	if cfg.Relctl != nil {
		return hcl.Diagnostics{duplicate("relctl block", "relctl", b, cfg.Relctl.DeclRange)}
	}
	content, diags := b.Body.Content(relctlSchema)
	r := &Relctl{StatePath: "relctl.state", Parallelism: 10, DeclRange: b.DefRange}
	if a, ok := content.Attributes["required_version"]; ok {
		s, d := literalString(a)
		diags = append(diags, d...)
		r.RequiredVersion = s
	}
	if a, ok := content.Attributes["state_path"]; ok {
		s, d := literalString(a)
		diags = append(diags, d...)
		if s != "" {
			r.StatePath = s
		}
	}
	if a, ok := content.Attributes["parallelism"]; ok {
		n, d := literalInt(a)
		diags = append(diags, d...)
		if !d.HasErrors() && n < 1 {
			diags = append(diags, &hcl.Diagnostic{
				Severity: hcl.DiagError,
				Summary:  "Invalid parallelism",
				Detail:   fmt.Sprintf("parallelism must be at least 1, not %d.", n),
				Subject:  a.Expr.Range().Ptr(),
			})
		}
		r.Parallelism = n
	}
	for _, bb := range content.Blocks.OfType("backend") {
		diags = append(diags, decodeBackend(r, bb)...)
	}
	diags = append(diags, localBackendPath(r, content.Attributes["state_path"])...)
	rb, d := decodeRollback(content.Blocks)
	diags = append(diags, d...)
	r.Rollback = rb
	cfg.Relctl = r
	return diags
}

// localBackendPath makes the path of a local backend the state path; the
// two spellings of one setting must not both be given.
func localBackendPath(r *Relctl, statePath *hcl.Attribute) hcl.Diagnostics {
	if r.Backend == nil || r.Backend.Type != "local" {
		return nil
	}
	path, ok := r.Backend.Settings["path"]
	if !ok {
		return nil
	}
	if statePath != nil {
		return hcl.Diagnostics{{
			Severity: hcl.DiagError,
			Summary:  "Conflicting state paths",
			Detail:   fmt.Sprintf("state_path and the path of backend \"local\" (%s) both name the state file: keep one of them.", r.Backend.DeclRange),
			Subject:  statePath.Range.Ptr(),
		}}
	}
	r.StatePath = path
	return nil
}

func decodeVariable(cfg *Config, b *hcl.Block) hcl.Diagnostics {
	name := b.Labels[0]
	if d := validName("variable", b, 0); d != nil {
		return hcl.Diagnostics{d}
	}
	if prev, ok := cfg.Variables[name]; ok {
		return hcl.Diagnostics{duplicate("variable", name, b, prev.DeclRange)}
	}
	content, diags := b.Body.Content(variableSchema)
	v := &Variable{Name: name, Type: cty.DynamicPseudoType, DeclRange: b.DefRange}
	if a, ok := content.Attributes["type"]; ok {
		t, d := typeexpr.TypeConstraint(a.Expr)
		diags = append(diags, d...)
		if !d.HasErrors() {
			v.Type = t
		}
	}
	if a, ok := content.Attributes["description"]; ok {
		s, d := literalString(a)
		diags = append(diags, d...)
		v.Description = s
	}
	if a, ok := content.Attributes["sensitive"]; ok {
		s, d := literalBool(a)
		diags = append(diags, d...)
		v.Sensitive = s
	}
	if a, ok := content.Attributes["default"]; ok {
		val, d := a.Expr.Value(nil)
		diags = append(diags, d...)
		if !d.HasErrors() {
			cv, err := convert.Convert(val, v.Type)
			if err != nil {
				diags = append(diags, &hcl.Diagnostic{
					Severity: hcl.DiagError,
					Summary:  "Invalid default value for variable",
					Detail:   fmt.Sprintf("This default value is not compatible with the variable's type constraint: %s.", err),
					Subject:  a.Expr.Range().Ptr(),
				})
			} else {
				v.Default = cv
			}
		}
	}
	for _, vb := range content.Blocks {
		vc, d := vb.Body.Content(validationSchema)
		diags = append(diags, d...)
		if d.HasErrors() {
			continue
		}
		v.Validations = append(v.Validations, &Validation{
			Condition:    vc.Attributes["condition"].Expr,
			ErrorMessage: vc.Attributes["error_message"].Expr,
			DeclRange:    vb.DefRange,
		})
	}
	cfg.Variables[name] = v
	return diags
}

func decodeLocals(cfg *Config, b *hcl.Block) hcl.Diagnostics {
	attrs, diags := b.Body.JustAttributes()
	for name, a := range attrs {
		if prev, ok := cfg.Locals[name]; ok {
			diags = append(diags, &hcl.Diagnostic{
				Severity: hcl.DiagError,
				Summary:  fmt.Sprintf("Duplicate local value %q", name),
				Detail:   fmt.Sprintf("A local value named %q was already defined at %s. Local value names must be unique within a configuration.", name, prev.DeclRange),
				Subject:  a.NameRange.Ptr(),
			})
			continue
		}
		cfg.Locals[name] = &Local{Name: name, Expr: a.Expr, DeclRange: a.Range}
	}
	return diags
}

func decodeProvider(cfg *Config, b *hcl.Block, schemas Schemas) hcl.Diagnostics {
	name := b.Labels[0]
	if prev, ok := cfg.Providers[name]; ok {
		return hcl.Diagnostics{duplicate("provider", name, b, prev.DeclRange)}
	}
	schema, ok := schemas.Schema(name)
	if !ok {
		d := &hcl.Diagnostic{
			Severity: hcl.DiagError,
			Summary:  "Unknown provider",
			Detail:   fmt.Sprintf("There is no provider named %q. The providers are %s.", name, quoteList(schemas.Names())),
			Subject:  b.LabelRanges[0].Ptr(),
		}
		if s := suggest(name, schemas.Names()); s != "" {
			d.Detail += fmt.Sprintf(" Did you mean %q?", s)
		}
		return hcl.Diagnostics{d}
	}
	content, diags := b.Body.Content(attributeSchema(schema.Config))
	cfg.Providers[name] = &Provider{Name: name, Attrs: content.Attributes, DeclRange: b.DefRange}
	return diags
}

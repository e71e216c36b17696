package config

import (
	"fmt"

	"github.com/hashicorp/hcl/v2"
)

func decodeStage(cfg *Config, b *hcl.Block, schemas Schemas) hcl.Diagnostics {
	name := b.Labels[0]
	if d := validName("stage", b, 0); d != nil {
		return hcl.Diagnostics{d}
	}
	if prev := cfg.Stage(name); prev != nil {
		return hcl.Diagnostics{duplicate("stage", name, b, prev.DeclRange)}
	}
	content, diags := b.Body.Content(stageSchema)
	s := &Stage{Name: name, Order: OrderDependencies, OnFailure: OnFailureHalt, DeclRange: b.DefRange}
	attrs := content.Attributes
	if a, ok := attrs["for_each"]; ok {
		s.ForEach = a.Expr
	}
	diags = append(diags, enum(attrs, "order", &s.Order, OrderDependencies, OrderParallel)...)
	diags = append(diags, enum(attrs, "on_failure", &s.OnFailure, OnFailureHalt, OnFailureContinue)...)
	if a, ok := attrs["depends_on"]; ok {
		refs, d := decodeStageRefs(a)
		diags = append(diags, d...)
		s.DependsOn = refs
	}
	rb, d := decodeRollback(content.Blocks)
	diags = append(diags, d...)
	s.Rollback = rb
	seen := map[string]*Action{}
	for _, ab := range content.Blocks.OfType("action") {
		act, d := decodeAction(ab, schemas)
		diags = append(diags, d...)
		if act == nil {
			continue
		}
		key := act.Type + "." + act.Name
		if prev, ok := seen[key]; ok {
			diags = append(diags, duplicate("action", key, ab, prev.DeclRange))
			continue
		}
		seen[key] = act
		s.Actions = append(s.Actions, act)
	}
	if len(s.Actions) == 0 && !diags.HasErrors() {
		diags = append(diags, &hcl.Diagnostic{
			Severity: hcl.DiagWarning,
			Summary:  "Stage without actions",
			Detail:   fmt.Sprintf("Stage %q has no action blocks, so it does nothing.", name),
			Subject:  b.DefRange.Ptr(),
		})
	}
	cfg.Stages = append(cfg.Stages, s)
	return diags
}

// decodeStageRefs reads depends_on = [stage.a, stage.b].
func decodeStageRefs(a *hcl.Attribute) ([]StageRef, hcl.Diagnostics) {
	exprs, diags := hcl.ExprList(a.Expr)
	if diags.HasErrors() {
		return nil, diags
	}
	var refs []StageRef
	for _, e := range exprs {
		t, d := hcl.AbsTraversalForExpr(e)
		if d.HasErrors() || len(t) != 2 || t.RootName() != "stage" {
			diags = append(diags, &hcl.Diagnostic{
				Severity: hcl.DiagError,
				Summary:  "Invalid stage reference",
				Detail:   "A stage's depends_on lists other stages as stage.NAME.",
				Subject:  e.Range().Ptr(),
			})
			continue
		}
		attr, ok := t[1].(hcl.TraverseAttr)
		if !ok {
			diags = append(diags, &hcl.Diagnostic{
				Severity: hcl.DiagError,
				Summary:  "Invalid stage reference",
				Detail:   "A stage's depends_on lists other stages as stage.NAME.",
				Subject:  e.Range().Ptr(),
			})
			continue
		}
		refs = append(refs, StageRef{Name: attr.Name, Range: e.Range()})
	}
	return refs, diags
}

func decodeAction(b *hcl.Block, schemas Schemas) (*Action, hcl.Diagnostics) {
	typ, name := b.Labels[0], b.Labels[1]
	if d := validName("action", b, 1); d != nil {
		return nil, hcl.Diagnostics{d}
	}
	_, schema, ok := schemas.ActionType(typ)
	if !ok {
		d := &hcl.Diagnostic{
			Severity: hcl.DiagError,
			Summary:  "Unknown action type",
			Detail:   fmt.Sprintf("No provider offers an action type %q.", typ),
			Subject:  b.LabelRanges[0].Ptr(),
		}
		if s := suggest(typ, schemas.ActionTypes()); s != "" {
			d.Detail += fmt.Sprintf(" Did you mean %q?", s)
		} else {
			d.Detail += fmt.Sprintf(" The action types are %s.", quoteList(schemas.ActionTypes()))
		}
		return nil, hcl.Diagnostics{d}
	}
	bs := attributeSchema(schema.Attributes)
	bs.Attributes = append(bs.Attributes, actionMetaArguments...)
	content, diags := b.Body.Content(bs)
	act := &Action{
		Type:      typ,
		Name:      name,
		Attrs:     content.Attributes,
		DeclRange: b.DefRange,
		TypeRange: b.LabelRanges[0],
	}
	if a, ok := act.Attrs["enabled"]; ok {
		act.Enabled = a
		delete(act.Attrs, "enabled")
	}
	return act, diags
}

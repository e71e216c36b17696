package config

import (
	"fmt"
	"strings"

	"github.com/hashicorp/hcl/v2"
	"github.com/zclconf/go-cty/cty"
)

func checkStages(cfg *Config, schemas Schemas) hcl.Diagnostics {
	var diags hcl.Diagnostics
	names := make([]string, 0, len(cfg.Stages))
	edges := map[string][]string{}
	for _, s := range cfg.Stages {
		names = append(names, s.Name)
		for _, ref := range s.DependsOn {
			if cfg.Stage(ref.Name) == nil {
				d := &hcl.Diagnostic{
					Severity: hcl.DiagError,
					Summary:  "Reference to undeclared stage",
					Detail:   fmt.Sprintf("A stage named %q has not been declared.", ref.Name),
					Subject:  ref.Range.Ptr(),
				}
				if sg := suggest(ref.Name, stageNames(cfg)); sg != "" {
					d.Detail += fmt.Sprintf(" Did you mean %q?", sg)
				}
				diags = append(diags, d)
				continue
			}
			edges[s.Name] = append(edges[s.Name], ref.Name)
		}
	}
	if cycle := FindCycle(names, edges); cycle != nil {
		s := cfg.Stage(cycle[0])
		diags = append(diags, &hcl.Diagnostic{
			Severity: hcl.DiagError,
			Summary:  "Stage dependency cycle",
			Detail:   fmt.Sprintf("The stages depend on each other in a cycle: %s. Remove one of these depends_on entries.", "stage."+strings.Join(cycle, " → stage.")),
			Subject:  s.DeclRange.Ptr(),
		})
	}
	for _, s := range cfg.Stages {
		diags = append(diags, scope{cfg: cfg}.refs(s.ForEach)...)
		earlier := map[string]*Action{}
		for _, a := range s.Actions {
			sc := scope{cfg: cfg, each: s.ForEach != nil, stage: s, earlier: earlier, schemas: schemas}
			_, schema, _ := schemas.ActionType(a.Type)
			for _, name := range sortedKeys(a.Attrs) {
				attr := a.Attrs[name]
				diags = append(diags, sc.refs(attr.Expr)...)
				if d := checkConstantType(attr, schema.Attributes[name].Type); d != nil {
					diags = append(diags, d)
				}
			}
			if a.Enabled != nil {
				diags = append(diags, checkEnabled(a.Enabled, sc)...)
			}
			earlier[a.Type+"."+a.Name] = a
		}
	}
	return diags
}

// checkEnabled checks an action's enabled argument: a bool that planning
// decides, so it cannot use action outputs, which are known only after
// apply.
func checkEnabled(a *hcl.Attribute, sc scope) hcl.Diagnostics {
	var diags hcl.Diagnostics
	for _, t := range a.Expr.Variables() {
		if root := t.RootName(); root == "action" || root == "stage" {
			diags = append(diags, &hcl.Diagnostic{
				Severity: hcl.DiagError,
				Summary:  "Invalid enabled argument",
				Detail:   fmt.Sprintf("The enabled argument is decided when planning, but %s is an action output, known only after apply. Use values known at plan time, such as each.value, release, var or manifest.", traversalString(t)),
				Subject:  t.SourceRange().Ptr(),
			})
			continue
		}
		if d := sc.ref(t); d != nil {
			diags = append(diags, d)
		}
	}
	if d := checkConstantType(a, cty.Bool); d != nil {
		diags = append(diags, d)
	}
	return diags
}

func stageNames(cfg *Config) []string {
	var names []string
	for _, s := range cfg.Stages {
		names = append(names, s.Name)
	}
	return names
}

// actionRef checks action.TYPE.NAME[.OUTPUT] (rest starts at "action")
// against the actions written before in stage.
func (s scope) actionRef(whole, rest hcl.Traversal, stage *Stage, earlier map[string]*Action) *hcl.Diagnostic {
	rng := whole.SourceRange().Ptr()
	if stage == nil {
		return &hcl.Diagnostic{Severity: hcl.DiagError, Summary: "Action reference outside a stage", Detail: "Action outputs can be used only in the arguments of a later action.", Subject: rng}
	}
	typ, name, output, ok := splitActionRef(rest)
	if !ok {
		return &hcl.Diagnostic{Severity: hcl.DiagError, Summary: "Invalid action reference", Detail: "An action output is referred to as action.TYPE.NAME.OUTPUT.", Subject: rng}
	}
	a, found := earlier[typ+"."+name]
	if !found {
		var known []string
		for k := range earlier {
			known = append(known, k)
		}
		d := &hcl.Diagnostic{
			Severity: hcl.DiagError,
			Summary:  "Reference to undeclared action",
			Detail:   fmt.Sprintf("Stage %q has no action %s.%s written before this one. An action can use the outputs of the actions above it in the same stage.", stage.Name, typ, name),
			Subject:  rng,
		}
		if sg := suggest(typ+"."+name, known); sg != "" {
			d.Detail += fmt.Sprintf(" Did you mean %q?", sg)
		}
		return d
	}
	_, schema, _ := s.schemas.ActionType(a.Type)
	if output == "" {
		return nil
	}
	if _, ok := schema.Outputs[output]; !ok {
		outs := sortedKeys(schema.Outputs)
		d := &hcl.Diagnostic{
			Severity: hcl.DiagError,
			Summary:  "Unsupported action output",
			Detail:   fmt.Sprintf("Action type %s has no output %q; its outputs are %s.", a.Type, output, quoteList(outs)),
			Subject:  rng,
		}
		if sg := suggest(output, outs); sg != "" {
			d.Detail += fmt.Sprintf(" Did you mean %q?", sg)
		}
		return d
	}
	return nil
}

// splitActionRef reads action.TYPE.NAME[.OUTPUT].
func splitActionRef(t hcl.Traversal) (typ, name, output string, ok bool) {
	var parts []string
	for _, step := range t[1:] {
		a, isAttr := step.(hcl.TraverseAttr)
		if !isAttr {
			break
		}
		parts = append(parts, a.Name)
		if len(parts) == 3 {
			break
		}
	}
	if len(parts) < 2 {
		return "", "", "", false
	}
	if len(parts) == 3 {
		output = parts[2]
	}
	return parts[0], parts[1], output, true
}

// stageRef checks stage.NAME.action.TYPE.NAME.OUTPUT: the stage has no
// for_each and the current stage depends on it.
func (s scope) stageRef(t hcl.Traversal) *hcl.Diagnostic {
	rng := t.SourceRange().Ptr()
	if s.stage == nil {
		return &hcl.Diagnostic{Severity: hcl.DiagError, Summary: "Stage reference outside a stage", Detail: "Outputs of another stage's actions can be used only in the arguments of actions.", Subject: rng}
	}
	if len(t) < 4 {
		return &hcl.Diagnostic{Severity: hcl.DiagError, Summary: "Invalid stage reference", Detail: "An output of another stage is referred to as stage.NAME.action.TYPE.NAME.OUTPUT.", Subject: rng}
	}
	sn, ok1 := t[1].(hcl.TraverseAttr)
	an, ok2 := t[2].(hcl.TraverseAttr)
	if !ok1 || !ok2 || an.Name != "action" {
		return &hcl.Diagnostic{Severity: hcl.DiagError, Summary: "Invalid stage reference", Detail: "An output of another stage is referred to as stage.NAME.action.TYPE.NAME.OUTPUT.", Subject: rng}
	}
	target := s.cfg.Stage(sn.Name)
	if target == nil {
		return declared(t, "stage", "stage", stageNames(s.cfg), nil)
	}
	if target.ForEach != nil {
		return &hcl.Diagnostic{Severity: hcl.DiagError, Summary: "Reference to a stage with for_each", Detail: fmt.Sprintf("Stage %q has for_each, so its actions have many instances; only outputs of stages without for_each can be referred to.", sn.Name), Subject: rng}
	}
	if !s.dependsOn(s.stage, sn.Name, map[string]bool{}) {
		return &hcl.Diagnostic{Severity: hcl.DiagError, Summary: "Stage output used without depends_on", Detail: fmt.Sprintf("Stage %q uses an output of stage %q, so it must list stage.%s in depends_on (directly or through another stage).", s.stage.Name, sn.Name, sn.Name), Subject: rng}
	}
	earlier := map[string]*Action{}
	for _, a := range target.Actions {
		earlier[a.Type+"."+a.Name] = a
	}
	return s.actionRef(t, t[2:], target, earlier)
}

func (s scope) dependsOn(from *Stage, name string, seen map[string]bool) bool {
	for _, ref := range from.DependsOn {
		if ref.Name == name {
			return true
		}
		if seen[ref.Name] {
			continue
		}
		seen[ref.Name] = true
		if next := s.cfg.Stage(ref.Name); next != nil && s.dependsOn(next, name, seen) {
			return true
		}
	}
	return false
}

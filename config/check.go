package config

import (
	"fmt"
	"sort"
	"strings"

	"github.com/hashicorp/hcl/v2"
	"github.com/zclconf/go-cty/cty"
	"github.com/zclconf/go-cty/cty/convert"
)

// check makes the static checks that need the whole configuration:
// references, dependency cycles, action references.
func check(cfg *Config, schemas Schemas) hcl.Diagnostics {
	var diags hcl.Diagnostics
	base := scope{cfg: cfg}
	for _, v := range cfg.Variables {
		for _, val := range v.Validations {
			diags = append(diags, checkValidationRefs(v, val)...)
		}
	}
	for _, name := range sortedKeys(cfg.Locals) {
		diags = append(diags, base.refs(cfg.Locals[name].Expr)...)
	}
	for _, p := range cfg.Providers {
		for _, a := range p.Attrs {
			diags = append(diags, scope{cfg: cfg, only: []string{"var", "local"}}.refs(a.Expr)...)
		}
	}
	for _, m := range cfg.Manifests {
		early := scope{cfg: cfg, only: []string{"var", "local"}}
		diags = append(diags, early.refs(m.Path)...)
		if m.GitHub != nil {
			diags = append(diags, early.refs(m.GitHub.Repo, m.GitHub.Path, m.GitHub.Ref)...)
		}
	}
	for _, m := range cfg.Milestones {
		early := scope{cfg: cfg, only: []string{"var", "local"}}
		diags = append(diags, early.refs(m.Repo, m.Title, m.Number, m.ComponentLabelPrefix, m.LinkedPullRequests)...)
	}
	for _, s := range cfg.Strategies {
		tmpl := scope{cfg: cfg, only: []string{"var", "local"}, extra: StrategyScope}
		diags = append(diags, tmpl.refs(s.Tag, s.Branch, s.Custom)...)
	}
	diags = append(diags, checkComponents(cfg)...)
	if r := cfg.Release; r != nil {
		diags = append(diags, base.refs(r.Name, r.Version, r.Components, r.Cascade, r.Force)...)
	}
	diags = append(diags, checkStages(cfg, schemas)...)
	diags = append(diags, checkLocalCycles(cfg)...)
	return diags
}

func checkValidationRefs(v *Variable, val *Validation) hcl.Diagnostics {
	var diags hcl.Diagnostics
	for _, e := range []hcl.Expression{val.Condition, val.ErrorMessage} {
		for _, t := range e.Variables() {
			if t.RootName() == "var" && len(t) > 1 {
				if a, ok := t[1].(hcl.TraverseAttr); ok && a.Name == v.Name {
					continue
				}
			}
			diags = append(diags, &hcl.Diagnostic{
				Severity: hcl.DiagError,
				Summary:  "Invalid reference in variable validation",
				Detail:   fmt.Sprintf("A validation rule of variable %q may refer only to var.%s, not to %s.", v.Name, v.Name, traversalString(t)),
				Subject:  t.SourceRange().Ptr(),
			})
		}
	}
	return diags
}

func checkComponents(cfg *Config) hcl.Diagnostics {
	var diags hcl.Diagnostics
	for _, name := range sortedKeys(cfg.Components) {
		c := cfg.Components[name]
		sc := scope{cfg: cfg, each: c.ForEach != nil}
		diags = append(diags, scope{cfg: cfg}.refs(c.ForEach)...)
		diags = append(diags, sc.refs(c.Repo, c.URL, c.Version, c.DependsOn)...)
		diags = append(diags, checkStrategyRef(cfg, c)...)
	}
	return append(diags, componentCycles(cfg)...)
}

func checkStrategyRef(cfg *Config, c *Component) hcl.Diagnostics {
	t, d := hcl.AbsTraversalForExpr(c.Strategy)
	if d.HasErrors() || len(t) != 2 || t.RootName() != "strategy" {
		return hcl.Diagnostics{{
			Severity: hcl.DiagError,
			Summary:  "Invalid strategy reference",
			Detail:   "A component's strategy must be a reference to a strategy block, like strategy.maven_patch.",
			Subject:  c.Strategy.Range().Ptr(),
		}}
	}
	return scope{cfg: cfg}.refs(c.Strategy)
}

// StrategyName returns the strategy a component refers to.
func (c *Component) StrategyName() string {
	t, d := hcl.AbsTraversalForExpr(c.Strategy)
	if d.HasErrors() || len(t) != 2 {
		return ""
	}
	if a, ok := t[1].(hcl.TraverseAttr); ok {
		return a.Name
	}
	return ""
}

// componentCycles finds cycles among the static component.X references of
// depends_on (references computed by expressions are checked at plan time).
func componentCycles(cfg *Config) hcl.Diagnostics {
	edges := map[string][]string{}
	ranges := map[string]hcl.Range{}
	for name, c := range cfg.Components {
		if c.DependsOn == nil {
			continue
		}
		for _, t := range c.DependsOn.Variables() {
			if t.RootName() != "component" || len(t) < 2 {
				continue
			}
			if a, ok := t[1].(hcl.TraverseAttr); ok {
				edges[name] = append(edges[name], a.Name)
				if _, seen := ranges[name]; !seen {
					ranges[name] = c.DependsOn.Range()
				}
			}
		}
	}
	cycle := FindCycle(sortedKeys(cfg.Components), edges)
	if cycle == nil {
		return nil
	}
	return hcl.Diagnostics{{
		Severity: hcl.DiagError,
		Summary:  "Component dependency cycle",
		Detail:   fmt.Sprintf("The components depend on each other in a cycle: %s. Remove one of these dependencies.", strings.Join(cycle, " → ")),
		Subject:  ptr(ranges[cycle[0]]),
	}}
}

// FindCycle returns a cycle of the graph as a path whose first and last
// element are the same, or nil. Nodes are visited in the given order so
// that the result is deterministic.
func FindCycle(nodes []string, edges map[string][]string) []string {
	const (
		white = iota
		grey
		black
	)
	color := map[string]int{}
	var stack []string
	var found []string
	var visit func(n string) bool
	visit = func(n string) bool {
		color[n] = grey
		stack = append(stack, n)
		for _, m := range edges[n] {
			switch color[m] {
			case grey:
				for i, s := range stack {
					if s == m {
						found = append(append([]string{}, stack[i:]...), m)
					}
				}
				return true
			case white:
				if visit(m) {
					return true
				}
			}
		}
		stack = stack[:len(stack)-1]
		color[n] = black
		return false
	}
	for _, n := range nodes {
		if color[n] == white && visit(n) {
			return found
		}
	}
	return nil
}

func checkLocalCycles(cfg *Config) hcl.Diagnostics {
	edges := map[string][]string{}
	for name, l := range cfg.Locals {
		for _, t := range l.Expr.Variables() {
			if t.RootName() == "local" && len(t) > 1 {
				if a, ok := t[1].(hcl.TraverseAttr); ok {
					edges[name] = append(edges[name], a.Name)
				}
			}
		}
	}
	cycle := FindCycle(sortedKeys(cfg.Locals), edges)
	if cycle == nil {
		return nil
	}
	return hcl.Diagnostics{{
		Severity: hcl.DiagError,
		Summary:  "Local value cycle",
		Detail:   fmt.Sprintf("The local values refer to each other in a cycle: %s.", "local."+strings.Join(cycle, " → local.")),
		Subject:  cfg.Locals[cycle[0]].DeclRange.Ptr(),
	}}
}

// checkConstantType checks a constant attribute against its type.
func checkConstantType(a *hcl.Attribute, want cty.Type) *hcl.Diagnostic {
	if len(a.Expr.Variables()) > 0 {
		return nil
	}
	v, d := a.Expr.Value(nil)
	if d.HasErrors() {
		return nil
	}
	if _, err := convert.Convert(v, want); err != nil {
		return &hcl.Diagnostic{
			Severity: hcl.DiagError,
			Summary:  "Incorrect attribute value type",
			Detail:   fmt.Sprintf("Inappropriate value for attribute %q: %s.", a.Name, err),
			Subject:  a.Expr.Range().Ptr(),
		}
	}
	return nil
}

func sortedKeys[T any](m map[string]T) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

func ptr(r hcl.Range) *hcl.Range { return &r }

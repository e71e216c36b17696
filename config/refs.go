package config

import (
	"fmt"

	"github.com/hashicorp/hcl/v2"
)

// Attributes each kind of object exposes to expressions (SPEC §3).
var (
	manifestAttrs  = []string{"name", "path", "version", "components", "snapshots", "layers", "depends_on", "updated"}
	milestoneAttrs = []string{"repo", "number", "title", "url", "issues", "components", "unmapped"}
	releaseAttrs   = []string{"name", "version", "components", "notes"}
)

// scope says which references an expression may make.
type scope struct {
	cfg *Config
	// only, when set, limits the reference roots (besides extra).
	only  []string
	extra []string
	each  bool
	// stage and earlier are set for action arguments: earlier holds the
	// "TYPE.NAME" of the actions written before in the same stage.
	stage   *Stage
	earlier map[string]*Action
	schemas Schemas
}

func (s scope) refs(exprs ...hcl.Expression) hcl.Diagnostics {
	var diags hcl.Diagnostics
	for _, e := range exprs {
		if e == nil {
			continue
		}
		for _, t := range e.Variables() {
			if d := s.ref(t); d != nil {
				diags = append(diags, d)
			}
		}
	}
	return diags
}

func (s scope) allowed(root string) bool {
	for _, x := range s.extra {
		if x == root {
			return true
		}
	}
	if s.only == nil {
		return true
	}
	for _, x := range s.only {
		if x == root {
			return true
		}
	}
	return false
}

func (s scope) ref(t hcl.Traversal) *hcl.Diagnostic {
	root := t.RootName()
	rng := t.SourceRange().Ptr()
	if !s.allowed(root) {
		return &hcl.Diagnostic{
			Severity: hcl.DiagError,
			Summary:  "Reference not allowed here",
			Detail:   fmt.Sprintf("%s cannot be used here; this argument may refer only to %s.", traversalString(t), quoteList(append(append([]string{}, s.only...), s.extra...))),
			Subject:  rng,
		}
	}
	for _, x := range s.extra {
		if x == root {
			return nil
		}
	}
	c := s.cfg
	switch root {
	case "var":
		return declared(t, "input variable", "variable", keysOf(c.Variables), nil)
	case "local":
		return declared(t, "local value", "local value", keysOf(c.Locals), nil)
	case "manifest":
		return declared(t, "manifest", "manifest", keysOf(c.Manifests), manifestAttrs)
	case "milestone":
		return declared(t, "milestone", "milestone", keysOf(c.Milestones), milestoneAttrs)
	case "strategy":
		return declared(t, "strategy", "strategy", keysOf(c.Strategies), nil)
	case "component":
		return declared(t, "component", "component", keysOf(c.Components), nil)
	case "release":
		if c.Release == nil {
			return &hcl.Diagnostic{Severity: hcl.DiagError, Summary: "Reference to undeclared release", Detail: "This configuration has no release block, so release cannot be used.", Subject: rng}
		}
		return attrIn(t, 1, "release", releaseAttrs)
	case "each":
		if !s.each {
			return &hcl.Diagnostic{Severity: hcl.DiagError, Summary: `Reference to "each" in context without for_each`, Detail: `The "each" object can be used only in a component or stage block with for_each.`, Subject: rng}
		}
		return attrIn(t, 1, "each", []string{"key", "value"})
	case "action":
		return s.actionRef(t, t, s.stage, s.earlier)
	case "stage":
		return s.stageRef(t)
	}
	d := &hcl.Diagnostic{
		Severity: hcl.DiagError,
		Summary:  "Reference to undeclared name",
		Detail:   fmt.Sprintf("There is nothing named %q. References start with var, local, manifest, milestone, component, release, each, action or stage.", root),
		Subject:  rng,
	}
	if sg := suggest(root, []string{"var", "local", "manifest", "milestone", "component", "release", "each", "action", "stage"}); sg != "" {
		d.Detail += fmt.Sprintf(" Did you mean %q?", sg)
	}
	return d
}

// declared checks root.NAME names a declared object and, when attrs is
// given, that root.NAME.ATTR is one of attrs.
func declared(t hcl.Traversal, what, short string, names, attrs []string) *hcl.Diagnostic {
	if len(t) < 2 {
		return &hcl.Diagnostic{Severity: hcl.DiagError, Summary: "Invalid reference", Detail: fmt.Sprintf("A reference to a %s must name it, like %s.NAME.", short, t.RootName()), Subject: t.SourceRange().Ptr()}
	}
	a, ok := t[1].(hcl.TraverseAttr)
	if !ok {
		return &hcl.Diagnostic{Severity: hcl.DiagError, Summary: "Invalid reference", Detail: fmt.Sprintf("A reference to a %s must name it with a dot, like %s.NAME.", short, t.RootName()), Subject: t[1].SourceRange().Ptr()}
	}
	for _, n := range names {
		if n == a.Name {
			if attrs == nil {
				return nil
			}
			return attrIn(t, 2, t.RootName()+"."+a.Name, attrs)
		}
	}
	d := &hcl.Diagnostic{
		Severity: hcl.DiagError,
		Summary:  "Reference to undeclared " + what,
		Detail:   fmt.Sprintf("A %s named %q has not been declared.", short, a.Name),
		Subject:  t.SourceRange().Ptr(),
	}
	if s := suggest(a.Name, names); s != "" {
		d.Detail += fmt.Sprintf(" Did you mean %q?", s)
	}
	return d
}

// attrIn checks the attribute step at index i, if any, is one of attrs.
func attrIn(t hcl.Traversal, i int, of string, attrs []string) *hcl.Diagnostic {
	if len(t) <= i {
		return nil
	}
	a, ok := t[i].(hcl.TraverseAttr)
	if !ok {
		return nil
	}
	for _, x := range attrs {
		if x == a.Name {
			return nil
		}
	}
	d := &hcl.Diagnostic{
		Severity: hcl.DiagError,
		Summary:  "Unsupported attribute",
		Detail:   fmt.Sprintf("%s has no attribute %q; it has %s.", of, a.Name, quoteList(attrs)),
		Subject:  t[i].SourceRange().Ptr(),
	}
	if s := suggest(a.Name, attrs); s != "" {
		d.Detail += fmt.Sprintf(" Did you mean %q?", s)
	}
	return d
}

func keysOf[T any](m map[string]T) []string { return sortedKeys(m) }

package planner

import (
	"encoding/json"
	"fmt"
	"sort"
	"strings"

	"github.com/hashicorp/hcl/v2"
	"github.com/zclconf/go-cty/cty"
	ctyjson "github.com/zclconf/go-cty/cty/json"

	"github.com/relctl/relctl/config"
	"github.com/relctl/relctl/planner/plan"
	"github.com/relctl/relctl/providers"
)

// actionArgs evaluates an action's arguments. Known, non-sensitive values
// go into a.Args; the others are deferred to apply with the expression and
// the values it refers to. It returns the argument object for the
// provider's plan step (unknowns included) and the addresses of the
// actions whose outputs the arguments use.
func (e *evaluator) actionArgs(ca *config.Action, schema providers.ActionSchema, a *plan.Action, scope map[string]cty.Value, addrs map[string]string, done map[string]*expandedStage) (cty.Value, []string) {
	full := map[string]cty.Value{}
	stored := map[string]cty.Value{}
	var refs []string
	ok := true
	failed := map[string]bool{}
	for _, name := range providers.AttributeNames(schema.Attributes) {
		attr := schema.Attributes[name]
		full[name], stored[name] = cty.NullVal(attr.Type), cty.NullVal(attr.Type)
		ha, set := ca.Attrs[name]
		if !set {
			continue
		}
		v, d := ha.Expr.Value(e.evalCtx(scope, ha.Expr))
		e.diags = append(e.diags, d...)
		if d.HasErrors() {
			ok, failed[name] = false, true
			continue
		}
		unmarked, marks := v.UnmarkDeep()
		cv, err := convertTo(unmarked, attr.Type)
		if err != nil {
			e.errorf(ha.Expr.Range(), "Incorrect attribute value type", "Inappropriate value for attribute %q of %s: %s.", name, a.Address, err)
			ok, failed[name] = false, true
			continue
		}
		if at, extra, obj := unexpectedAttr(unmarked, attr.Type, name); extra != "" {
			e.errorf(ha.Expr.Range(), "Unsupported attribute", "In %s, %s has no attribute %q; it has %s.",
				a.Address, at, extra, strings.Join(sortedNames(obj.AttributeTypes()), ", "))
			ok, failed[name] = false, true
			continue
		}
		full[name] = cv
		sensitive := attr.Sensitive || len(marks) > 0
		if cv.IsWhollyKnown() && !sensitive {
			stored[name] = cv
			continue
		}
		if !cv.IsWhollyKnown() {
			a.Unknown = append(a.Unknown, name)
		}
		def, used, dok := e.deferred(ha, scope, addrs, done, a.Address)
		if !dok {
			ok = false
			continue
		}
		if a.Deferred == nil {
			a.Deferred = map[string]plan.Deferred{}
		}
		a.Deferred[name] = def
		refs = append(refs, used...)
	}
	for _, name := range providers.AttributeNames(schema.Attributes) {
		if schema.Attributes[name].Required && full[name].IsNull() && !failed[name] {
			e.errorf(ca.DeclRange, "Missing required argument", "The argument %q of %s is required but has no value.", name, a.Address)
			ok = false
		}
	}
	obj := cty.ObjectVal(stored)
	data, err := ctyjson.Marshal(obj, obj.Type())
	if err != nil {
		e.errorf(ca.DeclRange, "Cannot encode arguments", "%s: %s.", a.Address, err)
		ok = false
	}
	a.Args = data
	sort.Strings(a.Unknown)
	if !ok {
		return cty.NilVal, refs
	}
	return cty.ObjectVal(full), refs
}

// deferred captures an attribute expression for evaluation at apply.
func (e *evaluator) deferred(ha *hcl.Attribute, scope map[string]cty.Value, addrs map[string]string, done map[string]*expandedStage, addr string) (plan.Deferred, []string, bool) {
	src := ha.Expr.Range().SliceBytes(e.cfg.Sources[ha.Expr.Range().Filename])
	d := plan.Deferred{Expr: string(src), Refs: map[string]json.RawMessage{}, Outputs: map[string]string{}, Dir: e.cfg.Dir}
	var used []string
	ctx := e.evalCtx(scope, ha.Expr)
	for _, t := range ha.Expr.Variables() {
		switch t.RootName() {
		case "action":
			key, target := actionKey(t, addrs)
			if target == "" {
				continue
			}
			d.Outputs[key] = target
			used = append(used, target)
			continue
		case "stage":
			key, target := e.stageActionKey(t, done)
			if target == "" {
				continue
			}
			d.Outputs[key] = target
			used = append(used, target)
			continue
		}
		t = storablePrefix(t)
		v, diags := t.TraverseAbs(ctx)
		if diags.HasErrors() {
			e.diags = append(e.diags, diags...)
			return d, nil, false
		}
		if v.ContainsMarked() {
			if t.RootName() == "var" && len(t) > 1 {
				d.Env = append(d.Env, traversalName(t))
				continue
			}
			e.errorf(t.SourceRange(), "Sensitive value in an action argument", "%s is sensitive and used by %s; relctl cannot store it in the plan. Refer to the sensitive variable or env() directly in the action's argument so that it is read again at apply.", config.TraversalString(t), addr)
			return d, nil, false
		}
		raw, err := plan.MarshalTyped(v)
		if err != nil {
			e.errorf(t.SourceRange(), "Cannot save value", "%s: %s.", config.TraversalString(t), err)
			return d, nil, false
		}
		d.Refs[config.TraversalString(t)] = raw
	}
	sort.Strings(d.Env)
	return d, used, true
}

// actionKey maps action.T.N[...] to "action.T.N" and its address.
func actionKey(t hcl.Traversal, addrs map[string]string) (string, string) {
	if len(t) < 3 {
		return "", ""
	}
	typ, ok1 := t[1].(hcl.TraverseAttr)
	name, ok2 := t[2].(hcl.TraverseAttr)
	if !ok1 || !ok2 {
		return "", ""
	}
	key := "action." + typ.Name + "." + name.Name
	return key, addrs[key]
}

// stageActionKey maps stage.S.action.T.N[...] to its key and address.
func (e *evaluator) stageActionKey(t hcl.Traversal, done map[string]*expandedStage) (string, string) {
	if len(t) < 5 {
		return "", ""
	}
	var parts []string
	for _, step := range t[1:5] {
		a, ok := step.(hcl.TraverseAttr)
		if !ok {
			return "", ""
		}
		parts = append(parts, a.Name)
	}
	es := done[parts[0]]
	if es == nil || len(es.instances) != 1 {
		return "", ""
	}
	for _, a := range es.instances[0].actions {
		if a.Type == parts[2] && a.Name == parts[3] {
			return fmt.Sprintf("stage.%s.action.%s.%s", parts[0], parts[2], parts[3]), a.Address
		}
	}
	return "", ""
}

func traversalName(t hcl.Traversal) string {
	if a, ok := t[1].(hcl.TraverseAttr); ok {
		return a.Name
	}
	return ""
}

// storablePrefix cuts a traversal before its first step that is not an
// attribute or a string index, so that the values saved for it can be
// rebuilt as nested objects at apply.
func storablePrefix(t hcl.Traversal) hcl.Traversal {
	for i, step := range t[1:] {
		switch st := step.(type) {
		case hcl.TraverseAttr:
			continue
		case hcl.TraverseIndex:
			if st.Key.Type() == cty.String {
				continue
			}
		}
		return t[:i+1]
	}
	return t
}

package plan

import (
	"context"
	"fmt"
	"maps"
	"os"
	"slices"
	"sort"
	"strings"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/zclconf/go-cty/cty"
	"github.com/zclconf/go-cty/cty/convert"
	ctyjson "github.com/zclconf/go-cty/cty/json"

	"github.com/relctl/relctl/planner/funcs"
	"github.com/relctl/relctl/providers"
)

// OutputLookup returns the outputs recorded for a finished action.
type OutputLookup func(address string) (map[string]cty.Value, bool)

// PlannedArgs returns the action's arguments as planned: deferred
// attributes are unknown.
func PlannedArgs(a *Action, schema providers.ActionSchema) (cty.Value, error) {
	ty := providers.ObjectType(schema.Attributes)
	v, err := ctyjson.Unmarshal(a.Args, ty)
	if err != nil {
		return cty.NilVal, fmt.Errorf("arguments of %s in the plan: %w", a.Address, err)
	}
	if len(a.Deferred) == 0 {
		return v, nil
	}
	attrs := v.AsValueMap()
	for name := range a.Deferred {
		if at, ok := schema.Attributes[name]; ok {
			attrs[name] = cty.UnknownVal(at.Type)
		}
	}
	return cty.ObjectVal(attrs), nil
}

// ResolveArgs returns the action's arguments with the deferred attributes
// evaluated against the outputs of finished actions, and sensitive
// variables read again from RELCTL_VAR_* through getenv. The result is
// held in memory only.
func ResolveArgs(a *Action, schema providers.ActionSchema, outputs OutputLookup, getenv func(string) string) (cty.Value, error) {
	ty := providers.ObjectType(schema.Attributes)
	v, err := ctyjson.Unmarshal(a.Args, ty)
	if err != nil {
		return cty.NilVal, fmt.Errorf("arguments of %s in the plan: %w", a.Address, err)
	}
	if len(a.Deferred) == 0 {
		return v, nil
	}
	if getenv == nil {
		getenv = os.Getenv
	}
	attrs := v.AsValueMap()
	for _, name := range slices.Sorted(maps.Keys(a.Deferred)) {
		at, ok := schema.Attributes[name]
		if !ok {
			return cty.NilVal, fmt.Errorf("%s: the plan defers argument %q, which action type %s does not have", a.Address, name, a.Type)
		}
		val, err := evalDeferred(a.Deferred[name], outputs, getenv)
		if err != nil {
			return cty.NilVal, fmt.Errorf("%s: argument %q: %w", a.Address, name, err)
		}
		cv, err := convertTo(val, at.Type)
		if err != nil {
			return cty.NilVal, fmt.Errorf("%s: argument %q: %w", a.Address, name, err)
		}
		if !cv.IsWhollyKnown() {
			return cty.NilVal, fmt.Errorf("%s: argument %q is still unknown", a.Address, name)
		}
		attrs[name] = cv
	}
	return cty.ObjectVal(attrs), nil
}

func evalDeferred(d Deferred, outputs OutputLookup, getenv func(string) string) (cty.Value, error) {
	expr, diags := hclsyntax.ParseExpression([]byte(d.Expr), "plan", hcl.InitialPos)
	if diags.HasErrors() {
		return cty.NilVal, fmt.Errorf("parsing %q: %s", d.Expr, diags.Error())
	}
	root := &tree{}
	for _, key := range slices.Sorted(maps.Keys(d.Refs)) {
		val, err := UnmarshalTyped(d.Refs[key])
		if err != nil {
			return cty.NilVal, fmt.Errorf("value of %s in the plan: %w", key, err)
		}
		if err := root.put(key, val); err != nil {
			return cty.NilVal, err
		}
	}
	for _, key := range slices.Sorted(maps.Keys(d.Outputs)) {
		addr := d.Outputs[key]
		outs, ok := outputs(addr)
		if !ok {
			return cty.NilVal, fmt.Errorf("the outputs of %s are not known: it has not finished", addr)
		}
		if err := root.put(key, cty.ObjectVal(outs)); err != nil {
			return cty.NilVal, err
		}
	}
	for _, name := range d.Env {
		val, ok := lookupEnv(getenv, EnvVarPrefix+name)
		if !ok {
			return cty.NilVal, fmt.Errorf("sensitive variable %q is not saved in the plan; set %s%s when applying", name, EnvVarPrefix, name)
		}
		if err := root.put("var."+name, cty.StringVal(val)); err != nil {
			return cty.NilVal, err
		}
	}
	dir := d.Dir
	if dir == "" {
		dir = "."
	}
	ctx := &hcl.EvalContext{Variables: root.objects(), Functions: funcs.Functions(dir, getenv)}
	v, diags := expr.Value(ctx)
	if diags.HasErrors() {
		return cty.NilVal, fmt.Errorf("evaluating %s: %s", d.Expr, diags.Error())
	}
	v, _ = v.UnmarkDeep()
	return v, nil
}

func lookupEnv(getenv func(string) string, name string) (string, bool) {
	v := getenv(name)
	return v, v != ""
}

// tree rebuilds nested objects from values saved by traversal.
type tree struct {
	leaf     cty.Value
	children map[string]*tree
}

func (t *tree) put(key string, v cty.Value) error {
	trav, diags := hclsyntax.ParseTraversalAbs([]byte(key), "plan", hcl.InitialPos)
	if diags.HasErrors() {
		return fmt.Errorf("invalid reference %q in the plan", key)
	}
	node := t
	for _, step := range trav {
		var name string
		switch st := step.(type) {
		case hcl.TraverseRoot:
			name = st.Name
		case hcl.TraverseAttr:
			name = st.Name
		case hcl.TraverseIndex:
			if st.Key.Type() != cty.String {
				return fmt.Errorf("invalid reference %q in the plan", key)
			}
			name = st.Key.AsString()
		}
		if node.leaf != cty.NilVal {
			return nil // a whole value above already covers this one
		}
		if node.children == nil {
			node.children = map[string]*tree{}
		}
		next, ok := node.children[name]
		if !ok {
			next = &tree{}
			node.children[name] = next
		}
		node = next
	}
	node.leaf, node.children = v, nil
	return nil
}

func (t *tree) value() cty.Value {
	if t.leaf != cty.NilVal {
		return t.leaf
	}
	m := map[string]cty.Value{}
	for k, c := range t.children {
		m[k] = c.value()
	}
	return cty.ObjectVal(m)
}

func (t *tree) objects() map[string]cty.Value {
	m := map[string]cty.Value{}
	for k, c := range t.children {
		m[k] = c.value()
	}
	return m
}

// CheckFacts re-reads the facts the plan relied on through the providers
// that recorded them. It returns an error naming every fact that no
// longer holds ("plan is stale: ...").
func CheckFacts(ctx context.Context, p *Plan, provs map[string]providers.Provider) error {
	var stale []string
	for _, f := range p.Facts {
		prov, ok := provs[f.Provider]
		if !ok {
			return fmt.Errorf("checking the plan's facts: provider %q is not configured", f.Provider)
		}
		checker, ok := prov.(providers.FactChecker)
		if !ok {
			continue
		}
		now, err := checker.CheckFact(ctx, f)
		if err != nil {
			return fmt.Errorf("checking the plan's facts: %s: %w", describeFact(f), err)
		}
		if now != f.Value {
			stale = append(stale, fmt.Sprintf("%s: was %s, now %s", describeFact(f), orAbsent(f.Value), orAbsent(now)))
		}
	}
	if len(stale) == 0 {
		return nil
	}
	sort.Strings(stale)
	return &StaleError{Facts: stale}
}

// StaleError says which facts of a plan no longer hold.
type StaleError struct{ Facts []string }

func (e *StaleError) Error() string {
	return "plan is stale: " + strings.Join(e.Facts, "; ") + "; run relctl plan again"
}

func describeFact(f providers.Fact) string {
	if f.Description != "" {
		return f.Description + " (" + f.Key + ")"
	}
	return f.Key
}

func orAbsent(v string) string {
	if v == "" {
		return "absent"
	}
	return short(v)
}

// convertTo converts v to want, keeping a null value null (typed as want).
func convertTo(v cty.Value, want cty.Type) (cty.Value, error) {
	if v.IsNull() {
		return cty.NullVal(want), nil
	}
	return convert.Convert(v, want)
}

func short(sha string) string { return sha[:min(len(sha), 7)] }

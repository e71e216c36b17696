package planner

import (
	"encoding/json"
	"sort"

	"github.com/hashicorp/hcl/v2"
	"github.com/zclconf/go-cty/cty"

	"github.com/relctl/relctl/config"
	"github.com/relctl/relctl/planner/plan"
	"github.com/relctl/relctl/providers"
)

// disabledReason evaluates an action's enabled argument for one instance.
// It returns why the action is skipped ("" when it is enabled): the
// argument's source followed by "is false". ok is false, with a
// diagnostic, when the argument is not a bool known at plan time.
func (e *evaluator) disabledReason(ca *config.Action, scope map[string]cty.Value, addr string) (reason string, ok bool) {
	if ca.Enabled == nil {
		return "", true
	}
	expr := ca.Enabled.Expr
	v, diags := expr.Value(e.evalCtx(scope, expr))
	e.diags = append(e.diags, diags...)
	if diags.HasErrors() {
		return "", false
	}
	v, _ = v.UnmarkDeep()
	if !v.IsKnown() {
		e.errorf(expr.Range(), "Invalid enabled argument", "The enabled argument of %s is known only after apply, but whether to perform an action is decided when planning. Use values known at plan time.", addr)
		return "", false
	}
	b, err := convertTo(v, cty.Bool)
	if err != nil || b.IsNull() {
		msg := "a bool is required, not null"
		if err != nil {
			msg = err.Error()
		}
		e.errorf(expr.Range(), "Invalid enabled argument", "Inappropriate value for the enabled argument of %s: %s.", addr, msg)
		return "", false
	}
	if b.True() {
		return "", true
	}
	src := expr.Range().SliceBytes(e.cfg.Sources[expr.Range().Filename])
	return string(src) + " is false", true
}

// disable makes a the plan entry of a disabled action: kept in the plan,
// skipped by apply, its arguments not evaluated.
func disable(a *plan.Action, reason string) {
	a.Operation, a.Reversibility = providers.OpSkip, providers.Reversible
	a.Disabled = reason
	a.Description = "skipped: " + reason
	a.Args = json.RawMessage("null")
}

// disabledRefs reports the references of an enabled action's arguments to
// the outputs of a disabled action, which has none: disabled maps
// "action.TYPE.NAME" of the same instance to its reason, and done holds
// the stages planned before.
func (e *evaluator) disabledRefs(ca *config.Action, addr string, disabled map[string]string, done map[string]*expandedStage) bool {
	ok := true
	for _, name := range sortedAttrs(ca.Attrs) {
		for _, t := range ca.Attrs[name].Expr.Variables() {
			key, reason := "", ""
			switch t.RootName() {
			case "action":
				key, _ = actionKey(t, nil)
				reason = disabled[key]
			case "stage":
				var target string
				key, target = e.stageActionKey(t, done)
				reason = disabledAt(done, target)
			}
			if reason == "" {
				continue
			}
			ok = false
			e.diags = append(e.diags, &hcl.Diagnostic{
				Severity: hcl.DiagError,
				Summary:  "Reference to a disabled action",
				Detail: sentence("The argument " + name + " of " + addr + " uses " + config.TraversalString(t) +
					", but " + key + " is disabled here (skipped: " + reason + "), so it has no outputs. " +
					"Give this action an enabled argument that is false whenever that one is, or stop using its outputs."),
				Subject: t.SourceRange().Ptr(),
			})
		}
	}
	return ok
}

// disabledAt is the reason the action at addr of an earlier stage is
// disabled, or "".
func disabledAt(done map[string]*expandedStage, addr string) string {
	if addr == "" {
		return ""
	}
	for _, es := range done {
		for _, si := range es.instances {
			for _, a := range si.actions {
				if a.Address == addr {
					return a.Disabled
				}
			}
		}
	}
	return ""
}

func sortedAttrs(attrs map[string]*hcl.Attribute) []string {
	names := make([]string, 0, len(attrs))
	for n := range attrs {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}

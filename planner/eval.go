package planner

import (
	"context"
	"fmt"
	"strings"

	"github.com/hashicorp/go-hclog"
	"github.com/hashicorp/hcl/v2"
	"github.com/zclconf/go-cty/cty"
	"github.com/zclconf/go-cty/cty/function"

	"github.com/relctl/relctl/config"
	"github.com/relctl/relctl/planner/funcs"
	"github.com/relctl/relctl/providers"
)

// evaluator evaluates a configuration lazily, in the order its references
// demand: asking for the value of local.x first computes whatever local.x
// refers to. A reference back to a value still being computed is a cycle.
type evaluator struct {
	ctx    context.Context
	cfg    *config.Config
	opts   Options
	logger hclog.Logger
	vars   map[string]cty.Value
	funcs  map[string]function.Function
	provs  *providerSet

	locals     map[string]cty.Value
	manifests  map[string]*manifestData
	milestones map[string]*milestoneData
	components map[string]*componentBlock
	release    *releaseData
	// reads are the reads started ahead of the evaluation that needs them.
	reads *readAhead
	// steps are the action instances whose plan step is still to run.
	steps map[string]planStep

	// cache holds composite values by root, valid while cacheGen is the
	// generation they were built at; finishing a component, manifest or
	// milestone, or the release, starts a new generation.
	cache    map[string]cty.Value
	cacheGen map[string]int
	gen      int

	// busy is the stack of values being computed, for cycle reports.
	busy []string

	diags    hcl.Diagnostics
	facts    []providers.Fact
	warnings []string
}

func newEvaluator(ctx context.Context, cfg *config.Config, opts Options, vars map[string]cty.Value) *evaluator {
	return &evaluator{
		ctx:        ctx,
		cfg:        cfg,
		opts:       opts,
		logger:     opts.logger(),
		vars:       vars,
		funcs:      funcs.Functions(cfg.Dir, opts.getenv()),
		provs:      newProviderSet(opts.Registry),
		locals:     map[string]cty.Value{},
		manifests:  map[string]*manifestData{},
		milestones: map[string]*milestoneData{},
		components: map[string]*componentBlock{},
		reads:      newReadAhead(),
		cache:      map[string]cty.Value{},
		steps:      map[string]planStep{},
		cacheGen:   map[string]int{},
	}
}

// cached returns the value of a root built by build, reusing it until the
// next generation.
func (e *evaluator) cached(root string, build func() cty.Value) cty.Value {
	if v, ok := e.cache[root]; ok && e.cacheGen[root] == e.gen {
		return v
	}
	v := build()
	e.cache[root], e.cacheGen[root] = v, e.gen
	return v
}

// changed starts a new cache generation after a value was computed.
func (e *evaluator) changed() { e.gen++ }

// enter marks a value as being computed; it reports a cycle when the value
// is already on the stack.
func (e *evaluator) enter(name string, rng hcl.Range) bool {
	for i, b := range e.busy {
		if b == name {
			cycle := append(append([]string{}, e.busy[i:]...), name)
			e.diags = append(e.diags, &hcl.Diagnostic{
				Severity: hcl.DiagError,
				Summary:  "Cycle in references",
				Detail:   fmt.Sprintf("These values refer to each other in a cycle: %s.", strings.Join(cycle, " → ")),
				Subject:  rng.Ptr(),
			})
			return false
		}
	}
	e.busy = append(e.busy, name)
	return true
}

func (e *evaluator) leave() {
	e.busy = e.busy[:len(e.busy)-1]
	e.changed()
}

// evalCtx returns an evaluation context holding everything the given
// expressions refer to, computing those values first. extra adds scoped
// names (each, action, stage, strategy template names). Only the roots
// the expressions use are built, from values cached once computed, so the
// cost of an expression does not grow with the size of the product.
func (e *evaluator) evalCtx(extra map[string]cty.Value, exprs ...hcl.Expression) *hcl.EvalContext {
	roots := map[string]bool{}
	// comps are the components referred to by name, unless one reference
	// is to the whole component object (then nil).
	comps := map[string]bool{}
	for _, expr := range exprs {
		if expr == nil {
			continue
		}
		for _, t := range expr.Variables() {
			e.need(t)
			roots[t.RootName()] = true
			if t.RootName() == "component" && comps != nil {
				if name := attrName(t); name != "" {
					comps[name] = true
				} else {
					comps = nil
				}
			}
		}
	}
	vars := map[string]cty.Value{}
	for root := range roots {
		switch root {
		case "var":
			vars[root] = cty.ObjectVal(e.vars)
		case "local":
			vars[root] = cty.ObjectVal(e.locals)
		case "manifest":
			vars[root] = e.manifestsValue()
		case "milestone":
			vars[root] = e.milestonesValue()
		case "component":
			if comps != nil {
				vars[root] = e.someComponentsValue(comps)
			} else {
				vars[root] = e.componentsValue()
			}
		case "strategy":
			vars[root] = e.strategiesValue()
		case "release":
			if e.release != nil {
				vars[root] = e.release.value
			}
		}
	}
	for k, v := range extra {
		vars[k] = v
	}
	return &hcl.EvalContext{Variables: vars, Functions: e.funcs}
}

// attrName is NAME in ROOT.NAME..., or "".
func attrName(t hcl.Traversal) string {
	if len(t) > 1 {
		if a, ok := t[1].(hcl.TraverseAttr); ok {
			return a.Name
		}
	}
	return ""
}

// need computes the object a traversal refers to.
func (e *evaluator) need(t hcl.Traversal) {
	name := attrName(t)
	switch t.RootName() {
	case "local":
		e.local(name, t.SourceRange())
	case "manifest":
		e.manifest(name, t.SourceRange())
	case "milestone":
		e.milestone(name, t.SourceRange())
	case "component":
		e.component(name, t.SourceRange())
	case "release":
		e.computeRelease(t.SourceRange())
	}
}

func (e *evaluator) local(name string, rng hcl.Range) {
	l, ok := e.cfg.Locals[name]
	if _, done := e.locals[name]; done || !ok {
		return
	}
	if !e.enter("local."+name, rng) {
		e.locals[name] = cty.DynamicVal
		return
	}
	defer e.leave()
	v, d := l.Expr.Value(e.evalCtx(nil, l.Expr))
	e.diags = append(e.diags, d...)
	if d.HasErrors() {
		v = cty.DynamicVal
	}
	e.locals[name] = v
}

func (e *evaluator) strategiesValue() cty.Value {
	return e.cached("strategy", func() cty.Value {
		m := map[string]cty.Value{}
		for name := range e.cfg.Strategies {
			m[name] = cty.ObjectVal(map[string]cty.Value{"name": cty.StringVal(name)})
		}
		return cty.ObjectVal(m)
	})
}

// evalString evaluates an optional string expression; def when absent.
func (e *evaluator) evalString(expr hcl.Expression, def string, extra map[string]cty.Value) (string, bool) {
	if expr == nil {
		return def, true
	}
	v, ok := e.evalAs(expr, cty.String, extra)
	if !ok || v.IsNull() {
		return def, ok
	}
	return v.AsString(), true
}

// evalBool evaluates an optional bool expression; def when absent.
func (e *evaluator) evalBool(expr hcl.Expression, def bool, extra map[string]cty.Value) bool {
	if expr == nil {
		return def
	}
	v, ok := e.evalAs(expr, cty.Bool, extra)
	if !ok || v.IsNull() {
		return def
	}
	return v.True()
}

// evalAs evaluates expr and converts it to want, reporting errors at the
// expression's range. Sensitive marks are removed: callers that must keep
// secrets out of the plan use evalAttr instead.
func (e *evaluator) evalAs(expr hcl.Expression, want cty.Type, extra map[string]cty.Value) (cty.Value, bool) {
	v, d := expr.Value(e.evalCtx(extra, expr))
	e.diags = append(e.diags, d...)
	if d.HasErrors() {
		return cty.NilVal, false
	}
	v, _ = v.UnmarkDeep()
	cv, err := convertTo(v, want)
	if err != nil {
		e.errorf(expr.Range(), "Incorrect value type", "%s", err)
		return cty.NilVal, false
	}
	if !cv.IsWhollyKnown() {
		e.errorf(expr.Range(), "Value not known at plan time", "This value depends on the outputs of actions, which are known only during apply; it must be known when planning.")
		return cty.NilVal, false
	}
	return cv, true
}

func (e *evaluator) errorf(rng hcl.Range, summary, format string, args ...any) {
	e.diags = append(e.diags, &hcl.Diagnostic{
		Severity: hcl.DiagError,
		Summary:  summary,
		Detail:   sentence(fmt.Sprintf(format, args...)),
		Subject:  rng.Ptr(),
	})
}

func (e *evaluator) warnf(rng *hcl.Range, summary, format string, args ...any) {
	e.diags = append(e.diags, &hcl.Diagnostic{
		Severity: hcl.DiagWarning,
		Summary:  summary,
		Detail:   fmt.Sprintf(format, args...),
		Subject:  rng,
	})
}

// sentence tidies a detail built from an error message: one final period,
// no trailing space.
func sentence(s string) string {
	s = strings.TrimRight(s, " \n")
	for strings.HasSuffix(s, "..") {
		s = strings.TrimSuffix(s, ".")
	}
	return s
}

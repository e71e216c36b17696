package planner

import (
	"context"
	"strconv"

	"github.com/zclconf/go-cty/cty"

	"github.com/relctl/relctl/config"
	"github.com/relctl/relctl/planner/plan"
	"github.com/relctl/relctl/providers"
)

// stageInstance is one instance of a stage: one for_each key, or the
// only instance of a stage without for_each.
type stageInstance struct {
	key    string
	hasKey bool
	// value is each.value (each.key is key); the each object is built
	// when an action is planned, not kept for every instance.
	value   cty.Value
	wave    int
	actions []*plan.Action
}

// expandedStage is a stage with its instances.
type expandedStage struct {
	stage     *config.Stage
	instances []*stageInstance
	byKey     map[string]*stageInstance
}

// lastActions are the addresses that finish the instance (its last
// action), which dependents wait for.
func (si *stageInstance) last() []string {
	if len(si.actions) == 0 {
		return nil
	}
	return []string{si.actions[len(si.actions)-1].Address}
}

func (es *expandedStage) lastAll() []string {
	var out []string
	for _, si := range es.instances {
		out = append(out, si.last()...)
	}
	return out
}

// stageOrder sorts the stages so that each comes after what it depends
// on, keeping the written order otherwise.
func stageOrder(stages []*config.Stage) []*config.Stage {
	done := map[string]bool{}
	var out []*config.Stage
	for len(out) < len(stages) {
		progressed := false
		for _, s := range stages {
			if done[s.Name] {
				continue
			}
			ready := true
			for _, d := range s.DependsOn {
				ready = ready && done[d.Name]
			}
			if ready {
				done[s.Name] = true
				out = append(out, s)
				progressed = true
			}
		}
		if !progressed { // a cycle: config reports it
			return out
		}
	}
	return out
}

func (e *evaluator) expandStages() ([]plan.Stage, []plan.Action) {
	var stages []plan.Stage
	var actions []plan.Action
	expanded := map[string]*expandedStage{}
	for _, s := range stageOrder(e.cfg.Stages) {
		es := e.expandStage(s, expanded)
		if es == nil {
			continue
		}
		expanded[s.Name] = es
		st := plan.Stage{Name: s.Name, DependsOn: []string{}, Order: s.Order, OnFailure: s.OnFailure, Keys: []string{}, Waves: 0,
			Rollback: rollbackSettings(s.Rollback)}
		for _, d := range s.DependsOn {
			st.DependsOn = append(st.DependsOn, d.Name)
		}
		for _, si := range es.instances {
			if si.hasKey {
				st.Keys = append(st.Keys, si.key)
			}
			if si.wave+1 > st.Waves {
				st.Waves = si.wave + 1
			}
			for _, a := range si.actions {
				actions = append(actions, *a)
			}
		}
		stages = append(stages, st)
	}
	return stages, actions
}

func (e *evaluator) expandStage(s *config.Stage, done map[string]*expandedStage) *expandedStage {
	es := &expandedStage{stage: s}
	if s.ForEach == nil {
		es.instances = []*stageInstance{{}}
	} else {
		kvs, ok := e.forEach(s.ForEach)
		if !ok {
			return nil
		}
		for _, kv := range kvs {
			es.instances = append(es.instances, &stageInstance{key: kv.key, hasKey: true, value: kv.value})
		}
	}
	es.byKey = map[string]*stageInstance{}
	for _, si := range es.instances {
		es.byKey[si.key] = si
	}
	e.assignWaves(es)
	var barrier []string
	for _, d := range s.DependsOn {
		if dep := done[d.Name]; dep != nil {
			barrier = append(barrier, dep.lastAll()...)
		}
	}
	// Instances are planned wave by wave so that an instance's
	// dependencies already have their actions.
	byWave := map[int][]*stageInstance{}
	for _, si := range es.instances {
		byWave[si.wave] = append(byWave[si.wave], si)
	}
	for wave := 0; wave < len(es.instances); wave++ {
		for _, si := range byWave[wave] {
			first := append([]string{}, barrier...)
			for _, dk := range e.instanceDeps(es, si) {
				first = append(first, es.byKey[dk].last()...)
			}
			e.planInstance(s, si, first, done)
		}
	}
	return es
}

// instanceDeps are the keys of the same stage's instances that si waits
// for: with order = "dependencies", the released components it depends on.
func (e *evaluator) instanceDeps(es *expandedStage, si *stageInstance) []string {
	if es.stage.Order != config.OrderDependencies || !si.hasKey || e.release == nil {
		return nil
	}
	c, ok := e.release.byName[si.key]
	if !ok {
		return nil
	}
	var out []string
	for _, d := range c.DependsOn {
		if _, ok := es.byKey[d]; ok {
			out = append(out, d)
		}
	}
	return out
}

func (e *evaluator) assignWaves(es *expandedStage) {
	waves := map[string]int{}
	var wave func(si *stageInstance, depth int) int
	wave = func(si *stageInstance, depth int) int {
		if w, ok := waves[si.key]; ok {
			return w
		}
		w := 0
		if depth <= len(es.instances) {
			for _, dk := range e.instanceDeps(es, si) {
				if dw := wave(es.byKey[dk], depth+1) + 1; dw > w {
					w = dw
				}
			}
		}
		waves[si.key] = w
		return w
	}
	for _, si := range es.instances {
		si.wave = wave(si, 0)
	}
}

// address renders stage.NAME["key"].TYPE.NAME.
func address(stage string, si *stageInstance, typ, name string) string {
	a := "stage." + stage
	if si.hasKey {
		a += "[" + strconv.Quote(si.key) + "]"
	}
	return a + "." + typ + "." + name
}

func (e *evaluator) planInstance(s *config.Stage, si *stageInstance, first []string, done map[string]*expandedStage) {
	earlier := map[string]map[string]cty.Value{} // type -> name -> outputs
	addrs := map[string]string{}                 // "action.T.N" -> address
	disabled := map[string]string{}              // "action.T.N" -> why it is skipped
	prev := first
	for _, ca := range s.Actions {
		provName, schema, _ := e.opts.Registry.ActionType(ca.Type)
		a := &plan.Action{
			Address:   address(s.Name, si, ca.Type, ca.Name),
			Stage:     s.Name,
			Key:       si.key,
			Type:      ca.Type,
			Name:      ca.Name,
			Provider:  provName,
			DependsOn: dedupe(prev),
			Wave:      si.wave,
			OnFailure: s.OnFailure,
			Unknown:   []string{},
		}
		scope := e.actionScope(si, earlier, done)
		if reason, ok := e.disabledReason(ca, scope, a.Address); reason != "" || !ok {
			disable(a, reason)
			disabled["action."+ca.Type+"."+ca.Name] = reason
		} else if e.disabledRefs(ca, a.Address, disabled, done) {
			args, refs := e.actionArgs(ca, schema, a, scope, addrs, done)
			a.DependsOn = dedupe(append(a.DependsOn, refs...))
			a.Operation, a.Reversibility = providers.OpRun, providers.Irreversible
			a.Description = ca.Type + "." + ca.Name
			e.steps[a.Address] = planStep{action: ca, args: args}
		}
		si.actions = append(si.actions, a)
		if earlier[ca.Type] == nil {
			earlier[ca.Type] = map[string]cty.Value{}
		}
		earlier[ca.Type][ca.Name] = cty.UnknownVal(schema.OutputType())
		addrs["action."+ca.Type+"."+ca.Name] = a.Address
		prev = []string{a.Address}
	}
}

// actionScope is what an action's arguments see besides the globals:
// each, the outputs of earlier actions (unknown) and other stages'.
func (e *evaluator) actionScope(si *stageInstance, earlier map[string]map[string]cty.Value, done map[string]*expandedStage) map[string]cty.Value {
	scope := map[string]cty.Value{}
	if si.hasKey {
		scope["each"] = eachObject(si.key, si.value)
	}
	actions := map[string]cty.Value{}
	for typ, byName := range earlier {
		actions[typ] = cty.ObjectVal(byName)
	}
	scope["action"] = cty.ObjectVal(actions)
	stages := map[string]cty.Value{}
	for name, es := range done {
		if es.stage.ForEach != nil || len(es.instances) != 1 {
			continue
		}
		byType := map[string]map[string]cty.Value{}
		for _, a := range es.instances[0].actions {
			_, schema, _ := e.opts.Registry.ActionType(a.Type)
			if byType[a.Type] == nil {
				byType[a.Type] = map[string]cty.Value{}
			}
			byType[a.Type][a.Name] = cty.UnknownVal(schema.OutputType())
		}
		acts := map[string]cty.Value{}
		for t, m := range byType {
			acts[t] = cty.ObjectVal(m)
		}
		stages[name] = cty.ObjectVal(map[string]cty.Value{"action": cty.ObjectVal(acts)})
	}
	scope["stage"] = cty.ObjectVal(stages)
	return scope
}

// planStep is an action instance waiting for its provider's plan step.
type planStep struct {
	action *config.Action
	args   cty.Value
}

// planActions asks the providers to plan the actions that remain once the
// graph is built and targets are applied, so that -target never calls a
// provider about an action it leaves out. The providers are asked
// readConcurrency at a time (their plan steps read the world), and their
// answers are taken in plan order.
func (e *evaluator) planActions(actions []plan.Action) {
	var calls []*planCall
	for i := range actions {
		if step, ok := e.steps[actions[i].Address]; ok {
			if c := e.preparePlan(step.action, &actions[i], step.args); c != nil {
				calls = append(calls, c)
			}
		}
	}
	if e.opts.NoRefresh {
		for _, c := range calls { // offline: nothing to wait for
			c.run(e.ctx)
		}
	} else {
		concurrently(len(calls), func(i int) { calls[i].run(e.ctx) })
	}
	for _, c := range calls {
		if c.err != nil {
			e.errorf(c.action.DeclRange, "Cannot plan action", "%s: %s.", c.a.Address, c.err)
			continue
		}
		c.a.Operation, c.a.Reversibility = c.resp.Operation, c.resp.Reversibility
		c.a.Description, c.a.Diff = c.resp.Description, c.resp.Diff
		e.facts = append(e.facts, c.resp.Facts...)
	}
}

// planCall is one action's plan step: the provider is found on the
// evaluator's goroutine, asked on its own.
type planCall struct {
	action *config.Action
	a      *plan.Action
	req    providers.PlanActionRequest
	plan   func(context.Context, providers.PlanActionRequest) (providers.PlanActionResponse, error)
	resp   providers.PlanActionResponse
	err    error
}

func (c *planCall) run(ctx context.Context) { c.resp, c.err = c.plan(ctx, c.req) }

// preparePlan finds how to plan the action: with its provider reading
// the world, offline, or not at all (nil).
func (e *evaluator) preparePlan(ca *config.Action, a *plan.Action, args cty.Value) *planCall {
	if args == cty.NilVal {
		return nil
	}
	p, err := e.provider(a.Provider)
	if err != nil {
		e.errorf(ca.DeclRange, "Cannot plan action", "%s: %s.", a.Address, err)
		return nil
	}
	c := &planCall{action: ca, a: a, req: providers.PlanActionRequest{Address: a.Address, Type: a.Type, Args: args}}
	switch off, canOffline := p.(providers.OfflinePlanner); {
	case !e.opts.NoRefresh:
		c.plan = p.PlanAction
	case canOffline:
		c.plan = off.PlanActionOffline
	default:
		return nil
	}
	return c
}

func dedupe(items []string) []string {
	seen := map[string]bool{}
	out := []string{}
	for _, it := range items {
		if !seen[it] {
			seen[it] = true
			out = append(out, it)
		}
	}
	return out
}

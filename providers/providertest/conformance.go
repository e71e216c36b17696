package providertest

import (
	"context"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/hashicorp/go-hclog"
	"github.com/zclconf/go-cty/cty"
	"github.com/zclconf/go-cty/cty/convert"

	"github.com/relctl/relctl/providers"
)

// Case is one action instance to put through the suite.
type Case struct {
	// Address is the action's address; default "stage.test.<Type>.conformance".
	Address string
	Type    string
	// Args is the action's argument object; it is converted to the
	// schema's object type, so attributes left out are null.
	Args cty.Value
	// Reversibility is what the plan must say.
	Reversibility providers.Reversibility
	// Verify inspects the world: done says whether the action's effect
	// must be there. It must also fail when the effect is there twice.
	Verify func(t *testing.T, done bool)
	// Unobservable is set for action types whose effect cannot be read
	// back (a command): their check relies on recorded outputs, their plan
	// never says noop, and they are not applied twice.
	Unobservable bool
}

// Conformance runs the suite on a configured provider:
//
//	plan (not a no-op) -> check: not done -> apply -> Verify(done) ->
//	check with the recorded outputs: done -> check without them (a resume
//	after a crash): done -> plan: no-op -> apply again: same outputs,
//	Verify(done) -> plan the undo -> undo -> Verify(not done) -> check:
//	not done -> plan the undo: nothing left -> undo again succeeds (a
//	resumed rollback)
//
// Irreversible types end with: the undo plan says so, undo is refused
// and the world keeps the effect. The undo plans are asked of providers
// that are providers.UndoPlanner; they must not change the world.
func Conformance(t *testing.T, p providers.Provider, c Case) {
	t.Helper()
	ctx := context.Background()
	schema, ok := p.Schema().Actions[c.Type]
	if !ok {
		t.Fatalf("provider offers no action type %q", c.Type)
	}
	if c.Address == "" {
		c.Address = "stage.test." + c.Type + ".conformance"
	}
	args := conform(t, schema, c.Args)
	s := &suite{t: t, p: p, c: c, ctx: ctx, args: args, schema: schema}

	c.Verify(t, false)
	plan := s.plan()
	if plan.Operation == providers.OpNoop {
		t.Fatalf("first plan is a no-op: %s", plan.Description)
	}
	if plan.Reversibility != c.Reversibility {
		t.Errorf("plan reversibility = %q, want %q", plan.Reversibility, c.Reversibility)
	}
	if plan.Description == "" {
		t.Errorf("plan has no description")
	}
	s.wantCheck(nil, nil, providers.CheckNotDone, "before apply")

	applied := s.apply()
	c.Verify(t, true)
	s.wantCheck(applied.Outputs, applied.UndoData, providers.CheckDone, "after apply, with recorded outputs")
	if !c.Unobservable {
		s.wantCheck(nil, nil, providers.CheckDone, "after apply, without recorded outputs (resume)")
		if again := s.plan(); again.Operation != providers.OpNoop {
			t.Errorf("plan after apply: operation %q (%s), want noop", again.Operation, again.Description)
		}
		second := s.apply()
		if diff := cmp.Diff(render(applied.Outputs), render(second.Outputs)); diff != "" {
			t.Errorf("second apply changed the outputs (-first +second):\n%s", diff)
		}
		c.Verify(t, true)
	}

	undo := providers.UndoActionRequest{Address: c.Address, Type: c.Type, Args: args,
		Outputs: applied.Outputs, UndoData: applied.UndoData, Logger: hclog.NewNullLogger()}
	s.wantUndoPlan(applied, true)
	if c.Reversibility == providers.Irreversible {
		if _, err := p.UndoAction(ctx, undo); err == nil {
			t.Errorf("undo of an irreversible action succeeded")
		}
		c.Verify(t, true)
		return
	}
	res, err := p.UndoAction(ctx, undo)
	if err != nil {
		t.Fatalf("undo: %v", err)
	}
	if res.Description == "" {
		t.Errorf("undo has no description")
	}
	c.Verify(t, false)
	s.wantCheck(nil, nil, providers.CheckNotDone, "after undo")
	if !c.Unobservable {
		s.wantUndoPlan(applied, false)
		if _, err := p.UndoAction(ctx, undo); err != nil {
			t.Errorf("second undo (resumed rollback): %v", err)
		}
		c.Verify(t, false)
	}
}

// wantUndoPlan plans the undo of the applied action, when the provider
// can: before the undo it names what the undo does (or, for an
// irreversible action, why it stays), after it there is nothing left.
func (s *suite) wantUndoPlan(applied providers.ApplyActionResponse, before bool) {
	s.t.Helper()
	up, ok := s.p.(providers.UndoPlanner)
	if !ok {
		return
	}
	resp, err := up.PlanUndo(s.ctx, providers.PlanUndoRequest{Address: s.c.Address, Type: s.c.Type, Args: s.args,
		Outputs: applied.Outputs, UndoData: applied.UndoData})
	if err != nil {
		s.t.Fatalf("plan of the undo: %v", err)
	}
	irreversible := s.c.Reversibility == providers.Irreversible
	switch {
	case resp.Operation == "" && resp.Irreversible == "":
		// The provider cannot tell for this type: shown as planned.
	case irreversible && resp.Irreversible == "":
		s.t.Errorf("plan of the undo of an irreversible action: %q (%s), want a reason it stays", resp.Operation, resp.Description)
	case !irreversible && before && (resp.Irreversible != "" || resp.Operation == providers.OpNoop):
		s.t.Errorf("plan of the undo: %q %q (%s), want what the undo does", resp.Operation, resp.Irreversible, resp.Description)
	case !irreversible && !before && resp.Operation != providers.OpNoop:
		s.t.Errorf("plan of the undo after the undo: %q (%s), want noop", resp.Operation, resp.Description)
	case resp.Description == "":
		s.t.Errorf("plan of the undo has no description")
	}
	s.c.Verify(s.t, before)
}

type suite struct {
	t      *testing.T
	p      providers.Provider
	c      Case
	ctx    context.Context
	args   cty.Value
	schema providers.ActionSchema
}

func (s *suite) plan() providers.PlanActionResponse {
	s.t.Helper()
	resp, err := s.p.PlanAction(s.ctx, providers.PlanActionRequest{Address: s.c.Address, Type: s.c.Type, Args: s.args})
	if err != nil {
		s.t.Fatalf("plan: %v", err)
	}
	return resp
}

func (s *suite) apply() providers.ApplyActionResponse {
	s.t.Helper()
	resp, err := s.p.ApplyAction(s.ctx, providers.ApplyActionRequest{Address: s.c.Address, Type: s.c.Type,
		Args: s.args, Logger: hclog.NewNullLogger()})
	if err != nil {
		s.t.Fatalf("apply: %v", err)
	}
	for name, typ := range s.schema.Outputs {
		v, ok := resp.Outputs[name]
		if !ok {
			s.t.Errorf("apply: output %q missing", name)
			continue
		}
		if !v.Type().Equals(typ) && !(typ.IsMapType() && v.Type().IsMapType()) {
			s.t.Errorf("apply: output %q is %s, schema says %s", name, v.Type().FriendlyName(), typ.FriendlyName())
		}
	}
	for name := range resp.Outputs {
		if _, ok := s.schema.Outputs[name]; !ok {
			s.t.Errorf("apply: output %q is not in the schema", name)
		}
	}
	return resp
}

func (s *suite) wantCheck(outputs map[string]cty.Value, undo []byte, want providers.CheckStatus, when string) {
	s.t.Helper()
	resp, err := s.p.CheckAction(s.ctx, providers.CheckActionRequest{Address: s.c.Address, Type: s.c.Type,
		Args: s.args, Outputs: outputs, UndoData: undo})
	if err != nil {
		s.t.Fatalf("check %s: %v", when, err)
	}
	if resp.Status != want {
		s.t.Fatalf("check %s: status %q (%s), want %q", when, resp.Status, resp.Detail, want)
	}
	if want == providers.CheckDone && len(resp.Outputs) == 0 && len(s.schema.Outputs) > 0 {
		s.t.Errorf("check %s: done without outputs", when)
	}
}

// conform converts args to the schema's object type, filling absent
// attributes with nulls.
func conform(t *testing.T, schema providers.ActionSchema, args cty.Value) cty.Value {
	t.Helper()
	attrs := map[string]cty.Value{}
	for name, a := range schema.Attributes {
		v := cty.NullVal(a.Type)
		if args.Type().IsObjectType() && args.Type().HasAttribute(name) {
			v = args.GetAttr(name)
		}
		attrs[name] = v
	}
	for name := range args.Type().AttributeTypes() {
		if _, ok := schema.Attributes[name]; !ok {
			t.Fatalf("argument %q is not in the schema", name)
		}
	}
	obj := cty.ObjectVal(attrs)
	out, err := convert.Convert(obj, providers.ObjectType(schema.Attributes))
	if err != nil {
		t.Fatalf("arguments do not match the schema: %v", err)
	}
	return out
}

// render makes outputs comparable.
func render(outputs map[string]cty.Value) map[string]string {
	m := map[string]string{}
	for k, v := range outputs {
		m[k] = v.GoString()
	}
	return m
}

package providers

import (
	"context"
	"fmt"

	"github.com/hashicorp/go-hclog"
	"github.com/zclconf/go-cty/cty"
)

// Action is the implementation of one action type. E is the environment
// its provider opens for every call (git: the locked, freshly fetched
// clone; github: the configured provider and its client). A fresh Action
// is made for every call (ActionType.New), so it may keep what its
// provider's open hook parsed from the arguments.
//
// Apply and Undo receive the call's logger in req.Logger, never nil.
type Action[E any] interface {
	// Plan reads the world and describes the action; arguments may be
	// unknown.
	Plan(ctx context.Context, env E, req PlanActionRequest) (PlanActionResponse, error)
	// Check tells whether the action's result already holds. ApplyAction
	// asks it first, without recorded outputs.
	Check(ctx context.Context, env E, req CheckActionRequest) (CheckActionResponse, error)
	// Apply performs the action; Check said it is not done.
	Apply(ctx context.Context, env E, req ApplyActionRequest) (ApplyActionResponse, error)
	// Undo reverses the performed action.
	Undo(ctx context.Context, env E, req UndoActionRequest) (UndoActionResponse, error)
}

// ActionUndoPlanner is implemented by the actions whose undo a provider
// can plan (UndoPlanner); Actions.DispatchPlanUndo describes the others
// as planned.
type ActionUndoPlanner[E any] interface {
	PlanUndo(ctx context.Context, env E, req PlanUndoRequest) (PlanUndoResponse, error)
}

// ActionOfflinePlanner is implemented by the actions a provider can plan
// from their arguments alone (OfflinePlanner). The open hook must then
// read nothing at StepPlanOffline.
type ActionOfflinePlanner[E any] interface {
	PlanOffline(ctx context.Context, env E, req PlanActionRequest) (PlanActionResponse, error)
}

// ActionType declares one action type once: its name, its schema and its
// implementation. A is the provider's own action interface (Action plus
// whatever its open hook needs, such as parsing the arguments).
type ActionType[A any] struct {
	Name   string
	Schema ActionSchema
	// New makes a fresh implementation for one call.
	New func() A
}

// Step is the provider method a call comes from.
type Step int

// The steps of an action, in the words of the errors that name them
// ("planning stage.x.git_tag.t: ...").
const (
	StepPlan Step = iota
	StepPlanOffline
	StepCheck
	StepApply
	StepUndo
	StepPlanUndo
)

func (s Step) verb() string {
	switch s {
	case StepCheck:
		return "checking"
	case StepApply:
		return "applying"
	case StepUndo:
		return "undoing"
	case StepPlanUndo:
		return "planning the undo of"
	}
	return "planning"
}

// Known reports whether every argument is known at this step: at every
// step but planning, which may see the unknown outputs of earlier actions.
func (s Step) Known() bool { return s != StepPlan && s != StepPlanOffline }

// Call is one call of a provider method, as the open hook sees it.
type Call struct {
	Step    Step
	Address string
	Type    string
	Args    cty.Value
	// Logger is the request's logger (ApplyAction, UndoAction), else nil.
	Logger hclog.Logger
}

// LoggerOr is the call's logger, or def when the request carries none
// (planning and checking).
func (c Call) LoggerOr(def hclog.Logger) hclog.Logger {
	if c.Logger != nil {
		return c.Logger
	}
	return def
}

// Opened is what a provider's open hook prepared for one call.
type Opened[E any] struct {
	Env E
	// Log is the call's logger: it logs "already done" when ApplyAction
	// adopts a result and is passed to Apply and Undo. Nil logs nothing.
	Log hclog.Logger
	// Release, when set, runs once the call is over (unlocking a clone).
	Release func()
}

// OpenFunc prepares one call of act: it parses the arguments into act and
// opens the environment the call runs in. Its error is wrapped with the
// step and address like the action's own.
type OpenFunc[E any, A Action[E]] func(ctx context.Context, call Call, act A) (Opened[E], error)

// Actions dispatches a provider's action calls to its action types. A
// provider embeds it to implement PlanAction, ApplyAction (which checks
// first: an action found done is adopted, a conflict fails), CheckAction
// and UndoAction, with the unknown-type error and every error wrapped as
// "<step> <address>: ...". A provider that plans undos or plans offline
// declares it with a PlanUndo or PlanActionOffline method calling
// DispatchPlanUndo or DispatchPlanOffline.
type Actions[E any, A Action[E]] struct {
	provider string
	open     OpenFunc[E, A]
	types    map[string]ActionType[A]
}

// NewActions returns the dispatcher of provider's action types; provider
// is the name its errors use ("git provider has no action type ...").
// A type declared twice, without a name or without New is a bug and
// panics.
func NewActions[E any, A Action[E]](provider string, open OpenFunc[E, A], types ...ActionType[A]) *Actions[E, A] {
	d := &Actions[E, A]{provider: provider, open: open, types: make(map[string]ActionType[A], len(types))}
	for _, t := range types {
		if t.Name == "" || t.New == nil {
			panic(fmt.Sprintf("%s provider: action type %q needs a name and New", provider, t.Name))
		}
		if _, dup := d.types[t.Name]; dup {
			panic(fmt.Sprintf("%s provider: action type %q declared twice", provider, t.Name))
		}
		d.types[t.Name] = t
	}
	return d
}

// Schemas returns the schemas of the action types, for
// ProviderSchema.Actions.
func (d *Actions[E, A]) Schemas() map[string]ActionSchema {
	m := make(map[string]ActionSchema, len(d.types))
	for name, t := range d.types {
		m[name] = t.Schema
	}
	return m
}

// call finds the action type of c and opens the call; done releases it.
func (d *Actions[E, A]) call(ctx context.Context, c Call) (act A, o Opened[E], done func(), err error) {
	t, ok := d.types[c.Type]
	if !ok {
		return act, o, nil, wrap(c, fmt.Errorf("%s provider has no action type %q", d.provider, c.Type))
	}
	act = t.New()
	if o, err = d.open(ctx, c, act); err != nil {
		return act, o, nil, wrap(c, err)
	}
	if o.Log == nil {
		o.Log = hclog.NewNullLogger()
	}
	done = o.Release
	if done == nil {
		done = func() {}
	}
	return act, o, done, nil
}

func wrap(c Call, err error) error {
	if err == nil {
		return nil
	}
	return fmt.Errorf("%s %s: %w", c.Step.verb(), c.Address, err)
}

// PlanAction plans the action.
func (d *Actions[E, A]) PlanAction(ctx context.Context, req PlanActionRequest) (PlanActionResponse, error) {
	c := Call{Step: StepPlan, Address: req.Address, Type: req.Type, Args: req.Args}
	act, o, done, err := d.call(ctx, c)
	if err != nil {
		return PlanActionResponse{}, err
	}
	defer done()
	resp, err := act.Plan(ctx, o.Env, req)
	return resp, wrap(c, err)
}

// ApplyAction performs the action unless its check finds it done already,
// which makes a second apply a no-op; a check that finds something else
// in the action's place fails with its detail.
func (d *Actions[E, A]) ApplyAction(ctx context.Context, req ApplyActionRequest) (ApplyActionResponse, error) {
	c := Call{Step: StepApply, Address: req.Address, Type: req.Type, Args: req.Args, Logger: req.Logger}
	act, o, done, err := d.call(ctx, c)
	if err != nil {
		return ApplyActionResponse{}, err
	}
	defer done()
	st, err := act.Check(ctx, o.Env, CheckActionRequest{Address: req.Address, Type: req.Type, Args: req.Args})
	if err != nil {
		return ApplyActionResponse{}, wrap(c, err)
	}
	switch st.Status {
	case CheckDone:
		o.Log.Info("already done", "action", req.Address)
		return ApplyActionResponse{Outputs: st.Outputs, UndoData: st.UndoData}, nil
	case CheckConflict:
		return ApplyActionResponse{}, fmt.Errorf("%s %s: %s", c.Step.verb(), req.Address, st.Detail)
	}
	req.Logger = o.Log
	resp, err := act.Apply(ctx, o.Env, req)
	return resp, wrap(c, err)
}

// CheckAction tells whether the action's result holds.
func (d *Actions[E, A]) CheckAction(ctx context.Context, req CheckActionRequest) (CheckActionResponse, error) {
	c := Call{Step: StepCheck, Address: req.Address, Type: req.Type, Args: req.Args}
	act, o, done, err := d.call(ctx, c)
	if err != nil {
		return CheckActionResponse{}, err
	}
	defer done()
	resp, err := act.Check(ctx, o.Env, req)
	return resp, wrap(c, err)
}

// UndoAction reverses the action.
func (d *Actions[E, A]) UndoAction(ctx context.Context, req UndoActionRequest) (UndoActionResponse, error) {
	c := Call{Step: StepUndo, Address: req.Address, Type: req.Type, Args: req.Args, Logger: req.Logger}
	act, o, done, err := d.call(ctx, c)
	if err != nil {
		return UndoActionResponse{}, err
	}
	defer done()
	req.Logger = o.Log
	resp, err := act.Undo(ctx, o.Env, req)
	return resp, wrap(c, err)
}

// DispatchPlanUndo plans the undo of the recorded action, for a
// provider's PlanUndo. An action that is no ActionUndoPlanner answers the
// empty response: it is shown as planned.
func (d *Actions[E, A]) DispatchPlanUndo(ctx context.Context, req PlanUndoRequest) (PlanUndoResponse, error) {
	c := Call{Step: StepPlanUndo, Address: req.Address, Type: req.Type, Args: req.Args}
	act, o, done, err := d.call(ctx, c)
	if err != nil {
		return PlanUndoResponse{}, err
	}
	defer done()
	up, ok := any(act).(ActionUndoPlanner[E])
	if !ok {
		return PlanUndoResponse{}, nil
	}
	resp, err := up.PlanUndo(ctx, o.Env, req)
	return resp, wrap(c, err)
}

// DispatchPlanOffline plans the action from its arguments alone, for a
// provider's PlanActionOffline. An action that is no
// ActionOfflinePlanner fails.
func (d *Actions[E, A]) DispatchPlanOffline(ctx context.Context, req PlanActionRequest) (PlanActionResponse, error) {
	c := Call{Step: StepPlanOffline, Address: req.Address, Type: req.Type, Args: req.Args}
	act, o, done, err := d.call(ctx, c)
	if err != nil {
		return PlanActionResponse{}, err
	}
	defer done()
	off, ok := any(act).(ActionOfflinePlanner[E])
	if !ok {
		return PlanActionResponse{}, wrap(c, fmt.Errorf("%s cannot be planned without reading the world", req.Type))
	}
	resp, err := off.PlanOffline(ctx, o.Env, req)
	return resp, wrap(c, err)
}

package providers_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/hashicorp/go-hclog"
	"github.com/zclconf/go-cty/cty"

	"github.com/relctl/relctl/providers"
)

// env is the per-call environment of the test provider: it counts what
// the dispatcher did with it.
type env struct {
	calls    []string
	released int
}

// act is a test action whose steps answer from its fields.
type act struct {
	e     *env
	check providers.CheckActionResponse
	err   error
	log   hclog.Logger
}

func (a *act) record(e *env, step string) {
	e.calls = append(e.calls, step)
}

func (a *act) Plan(ctx context.Context, e *env, req providers.PlanActionRequest) (providers.PlanActionResponse, error) {
	a.record(e, "plan")
	return providers.PlanActionResponse{Description: "planned " + req.Address}, a.err
}

func (a *act) Check(ctx context.Context, e *env, req providers.CheckActionRequest) (providers.CheckActionResponse, error) {
	a.record(e, "check")
	return a.check, a.err
}

func (a *act) Apply(ctx context.Context, e *env, req providers.ApplyActionRequest) (providers.ApplyActionResponse, error) {
	a.record(e, "apply")
	a.log = req.Logger
	return providers.ApplyActionResponse{Outputs: map[string]cty.Value{"id": cty.StringVal("applied")}}, a.err
}

func (a *act) Undo(ctx context.Context, e *env, req providers.UndoActionRequest) (providers.UndoActionResponse, error) {
	a.record(e, "undo")
	a.log = req.Logger
	return providers.UndoActionResponse{Description: "undone"}, a.err
}

// planner is an action that also plans its undo and plans offline.
type planner struct{ act }

func (a *planner) PlanUndo(ctx context.Context, e *env, req providers.PlanUndoRequest) (providers.PlanUndoResponse, error) {
	a.record(e, "plan undo")
	return providers.PlanUndoResponse{Operation: providers.OpDelete, Description: "delete"}, a.err
}

func (a *planner) PlanOffline(ctx context.Context, e *env, req providers.PlanActionRequest) (providers.PlanActionResponse, error) {
	a.record(e, "plan offline")
	return providers.PlanActionResponse{Description: "offline"}, a.err
}

// testAction is the test provider's action interface.
type testAction interface {
	providers.Action[*env]
	base() *act
}

func (a *act) base() *act { return a }

// fixture is a dispatcher whose open hook hands every call the same env
// and remembers the calls it opened.
type fixture struct {
	d       *providers.Actions[*env, testAction]
	env     *env
	opened  []providers.Call
	openErr error
	last    *act
	logs    bytes.Buffer
	// check and err are given to every action made.
	check providers.CheckActionResponse
	err   error
}

func newFixture(t *testing.T) *fixture {
	t.Helper()
	f := &fixture{env: &env{}, check: providers.CheckActionResponse{Status: providers.CheckNotDone}}
	log := hclog.New(&hclog.LoggerOptions{Output: &f.logs, Level: hclog.Info})
	open := func(_ context.Context, c providers.Call, a testAction) (providers.Opened[*env], error) {
		f.opened = append(f.opened, c)
		if f.openErr != nil {
			return providers.Opened[*env]{}, f.openErr
		}
		b := a.base()
		b.check, b.err, b.e = f.check, f.err, f.env
		f.last = b
		return providers.Opened[*env]{Env: f.env, Log: log, Release: func() { f.env.released++ }}, nil
	}
	f.d = providers.NewActions("demo", open,
		providers.ActionType[testAction]{Name: "demo_plain", Schema: providers.ActionSchema{Description: "plain"},
			New: func() testAction { return &act{} }},
		providers.ActionType[testAction]{Name: "demo_planner", Schema: providers.ActionSchema{Description: "planner"},
			New: func() testAction { return &planner{} }},
	)
	return f
}

func TestActionsSchemas(t *testing.T) {
	f := newFixture(t)
	got := f.d.Schemas()
	if len(got) != 2 || got["demo_plain"].Description != "plain" || got["demo_planner"].Description != "planner" {
		t.Errorf("Schemas() = %v, want demo_plain and demo_planner", got)
	}
}

func TestActionsUnknownTypeAndOpenErrors(t *testing.T) {
	ctx := context.Background()
	steps := map[string]func(d *providers.Actions[*env, testAction], typ string) error{
		"planning": func(d *providers.Actions[*env, testAction], typ string) error {
			_, err := d.PlanAction(ctx, providers.PlanActionRequest{Address: "a.b", Type: typ})
			return err
		},
		"applying": func(d *providers.Actions[*env, testAction], typ string) error {
			_, err := d.ApplyAction(ctx, providers.ApplyActionRequest{Address: "a.b", Type: typ})
			return err
		},
		"checking": func(d *providers.Actions[*env, testAction], typ string) error {
			_, err := d.CheckAction(ctx, providers.CheckActionRequest{Address: "a.b", Type: typ})
			return err
		},
		"undoing": func(d *providers.Actions[*env, testAction], typ string) error {
			_, err := d.UndoAction(ctx, providers.UndoActionRequest{Address: "a.b", Type: typ})
			return err
		},
		"planning the undo of": func(d *providers.Actions[*env, testAction], typ string) error {
			_, err := d.DispatchPlanUndo(ctx, providers.PlanUndoRequest{Address: "a.b", Type: typ})
			return err
		},
	}
	for verb, call := range steps {
		t.Run(verb, func(t *testing.T) {
			f := newFixture(t)
			err := call(f.d, "demo_nope")
			want := verb + ` a.b: demo provider has no action type "demo_nope"`
			if err == nil || err.Error() != want {
				t.Errorf("unknown type: %v, want %q", err, want)
			}
			if len(f.opened) != 0 {
				t.Errorf("an unknown type was opened: %v", f.opened)
			}
			boom := errors.New("bad arguments")
			f.openErr = boom
			err = call(f.d, "demo_plain")
			if !errors.Is(err, boom) || err.Error() != verb+" a.b: bad arguments" {
				t.Errorf("open error: %v, want %q wrapping it", err, verb+" a.b: bad arguments")
			}
		})
	}
}

func TestActionsApplyChecksFirst(t *testing.T) {
	ctx := context.Background()
	done := providers.CheckActionResponse{Status: providers.CheckDone,
		Outputs: map[string]cty.Value{"id": cty.StringVal("found")}, UndoData: []byte(`{"id":"found"}`)}
	tests := map[string]struct {
		check     providers.CheckActionResponse
		err       error
		wantCalls string
		wantID    string
		wantErr   string
		wantLog   bool
	}{
		"not done: applied":   {check: providers.CheckActionResponse{Status: providers.CheckNotDone}, wantCalls: "check apply", wantID: "applied"},
		"done: adopted":       {check: done, wantCalls: "check", wantID: "found", wantLog: true},
		"conflict: refused":   {check: providers.CheckActionResponse{Status: providers.CheckConflict, Detail: "tag v1 is at 9f8e7d6"}, wantCalls: "check", wantErr: "applying stage.s.demo_plain.x: tag v1 is at 9f8e7d6"},
		"check fails: no run": {check: providers.CheckActionResponse{Status: providers.CheckNotDone}, err: errors.New("read failed"), wantCalls: "check", wantErr: "applying stage.s.demo_plain.x: read failed"},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			f := newFixture(t)
			f.check, f.err = tc.check, tc.err
			resp, err := f.d.ApplyAction(ctx, providers.ApplyActionRequest{Address: "stage.s.demo_plain.x", Type: "demo_plain", Args: cty.EmptyObjectVal})
			if got := strings.Join(f.env.calls, " "); got != tc.wantCalls {
				t.Errorf("calls %q, want %q", got, tc.wantCalls)
			}
			if f.env.released != 1 {
				t.Errorf("released %d times, want once", f.env.released)
			}
			if tc.wantErr != "" {
				if err == nil || err.Error() != tc.wantErr {
					t.Fatalf("error %v, want %q", err, tc.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if id := resp.Outputs["id"].AsString(); id != tc.wantID {
				t.Errorf("outputs id %q, want %q", id, tc.wantID)
			}
			if tc.wantID == "found" && string(resp.UndoData) != `{"id":"found"}` {
				t.Errorf("undo data %s, want the check's", resp.UndoData)
			}
			if logged := strings.Contains(f.logs.String(), "already done: action=stage.s.demo_plain.x"); logged != tc.wantLog {
				t.Errorf("logged %q, want \"already done\" %v", f.logs.String(), tc.wantLog)
			}
			if tc.wantID == "applied" && f.last.log == nil {
				t.Errorf("Apply got no logger")
			}
		})
	}
}

func TestActionsApplyErrorKeepsResponse(t *testing.T) {
	f := newFixture(t)
	// A hook that gives no logger and no release.
	f.d = providers.NewActions("demo", func(_ context.Context, _ providers.Call, a testAction) (providers.Opened[*env], error) {
		b := a.base()
		b.check, b.e = f.check, f.env
		f.last = b
		return providers.Opened[*env]{Env: f.env}, nil
	}, providers.ActionType[testAction]{Name: "demo_wait", New: func() testAction { return &waiter{} }})
	resp, err := f.d.ApplyAction(context.Background(), providers.ApplyActionRequest{Address: "w", Type: "demo_wait"})
	if !errors.Is(err, providers.ErrWaitTimeout) || !strings.HasPrefix(err.Error(), "applying w: ") {
		t.Fatalf("error %v, want a wrapped wait timeout", err)
	}
	if resp.Outputs["id"].AsString() != "started" {
		t.Errorf("outputs %v, want what the apply started", resp.Outputs)
	}
	if f.last.log == nil {
		t.Errorf("Apply got a nil logger when the hook gave none")
	}
}

// waiter is an action whose apply gives up waiting with outputs.
type waiter struct{ act }

func (w *waiter) Apply(_ context.Context, _ *env, req providers.ApplyActionRequest) (providers.ApplyActionResponse, error) {
	w.log = req.Logger
	return providers.ApplyActionResponse{Outputs: map[string]cty.Value{"id": cty.StringVal("started")}},
		fmt.Errorf("%w for the run", providers.ErrWaitTimeout)
}

func TestActionsStepsReachTheAction(t *testing.T) {
	ctx := context.Background()
	f := newFixture(t)
	if resp, err := f.d.PlanAction(ctx, providers.PlanActionRequest{Address: "p", Type: "demo_plain"}); err != nil || resp.Description != "planned p" {
		t.Errorf("plan: %v %v", resp, err)
	}
	if resp, err := f.d.CheckAction(ctx, providers.CheckActionRequest{Address: "p", Type: "demo_plain"}); err != nil || resp.Status != providers.CheckNotDone {
		t.Errorf("check: %v %v", resp, err)
	}
	if resp, err := f.d.UndoAction(ctx, providers.UndoActionRequest{Address: "p", Type: "demo_plain"}); err != nil || resp.Description != "undone" || f.last.log == nil {
		t.Errorf("undo: %v %v (logger %v)", resp, err, f.last.log)
	}
	if resp, err := f.d.DispatchPlanUndo(ctx, providers.PlanUndoRequest{Address: "p", Type: "demo_plain"}); err != nil || resp.Operation != "" {
		t.Errorf("plan undo of an action that cannot: %v %v, want the empty response", resp, err)
	}
	if resp, err := f.d.DispatchPlanUndo(ctx, providers.PlanUndoRequest{Address: "p", Type: "demo_planner"}); err != nil || resp.Operation != providers.OpDelete {
		t.Errorf("plan undo: %v %v", resp, err)
	}
	if _, err := f.d.DispatchPlanOffline(ctx, providers.PlanActionRequest{Address: "p", Type: "demo_plain"}); err == nil ||
		err.Error() != "planning p: demo_plain cannot be planned without reading the world" {
		t.Errorf("offline plan of an action that cannot: %v", err)
	}
	if resp, err := f.d.DispatchPlanOffline(ctx, providers.PlanActionRequest{Address: "p", Type: "demo_planner"}); err != nil || resp.Description != "offline" {
		t.Errorf("offline plan: %v %v", resp, err)
	}
	want := "plan check undo plan undo plan offline"
	if got := strings.Join(f.env.calls, " "); got != want {
		t.Errorf("calls %q, want %q", got, want)
	}
	if f.env.released != 7 {
		t.Errorf("released %d times, want once per call (7)", f.env.released)
	}
	wantSteps := []providers.Step{providers.StepPlan, providers.StepCheck, providers.StepUndo, providers.StepPlanUndo,
		providers.StepPlanUndo, providers.StepPlanOffline, providers.StepPlanOffline}
	for i, c := range f.opened {
		if c.Step != wantSteps[i] || c.Address != "p" {
			t.Errorf("call %d opened as step %d of %q, want step %d", i, c.Step, c.Address, wantSteps[i])
		}
	}
	f.err = errors.New("read failed")
	if _, err := f.d.PlanAction(ctx, providers.PlanActionRequest{Address: "p", Type: "demo_plain"}); err == nil || err.Error() != "planning p: read failed" {
		t.Errorf("plan error: %v", err)
	}
}

func TestStepKnown(t *testing.T) {
	for s, want := range map[providers.Step]bool{providers.StepPlan: false, providers.StepPlanOffline: false,
		providers.StepCheck: true, providers.StepApply: true, providers.StepUndo: true, providers.StepPlanUndo: true} {
		if s.Known() != want {
			t.Errorf("step %d Known() = %v, want %v", s, s.Known(), want)
		}
	}
}

func TestNewActionsRefusesBadDeclarations(t *testing.T) {
	open := func(context.Context, providers.Call, testAction) (providers.Opened[*env], error) {
		return providers.Opened[*env]{}, nil
	}
	mk := func() testAction { return &act{} }
	for name, types := range map[string][]providers.ActionType[testAction]{
		"twice":     {{Name: "demo_a", New: mk}, {Name: "demo_a", New: mk}},
		"no name":   {{New: mk}},
		"no New":    {{Name: "demo_a"}},
		"ok (none)": nil,
	} {
		t.Run(name, func(t *testing.T) {
			defer func() {
				if r := recover(); (r != nil) != (name != "ok (none)") {
					t.Errorf("panic %v", r)
				}
			}()
			providers.NewActions("demo", open, types...)
		})
	}
}

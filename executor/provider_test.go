package executor

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/zclconf/go-cty/cty"

	"github.com/relctl/relctl/planner/plan"
	"github.com/relctl/relctl/providers"
	"github.com/relctl/relctl/state"
)

// fakeProvider is a real Provider whose world is a set of finished
// action addresses. Behaviours per address configure failures, delays,
// conflicts and outputs; every call is recorded.
type fakeProvider struct {
	mu         sync.Mutex
	world      map[string]bool
	behave     map[string]behaviour
	calls      []string // "apply ADDR", "check ADDR", "undo ADDR"
	args       map[string]string
	running    int
	maxRunning int
	// seq numbers the start and end of every apply and undo, for
	// ordering assertions.
	seq        int
	start, end map[string]int
	// checked holds the outputs each check was given, by address.
	checked map[string]map[string]cty.Value
	// viaPR holds the ViaPullRequest setting each undo plan and undo was
	// given, by "planundo ADDR" and "undo ADDR".
	viaPR map[string]bool
}

type behaviour struct {
	fail     error
	undoFail error
	delay    time.Duration
	// block, when set, makes apply wait until it is closed or the
	// action's context is done.
	block    chan struct{}
	conflict string
	// world says the result already holds before apply runs.
	world bool
	// started makes a failing apply return the outputs of what it
	// started (a pipeline it waited for) together with the error.
	started bool
	// forbidden makes PlanUndo answer that the world no longer allows
	// the undo, for this reason; planUndoFail makes it fail.
	forbidden    string
	planUndoFail error
}

func newFake() *fakeProvider {
	return &fakeProvider{
		world:   map[string]bool{},
		behave:  map[string]behaviour{},
		args:    map[string]string{},
		start:   map[string]int{},
		end:     map[string]int{},
		checked: map[string]map[string]cty.Value{},
		viaPR:   map[string]bool{},
	}
}

var _ providers.UndoPlanner = (*fakeProvider)(nil)

// PlanUndo describes the undo with the recorded output, as a provider
// reading the world would.
func (f *fakeProvider) PlanUndo(_ context.Context, req providers.PlanUndoRequest) (providers.PlanUndoResponse, error) {
	b := f.note("planundo " + req.Address)
	f.mu.Lock()
	f.viaPR["planundo "+req.Address] = req.ViaPullRequest
	f.mu.Unlock()
	switch {
	case b.planUndoFail != nil:
		return providers.PlanUndoResponse{}, b.planUndoFail
	case b.forbidden != "":
		return providers.PlanUndoResponse{Operation: providers.OpNoop, Irreversible: b.forbidden}, nil
	}
	id := providers.Args{V: cty.ObjectVal(req.Outputs)}.String("id")
	return providers.PlanUndoResponse{Operation: providers.OpDelete, Description: "remove " + id,
		Facts: []providers.Fact{{Provider: "fake", Key: "made:" + req.Address, Value: "yes"}}}, nil
}

var _ providers.Provider = (*fakeProvider)(nil)

var fakeSchema = providers.ActionSchema{
	Attributes: map[string]providers.Attribute{"value": {Type: cty.String}},
	Outputs:    map[string]cty.Type{"id": cty.String},
}

func (f *fakeProvider) Schema() providers.ProviderSchema {
	return providers.ProviderSchema{Actions: map[string]providers.ActionSchema{
		"fake_step": fakeSchema,
		"fake_wait": {Attributes: fakeSchema.Attributes},
	}}
}

func (f *fakeProvider) Configure(context.Context, providers.ConfigureRequest) error { return nil }

func (f *fakeProvider) PlanAction(context.Context, providers.PlanActionRequest) (providers.PlanActionResponse, error) {
	return providers.PlanActionResponse{Operation: providers.OpCreate}, nil
}

func (f *fakeProvider) note(call string) behaviour {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.calls = append(f.calls, call)
	return f.behave[call[strings.IndexByte(call, ' ')+1:]]
}

func (f *fakeProvider) CheckAction(_ context.Context, req providers.CheckActionRequest) (providers.CheckActionResponse, error) {
	b := f.note("check " + req.Address)
	f.mu.Lock()
	f.checked[req.Address] = req.Outputs
	done := f.world[req.Address] || b.world
	f.mu.Unlock()
	switch {
	case b.conflict != "":
		return providers.CheckActionResponse{Status: providers.CheckConflict, Detail: b.conflict}, nil
	case done:
		return providers.CheckActionResponse{Status: providers.CheckDone, Outputs: f.outputs(req.Type, req.Address)}, nil
	}
	return providers.CheckActionResponse{Status: providers.CheckNotDone}, nil
}

func (f *fakeProvider) outputs(typ, addr string) map[string]cty.Value {
	if typ != "fake_step" {
		return nil
	}
	return map[string]cty.Value{"id": cty.StringVal("id-of-" + addr)}
}

func (f *fakeProvider) ApplyAction(ctx context.Context, req providers.ApplyActionRequest) (providers.ApplyActionResponse, error) {
	b := f.note("apply " + req.Address)
	f.enter(req.Address, providers.Args{V: req.Args}.String("value"))
	defer f.leave(req.Address)
	if err := wait(ctx, b); err != nil {
		return providers.ApplyActionResponse{}, err
	}
	if b.fail != nil && b.started {
		return providers.ApplyActionResponse{Outputs: f.outputs(req.Type, req.Address)}, b.fail
	}
	if b.fail != nil {
		return providers.ApplyActionResponse{}, b.fail
	}
	f.mu.Lock()
	f.world[req.Address] = true
	f.mu.Unlock()
	undo, _ := json.Marshal(map[string]string{"made": req.Address})
	return providers.ApplyActionResponse{Outputs: f.outputs(req.Type, req.Address), UndoData: undo}, nil
}

func wait(ctx context.Context, b behaviour) error {
	var timer <-chan time.Time
	if b.delay > 0 {
		timer = time.After(b.delay)
	}
	if b.block == nil && timer == nil {
		return nil
	}
	select {
	case <-b.block:
	case <-timer:
	case <-ctx.Done():
		return fmt.Errorf("stopped: %w", ctx.Err())
	}
	return nil
}

func (f *fakeProvider) enter(addr, value string) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.args[addr] = value
	f.running++
	f.maxRunning = max(f.maxRunning, f.running)
	f.seq++
	f.start[addr] = f.seq
}

func (f *fakeProvider) runningNow() int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.running
}

func (f *fakeProvider) leave(addr string) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.running--
	f.seq++
	f.end[addr] = f.seq
}

func (f *fakeProvider) UndoAction(ctx context.Context, req providers.UndoActionRequest) (providers.UndoActionResponse, error) {
	b := f.note("undo " + req.Address)
	f.mu.Lock()
	f.viaPR["undo "+req.Address] = req.ViaPullRequest
	f.mu.Unlock()
	var data map[string]string
	if err := json.Unmarshal(req.UndoData, &data); err != nil || data["made"] != req.Address {
		return providers.UndoActionResponse{}, fmt.Errorf("undo data %s does not name %s", req.UndoData, req.Address)
	}
	f.enter(req.Address, "")
	defer f.leave(req.Address)
	if err := wait(ctx, behaviour{delay: b.delay, block: b.block}); err != nil {
		return providers.UndoActionResponse{}, err
	}
	if b.undoFail != nil {
		return providers.UndoActionResponse{}, b.undoFail
	}
	f.mu.Lock()
	delete(f.world, req.Address)
	f.mu.Unlock()
	return providers.UndoActionResponse{Description: "removed " + req.Address}, nil
}

// called returns the calls of one kind ("apply", "check", "undo") in order.
func (f *fakeProvider) called(kind string) []string {
	f.mu.Lock()
	defer f.mu.Unlock()
	var out []string
	for _, c := range f.calls {
		if addr, ok := strings.CutPrefix(c, kind+" "); ok {
			out = append(out, addr)
		}
	}
	return out
}

func (f *fakeProvider) set(addr string, b behaviour) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.behave[addr] = b
}

// act builds an action of stage s named n ("s.fake_step.n").
func act(stage, name string, deps ...string) plan.Action {
	return plan.Action{
		Address:       stage + ".fake_step." + name,
		Stage:         strings.TrimPrefix(stage, "stage."),
		Type:          "fake_step",
		Name:          name,
		Provider:      "fake",
		Operation:     providers.OpCreate,
		Reversibility: providers.Reversible,
		DependsOn:     deps,
		Args:          json.RawMessage(fmt.Sprintf(`{"value":%q}`, name)),
		OnFailure:     "halt",
	}
}

func testPlan(id string, actions ...plan.Action) *plan.Plan {
	return &plan.Plan{
		FormatVersion: plan.FormatVersion,
		PlanID:        id,
		Release:       plan.Release{Name: "Demo", Version: "1.0.0"},
		Actions:       actions,
	}
}

// harness is an executor over a fake provider and a real journal.
type harness struct {
	t    *testing.T
	fake *fakeProvider
	path string
	j    *state.Journal
	hook *recordingHook
}

func newHarness(t *testing.T) *harness {
	t.Helper()
	h := &harness{t: t, fake: newFake(), path: filepath.Join(t.TempDir(), "relctl.state"), hook: &recordingHook{}}
	h.reopen()
	return h
}

// reopen closes the journal and opens it again, as a new run would.
func (h *harness) reopen() {
	h.t.Helper()
	if h.j != nil {
		h.j.Close()
	}
	j, err := state.Open(context.Background(), h.path, "apply", 0)
	if err != nil {
		h.t.Fatal(err)
	}
	h.j = j
	h.t.Cleanup(func() { j.Close() })
}

func (h *harness) executor(p *plan.Plan, parallelism int) *Executor {
	return &Executor{
		Plan:        p,
		Providers:   map[string]providers.Provider{"fake": h.fake},
		Journal:     h.j,
		Hook:        h.hook,
		Parallelism: parallelism,
		GracePeriod: 50 * time.Millisecond,
	}
}

// statuses returns every action's recorded status.
func (h *harness) statuses() map[string]state.Status {
	st, err := state.Read(h.path)
	if err != nil {
		h.t.Fatal(err)
	}
	out := map[string]state.Status{}
	for addr, a := range st.Actions {
		out[addr] = a.Status
	}
	return out
}

// recordingHook records the hook calls as lines.
type recordingHook struct {
	NilHook
	mu     sync.Mutex
	events []string
	still  int
	starts int
	// onStart is called with the number of actions started so far.
	onStart func(n int)
	// onUndo is called when an undo starts.
	onUndo func(a *plan.Action)
}

func (r *recordingHook) add(s string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.events = append(r.events, s)
}

func (r *recordingHook) PreAction(a *plan.Action) {
	r.add("start " + a.Address)
	r.mu.Lock()
	r.starts++
	n, f := r.starts, r.onStart
	r.mu.Unlock()
	if f != nil {
		f(n)
	}
}

func (r *recordingHook) PostAction(a *plan.Action, o Outcome) {
	r.add(fmt.Sprintf("end %s %s%s", a.Address, o.Status, outcomeNote(o)))
}

func (r *recordingHook) StillRunning(*plan.Action, time.Duration) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.still++
}

func (r *recordingHook) PreUndo(a *plan.Action) {
	r.add("undo " + a.Address)
	if r.onUndo != nil {
		r.onUndo(a)
	}
}

func (r *recordingHook) PostUndo(a *plan.Action, o Outcome) {
	r.add(fmt.Sprintf("undone %s %s%s", a.Address, o.Status, outcomeNote(o)))
}

func outcomeNote(o Outcome) string {
	var parts []string
	if o.Adopted {
		parts = append(parts, "adopted")
	}
	if o.Skipped {
		parts = append(parts, "skipped")
	}
	if o.Disabled {
		parts = append(parts, "disabled")
	}
	if o.Stopped {
		parts = append(parts, "stopped")
	}
	if o.Reason != "" {
		parts = append(parts, o.Reason)
	}
	if len(parts) == 0 {
		return ""
	}
	return " (" + strings.Join(parts, ", ") + ")"
}

func (r *recordingHook) sorted() []string {
	r.mu.Lock()
	defer r.mu.Unlock()
	out := append([]string(nil), r.events...)
	sort.Strings(out)
	return out
}

var errBoom = errors.New("boom")

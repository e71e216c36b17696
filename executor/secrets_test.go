package executor

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"sync"
	"testing"

	"github.com/zclconf/go-cty/cty"

	"github.com/relctl/relctl/planner/plan"
	"github.com/relctl/relctl/providers"
)

const leakedSecret = "ghp_leakedCANARY0123456789abcdef"

// leakyProvider is the fake provider with one fault: what it returns
// carries a secret the journal was told of (a token in an output and in
// the undo data, as a careless provider could return), and it echoes
// the value it is given in its error when that value looks like one.
type leakyProvider struct{ *fakeProvider }

func (p leakyProvider) ApplyAction(ctx context.Context, req providers.ApplyActionRequest) (providers.ApplyActionResponse, error) {
	if v := (providers.Args{V: req.Args}).String("value"); strings.HasPrefix(v, "token ") {
		p.note("apply " + req.Address)
		p.enter(req.Address, v)
		p.leave(req.Address)
		return providers.ApplyActionResponse{}, fmt.Errorf("refused value %q", v)
	}
	resp, err := p.fakeProvider.ApplyAction(ctx, req)
	if err != nil {
		return resp, err
	}
	resp.Outputs = map[string]cty.Value{"id": cty.StringVal("token " + leakedSecret)}
	resp.UndoData, _ = json.Marshal(map[string]string{"made": req.Address, "token": leakedSecret})
	return resp, nil
}

// exposingHook keeps everything the hook is given.
type exposingHook struct {
	NilHook
	mu  sync.Mutex
	out []string
}

func (h *exposingHook) add(what string, a *plan.Action, o Outcome) {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.out = append(h.out, fmt.Sprintf("%s %s %+v", what, a.Address, o))
}

func (h *exposingHook) PostAction(a *plan.Action, o Outcome) { h.add("end", a, o) }
func (h *exposingHook) PostUndo(a *plan.Action, o Outcome)   { h.add("undone", a, o) }

// TestSecretsNeverLeaveTheStateUnredacted: a secret registered with the
// journal never appears in what the executor exposes of the state: the
// arguments of the actions that read a recorded output, what the hook is
// told, the run's errors and results, the rollback plan, nor its own
// view of any record. The run sees the state as the journal stores it,
// as a run resuming it would.
func TestSecretsNeverLeaveTheStateUnredacted(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	h.j.AddSecrets(leakedSecret)
	hook := &exposingHook{}
	first := act("stage.s", "first")
	second := act("stage.s", "second", first.Address)
	second.Args = json.RawMessage(`{"value":null}`)
	second.Unknown = []string{"value"}
	second.Deferred = map[string]plan.Deferred{"value": {
		Expr:    "action.fake_step.first.id",
		Outputs: map[string]string{"action.fake_step.first": first.Address},
	}}
	e := h.executor(testPlan("p", first, second), 2)
	e.Providers = map[string]providers.Provider{"fake": leakyProvider{h.fake}}
	e.Hook = hook

	var exposed []string
	expose := func(what string, v any) {
		data, err := json.Marshal(v)
		if err != nil {
			t.Fatalf("%s: %v", what, err)
		}
		exposed = append(exposed, what+": "+string(data))
	}
	res, err := e.Apply(context.Background())
	if err == nil {
		t.Fatal("apply succeeded; want second to fail")
	}
	if got := h.fake.args[second.Address]; !strings.HasPrefix(got, "token ") {
		t.Fatalf("second ran with value %q, want the output of first", got)
	}
	exposed = append(exposed, "apply error: "+err.Error(), "second's value: "+h.fake.args[second.Address])
	expose("apply result", res)
	for _, ae := range res.Errors {
		exposed = append(exposed, "action error: "+ae.Error())
	}
	for _, addr := range []string{first.Address, second.Address} {
		rec, _ := e.current(addr)
		expose("the executor's record of "+addr, rec)
	}
	rp, err := e.PlanRollback(context.Background(), nil)
	if err != nil {
		t.Fatal(err)
	}
	expose("rollback plan", rp.Model("p", nil))
	rres, err := e.ApplyRollback(context.Background(), rp)
	if err != nil {
		t.Fatalf("rollback: %v", err)
	}
	expose("rollback result", rres)
	exposed = append(exposed, hook.out...)

	for _, s := range exposed {
		if strings.Contains(s, leakedSecret) {
			t.Errorf("the secret is exposed in %s", s)
		}
	}
	if got := h.fake.called("undo"); len(got) != 1 || got[0] != first.Address {
		t.Errorf("undone %v, want [%s]: the redacted undo data must still undo", got, first.Address)
	}
}

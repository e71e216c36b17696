package views

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"
	"sync"
	"time"

	"github.com/relctl/relctl/executor"
	"github.com/relctl/relctl/planner/plan"
	"github.com/relctl/relctl/providers"
	"github.com/relctl/relctl/state"
)

// ApplyView shows the progress and the outcome of apply and rollback:
// human lines, or a stream of JSON events.
type ApplyView interface {
	executor.Hook
	// Resuming says that an earlier run of the plan is being continued.
	Resuming(p *plan.Plan, st *state.State)
	// Summary ends an apply ("apply") or a rollback ("rollback").
	Summary(operation string, res *executor.Result, err error)
	// RollbackPlan shows what a rollback will do.
	RollbackPlan(rp *executor.RollbackPlan)
}

// NewApplyView writes the progress to w: human lines, or with jsonEvents
// one JSON event per line.
func NewApplyView(w io.Writer, jsonEvents bool) ApplyView {
	if jsonEvents {
		return &jsonView{w: w, now: time.Now}
	}
	return &humanView{w: w}
}

// humanView prints one line per start and end of an action, in the
// spirit of Terraform's.
type humanView struct {
	mu sync.Mutex
	w  io.Writer
}

var _ ApplyView = (*humanView)(nil)

func (v *humanView) printf(format string, args ...any) {
	v.mu.Lock()
	defer v.mu.Unlock()
	fmt.Fprintf(v.w, format, args...)
}

// verbs are the progressive forms of the operations.
var verbs = map[providers.Operation]string{
	providers.OpCreate: "Creating...",
	providers.OpUpdate: "Updating...",
	providers.OpDelete: "Deleting...",
	providers.OpRun:    "Running...",
	providers.OpWait:   "Waiting...",
	providers.OpNoop:   "Checking...",
}

func (v *humanView) PreAction(a *plan.Action) {
	verb, ok := verbs[a.Operation]
	if !ok {
		verb = "Starting..."
	}
	v.printf("%s: %s\n", a.Address, verb)
}

func (v *humanView) PostAction(a *plan.Action, o executor.Outcome) {
	el := elapsed(o.Elapsed)
	switch {
	case o.Disabled:
		v.printf("%s: Disabled (%s)\n", a.Address, o.Reason)
	case o.Status == state.Skipped:
		v.printf("%s: Skipped (%s)\n", a.Address, o.Reason)
	case o.Stopped && o.Reason == executor.ReasonTimedOut:
		v.printf("%s: Timed out [%s]: %v\n", a.Address, el, o.Err)
	case o.Stopped:
		v.printf("%s: Interrupted [%s]\n", a.Address, el)
	case o.Status == state.Failed:
		v.printf("%s: Failed [%s]\n", a.Address, el)
	case o.Adopted:
		v.printf("%s: Already done, adopted [%s]\n", a.Address, el)
	default:
		v.printf("%s: Done [%s]\n", a.Address, el)
	}
}

func (v *humanView) StillRunning(a *plan.Action, d time.Duration) {
	what := "Still running..."
	if a.Operation == providers.OpWait {
		what = "Still waiting..."
	}
	v.printf("%s: %s [%s elapsed]\n", a.Address, what, elapsed(d))
}

func (v *humanView) PreUndo(a *plan.Action) { v.printf("%s: Undoing...\n", a.Address) }

func (v *humanView) PostUndo(a *plan.Action, o executor.Outcome) {
	el := elapsed(o.Elapsed)
	switch {
	case o.Skipped:
		v.printf("%s: Kept (%s)\n", a.Address, o.Reason)
	case o.Stopped:
		v.printf("%s: Interrupted [%s]\n", a.Address, el)
	case o.Status == state.UndoFailed:
		v.printf("%s: Undo failed [%s]\n", a.Address, el)
	case o.Description != "":
		v.printf("%s: Undone [%s]: %s\n", a.Address, el, o.Description)
	default:
		v.printf("%s: Undone [%s]\n", a.Address, el)
	}
}

func (v *humanView) Resuming(p *plan.Plan, st *state.State) {
	counts := st.Counts()
	v.printf("Resuming plan %s: %d of %d actions already done.\n\n", ShortPlanID(p.PlanID), counts[state.Done], len(p.Actions))
}

func (v *humanView) RollbackPlan(rp *executor.RollbackPlan) {
	var b strings.Builder
	if err := WriteRollbackSteps(&b, rp.Model("", nil)); err != nil {
		b.WriteString(err.Error())
	}
	v.printf("%s", b.String())
}

func (v *humanView) Summary(operation string, res *executor.Result, err error) {
	v.printf("\n%s\n", summaryLine(operation, res, err))
}

// summaryLine says how a run ended and what it did, e.g.
// "Apply complete! 5 actions: 3 done, 2 adopted."
func summaryLine(operation string, res *executor.Result, err error) string {
	title := strings.ToUpper(operation[:1]) + operation[1:]
	var parts []string
	add := func(n int, what string) {
		if n > 0 {
			parts = append(parts, fmt.Sprintf("%d %s", n, what))
		}
	}
	if operation == "rollback" {
		add(len(res.Done), "undone")
		add(len(res.Failed), "failed")
		add(len(res.Skipped), "kept because an undo failed")
		add(len(res.Irreversible), "irreversible")
		add(len(res.Unfinished), "left to undo")
	} else {
		add(len(res.Done), "done")
		add(len(res.Adopted), "adopted")
		add(len(res.AlreadyDone), "already done")
		add(len(res.Failed), "failed")
		add(len(res.Skipped), "skipped")
		add(len(res.Disabled), "disabled")
		add(len(res.Unfinished), "left to do")
	}
	what := strings.Join(parts, ", ")
	if what == "" {
		what = "nothing to do"
	}
	switch outcome(err) {
	case "stopped":
		return fmt.Sprintf("%s stopped before the end: %s. Run it again to resume.", title, what)
	case "failed":
		return fmt.Sprintf("%s failed: %s.", title, what)
	}
	return fmt.Sprintf("%s complete! %s.", title, what)
}

// outcome classifies a run's error: "complete", "stopped" or "failed".
func outcome(err error) string {
	switch {
	case err == nil:
		return "complete"
	case errors.Is(err, executor.ErrStopped):
		return "stopped"
	}
	return "failed"
}

func elapsed(d time.Duration) string { return d.Round(time.Second).String() }

func ShortPlanID(id string) string {
	if len(id) > 12 {
		return id[:12]
	}
	return id
}

// jsonView streams one JSON object per line for every event.
type jsonView struct {
	mu  sync.Mutex
	w   io.Writer
	now func() time.Time
}

var _ ApplyView = (*jsonView)(nil)

// event is one line of the -json stream. Type is one of action_start,
// action_progress, action_end, undo_start, undo_end, resume,
// rollback_plan, summary.
type event struct {
	Type        string  `json:"type"`
	Time        string  `json:"time"`
	Address     string  `json:"address,omitempty"`
	Operation   string  `json:"operation,omitempty"`
	Status      string  `json:"status,omitempty"`
	Adopted     bool    `json:"adopted,omitempty"`
	Stopped     bool    `json:"stopped,omitempty"`
	Reason      string  `json:"reason,omitempty"`
	ElapsedMS   *int64  `json:"elapsed_ms,omitempty"`
	Error       string  `json:"error,omitempty"`
	Description string  `json:"description,omitempty"`
	PlanID      string  `json:"plan_id,omitempty"`
	Outcome     string  `json:"outcome,omitempty"`
	Counts      *counts `json:"counts,omitempty"`
	// Lists of addresses: the rollback plan, or a summary's root causes.
	Undo         []string     `json:"undo,omitempty"`
	Irreversible []string     `json:"irreversible,omitempty"`
	NotMade      []string     `json:"not_made,omitempty"`
	Errors       []eventError `json:"errors,omitempty"`
}

type counts struct {
	Done         int `json:"done"`
	Adopted      int `json:"adopted"`
	AlreadyDone  int `json:"already_done"`
	Failed       int `json:"failed"`
	Skipped      int `json:"skipped"`
	Disabled     int `json:"disabled,omitempty"`
	Unfinished   int `json:"unfinished"`
	Irreversible int `json:"irreversible"`
}

type eventError struct {
	Address string `json:"address"`
	Message string `json:"message"`
}

func (v *jsonView) emit(e event) {
	v.mu.Lock()
	defer v.mu.Unlock()
	e.Time = v.now().UTC().Format(time.RFC3339Nano)
	enc := json.NewEncoder(v.w)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(e); err != nil {
		msg, _ := json.Marshal(err.Error())
		fmt.Fprintf(v.w, "{\"type\":\"error\",\"error\":%s}\n", msg)
	}
}

func ms(d time.Duration) *int64 {
	n := d.Milliseconds()
	return &n
}

func errText(err error) string {
	if err == nil {
		return ""
	}
	return err.Error()
}

func (v *jsonView) PreAction(a *plan.Action) {
	v.emit(event{Type: "action_start", Address: a.Address, Operation: string(a.Operation)})
}

func (v *jsonView) PostAction(a *plan.Action, o executor.Outcome) {
	v.emit(event{Type: "action_end", Address: a.Address, Operation: string(a.Operation), Status: string(o.Status),
		Adopted: o.Adopted, Stopped: o.Stopped, Reason: o.Reason, ElapsedMS: ms(o.Elapsed), Error: errText(o.Err)})
}

func (v *jsonView) StillRunning(a *plan.Action, d time.Duration) {
	v.emit(event{Type: "action_progress", Address: a.Address, Operation: string(a.Operation), ElapsedMS: ms(d)})
}

func (v *jsonView) PreUndo(a *plan.Action) { v.emit(event{Type: "undo_start", Address: a.Address}) }

func (v *jsonView) PostUndo(a *plan.Action, o executor.Outcome) {
	v.emit(event{Type: "undo_end", Address: a.Address, Status: string(o.Status), Stopped: o.Stopped,
		Reason: o.Reason, ElapsedMS: ms(o.Elapsed), Error: errText(o.Err), Description: o.Description})
}

func (v *jsonView) Resuming(p *plan.Plan, st *state.State) {
	v.emit(event{Type: "resume", PlanID: p.PlanID, Counts: &counts{AlreadyDone: st.Counts()[state.Done]}})
}

func (v *jsonView) RollbackPlan(rp *executor.RollbackPlan) {
	v.emit(event{Type: "rollback_plan", Undo: addressList(rp.Undo), Irreversible: addressList(rp.Irreversible), NotMade: addressList(rp.NotMade)})
}

func (v *jsonView) Summary(operation string, res *executor.Result, err error) {
	e := event{Type: "summary", Operation: operation, Outcome: outcome(err), Counts: &counts{
		Done: len(res.Done), Adopted: len(res.Adopted), AlreadyDone: len(res.AlreadyDone), Failed: len(res.Failed),
		Skipped: len(res.Skipped), Disabled: len(res.Disabled), Unfinished: len(res.Unfinished), Irreversible: len(res.Irreversible),
	}}
	for _, ae := range res.Errors {
		e.Errors = append(e.Errors, eventError{Address: ae.Address, Message: ae.Err.Error()})
	}
	if e.Outcome == "stopped" {
		e.Reason = errText(err)
	}
	v.emit(e)
}

func addressList(actions []*plan.Action) []string {
	out := make([]string, 0, len(actions))
	for _, a := range actions {
		out = append(out, a.Address)
	}
	return out
}

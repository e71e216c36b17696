package state

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"time"
)

// Status is where an action stands.
type Status string

// The statuses an action moves through. Apply moves an action from
// Pending through Running to Done or Failed (or Skipped when something it
// depends on failed); rollback moves a Done action through Undoing to
// Undone or UndoFailed.
const (
	Pending    Status = "pending"
	Running    Status = "running"
	Done       Status = "done"
	Failed     Status = "failed"
	Skipped    Status = "skipped"
	Undoing    Status = "undoing"
	Undone     Status = "undone"
	UndoFailed Status = "undo_failed"
)

// Statuses lists every status in the order an action meets them.
var Statuses = []Status{Pending, Running, Done, Failed, Skipped, Undoing, Undone, UndoFailed}

// Valid reports whether s is one of the known statuses.
func (s Status) Valid() bool {
	for _, v := range Statuses {
		if s == v {
			return true
		}
	}
	return false
}

// finishes reports whether entering s ends a run of the action's apply
// step, which stamps FinishedAt.
func (s Status) finishes() bool {
	return s == Done || s == Failed || s == Skipped
}

// Action is what the state remembers about one action of the plan.
type Action struct {
	Address    string    `json:"address"`
	Status     Status    `json:"status"`
	StartedAt  time.Time `json:"started_at,omitzero"`
	FinishedAt time.Time `json:"finished_at,omitzero"`
	// UndoneAt is when the action's undo ended (Undone or UndoFailed).
	UndoneAt time.Time `json:"undone_at,omitzero"`
	Attempts int       `json:"attempts,omitempty"`
	// Outputs is a JSON object of the action's outputs (PR number, tag
	// SHA, pipeline id…).
	Outputs json.RawMessage `json:"outputs,omitempty"`
	// UndoData is what the action's provider needs to undo it.
	UndoData json.RawMessage `json:"undo_data,omitempty"`
	Error    string          `json:"error,omitempty"`
	// Adopted is true when the world already held the action's result.
	Adopted bool `json:"adopted,omitempty"`
	// Note explains a status, e.g. "upstream failed: <address>".
	Note string `json:"note,omitempty"`
}

// State is what apply and rollback have done for one plan.
type State struct {
	FormatVersion string
	// Lineage identifies the state across plans: it is kept when a new
	// plan begins on the same state file.
	Lineage string
	PlanID  string
	// Release names the release for display, e.g. "APIM 3.4.7".
	Release string
	Created time.Time
	// StartedBy is who began the plan (user@host).
	StartedBy string
	// Actions holds every action of the plan by address.
	Actions map[string]*Action
	// Order lists the addresses in the order the plan listed them.
	Order []string
	// UpgradedFrom is the older format version the journal was written
	// in when it was upgraded on reading (upgrade.go), else "".
	UpgradedFrom string
}

// Complete reports whether every action of the plan is Done. Actions the
// plan found already done in the world are recorded as Done (Adopted), so
// a plan applied to completion is exactly one whose actions are all Done;
// Skipped, Failed and anything undone are not complete. A state that
// never began a plan is not complete.
func (s *State) Complete() bool {
	if s.PlanID == "" {
		return false
	}
	for _, addr := range s.Order {
		if a := s.Actions[addr]; a == nil || a.Status != Done {
			return false
		}
	}
	return true
}

// Counts returns how many actions have each status.
func (s *State) Counts() map[Status]int {
	n := make(map[Status]int)
	for _, a := range s.Actions {
		n[a.Status]++
	}
	return n
}

// Validate checks the state's invariants: a header, every listed address
// present once with a known status, and no action outside the list.
func (s *State) Validate() error {
	if s.Lineage == "" {
		return errors.New("state has no lineage")
	}
	if len(s.Actions) != len(s.Order) {
		return fmt.Errorf("state lists %d addresses but holds %d actions", len(s.Order), len(s.Actions))
	}
	for _, addr := range s.Order {
		a, ok := s.Actions[addr]
		if !ok || a.Address != addr {
			return fmt.Errorf("action %q is listed but not held", addr)
		}
		if err := a.validate(); err != nil {
			return err
		}
	}
	return nil
}

func (a *Action) validate() error {
	if err := a.validateStatus(); err != nil {
		return err
	}
	if len(a.Outputs) > 0 && !json.Valid(a.Outputs) {
		return fmt.Errorf("action %q: outputs are not valid JSON", a.Address)
	}
	if len(a.UndoData) > 0 && !json.Valid(a.UndoData) {
		return fmt.Errorf("action %q: undo data are not valid JSON", a.Address)
	}
	return nil
}

// validateStatus checks what a decoded record can get wrong (its JSON
// values were checked by decoding).
func (a *Action) validateStatus() error {
	if !a.Status.Valid() {
		return fmt.Errorf("action %q: unknown status %q", a.Address, a.Status)
	}
	if a.Attempts < 0 {
		return fmt.Errorf("action %q: negative attempts %d", a.Address, a.Attempts)
	}
	return nil
}

// clone returns a deep copy of s.
func (s *State) clone() *State {
	c := *s
	c.Order = append([]string(nil), s.Order...)
	c.Actions = make(map[string]*Action, len(s.Actions))
	for addr, a := range s.Actions {
		c.Actions[addr] = a.clone()
	}
	return &c
}

// action returns a copy of the record of addr, sharing its Outputs and
// UndoData (Merge replaces them, never modifies them); ok is false when
// s is nil (no plan has begun) or has no action addr.
func (s *State) action(addr string) (Action, bool) {
	if s == nil {
		return Action{}, false
	}
	a, ok := s.Actions[addr]
	if !ok || a == nil {
		return Action{}, false
	}
	return *a, true
}

func (a *Action) clone() *Action {
	c := *a
	c.Outputs = bytes.Clone(a.Outputs)
	c.UndoData = bytes.Clone(a.UndoData)
	return &c
}

// Merge applies one record to a: the one rule by which records combine,
// used by replay and by every Recorder, which the executor reads the
// state through. Fields of rec that are zero keep a's
// earlier values, except that:
//   - Running clears FinishedAt and Adopted, and increments Attempts
//     unless rec names the attempt;
//   - Done and Undone clear Error.
//
// Replaying a record through Merge gives the same result as recording it.
func (a *Action) Merge(rec *Action) {
	if rec.Status == Running {
		a.FinishedAt = time.Time{}
		a.Adopted = false
		a.Attempts++
	}
	if rec.Status == Done || rec.Status == Undone {
		a.Error = ""
	}
	a.Status = rec.Status
	if rec.Attempts != 0 {
		a.Attempts = rec.Attempts
	}
	setTime(&a.StartedAt, rec.StartedAt)
	setTime(&a.FinishedAt, rec.FinishedAt)
	setTime(&a.UndoneAt, rec.UndoneAt)
	if len(rec.Outputs) > 0 {
		a.Outputs = bytes.Clone(rec.Outputs)
	}
	if len(rec.UndoData) > 0 {
		a.UndoData = bytes.Clone(rec.UndoData)
	}
	if rec.Error != "" {
		a.Error = rec.Error
	}
	if rec.Adopted {
		a.Adopted = true
	}
	if rec.Note != "" {
		a.Note = rec.Note
	}
}

func setTime(dst *time.Time, v time.Time) {
	if !v.IsZero() {
		*dst = v
	}
}

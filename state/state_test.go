package state

import (
	"context"
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

// t0 is the fake clock's first reading; each reading advances a second.
var t0 = time.Date(2024, 5, 1, 10, 0, 0, 0, time.UTC)

func at(sec int) time.Time { return t0.Add(time.Duration(sec) * time.Second) }

// openTest opens a journal in a temporary directory with a fake clock and
// begins a plan of addrs.
func openTest(t *testing.T, addrs ...string) *Journal {
	t.Helper()
	j, err := Open(context.Background(), filepath.Join(t.TempDir(), "relctl.state"), "apply", 0)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { j.Close() })
	tick := 0
	j.now = func() time.Time { tick++; return at(tick - 1) }
	if len(addrs) > 0 {
		if err := j.Begin("plan-1", "APIM 3.4.7", addrs); err != nil {
			t.Fatal(err)
		}
	}
	return j
}

// checkReplay fails unless reading the file back gives the journal's
// in-memory state.
func checkReplay(t *testing.T, j *Journal) {
	t.Helper()
	got, err := Read(j.Path())
	if err != nil {
		t.Fatalf("Read: %v", err)
	}
	if diff := cmp.Diff(j.State(), got); diff != "" {
		t.Errorf("replayed state differs from recorded state (-recorded +replayed):\n%s", diff)
	}
}

func TestRecordSemantics(t *testing.T) {
	t.Parallel()
	const addr = "stage.prepare.github_tag.release"
	out := json.RawMessage(`{"sha":"1a2b3c4"}`)
	undo := json.RawMessage(`{"ref":"tags/1.20.5"}`)
	tests := map[string]struct {
		recs []Action
		want Action
	}{
		"nothing recorded": {
			want: Action{Status: Pending},
		},
		"run then done": {
			recs: []Action{{Status: Running}, {Status: Done, Outputs: out, UndoData: undo}},
			want: Action{Status: Done, StartedAt: at(1), FinishedAt: at(2), Attempts: 1, Outputs: out, UndoData: undo},
		},
		"failure then retry clears the error on done": {
			recs: []Action{{Status: Running}, {Status: Failed, Error: "boom"}, {Status: Running}, {Status: Done}},
			want: Action{Status: Done, StartedAt: at(3), FinishedAt: at(4), Attempts: 2},
		},
		"running again clears finished and keeps the last error": {
			recs: []Action{{Status: Running}, {Status: Failed, Error: "boom"}, {Status: Running}},
			want: Action{Status: Running, StartedAt: at(3), Attempts: 2, Error: "boom"},
		},
		"zero fields keep earlier values through undo": {
			recs: []Action{{Status: Running}, {Status: Done, Outputs: out, UndoData: undo}, {Status: Undoing}, {Status: Undone}},
			want: Action{Status: Undone, StartedAt: at(1), FinishedAt: at(2), UndoneAt: at(4), Attempts: 1, Outputs: out, UndoData: undo},
		},
		"undo failure keeps its error": {
			recs: []Action{{Status: Running}, {Status: Done}, {Status: Undoing}, {Status: UndoFailed, Error: "403 Forbidden"}},
			want: Action{Status: UndoFailed, StartedAt: at(1), FinishedAt: at(2), UndoneAt: at(4), Attempts: 1, Error: "403 Forbidden"},
		},
		"undone after an undo failure clears the error": {
			recs: []Action{{Status: Running}, {Status: Done}, {Status: Undoing}, {Status: UndoFailed, Error: "x"}, {Status: Undoing}, {Status: Undone}},
			want: Action{Status: Undone, StartedAt: at(1), FinishedAt: at(2), UndoneAt: at(6), Attempts: 1},
		},
		"adopted with a note": {
			recs: []Action{{Status: Running}, {Status: Done, Adopted: true, Note: "tag already exists on 1a2b3c4"}},
			want: Action{Status: Done, StartedAt: at(1), FinishedAt: at(2), Attempts: 1, Adopted: true, Note: "tag already exists on 1a2b3c4"},
		},
		"running again clears adopted": {
			recs: []Action{{Status: Done, Adopted: true}, {Status: Running}},
			want: Action{Status: Running, StartedAt: at(2), Attempts: 1},
		},
		"explicit attempt and times are kept": {
			recs: []Action{{Status: Running, Attempts: 5, StartedAt: at(100)}, {Status: Done, FinishedAt: at(200)}},
			want: Action{Status: Done, StartedAt: at(100), FinishedAt: at(200), Attempts: 5},
		},
		"skipped is stamped and attempts nothing": {
			recs: []Action{{Status: Skipped, Note: "upstream failed: stage.prepare.github_branch.prepare"}},
			want: Action{Status: Skipped, FinishedAt: at(1), Note: "upstream failed: stage.prepare.github_branch.prepare"},
		},
		"later outputs replace earlier ones": {
			recs: []Action{{Status: Running, Outputs: json.RawMessage(`{"run":1}`)}, {Status: Done, Outputs: out}},
			want: Action{Status: Done, StartedAt: at(1), FinishedAt: at(2), Attempts: 1, Outputs: out},
		},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			j := openTest(t, addr, "other")
			for _, rec := range tc.recs {
				rec.Address = addr
				if err := j.Record(rec); err != nil {
					t.Fatalf("Record(%+v): %v", rec, err)
				}
			}
			tc.want.Address = addr
			if diff := cmp.Diff(&tc.want, j.State().Actions[addr]); diff != "" {
				t.Errorf("action (-want +got):\n%s", diff)
			}
			checkReplay(t, j)
		})
	}
}

func TestRecordRejects(t *testing.T) {
	t.Parallel()
	tests := map[string]struct {
		begin bool
		close bool
		rec   Action
		want  string
	}{
		"no plan begun":   {rec: Action{Address: "a", Status: Running}, want: "no plan has begun"},
		"unknown address": {begin: true, rec: Action{Address: "nope", Status: Running}, want: `action "nope" is not in the plan`},
		"unknown status":  {begin: true, rec: Action{Address: "a", Status: "finished"}, want: `unknown status "finished"`},
		"no status":       {begin: true, rec: Action{Address: "a"}, want: `unknown status ""`},
		"invalid outputs": {begin: true, rec: Action{Address: "a", Status: Done, Outputs: json.RawMessage(`{"a":`)}, want: "outputs are not valid JSON"},
		"negative attempts": {begin: true, rec: Action{Address: "a", Status: Failed, Attempts: -1},
			want: "negative attempts"},
		"closed": {begin: true, close: true, rec: Action{Address: "a", Status: Running}, want: "closed"},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			j := openTest(t)
			if tc.begin {
				if err := j.Begin("p", "", []string{"a"}); err != nil {
					t.Fatal(err)
				}
			}
			if tc.close {
				j.Close()
			}
			err := j.Record(tc.rec)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("Record error = %v, want one containing %q", err, tc.want)
			}
			if tc.begin && !tc.close {
				if diff := cmp.Diff(Pending, j.State().Actions["a"].Status); diff != "" {
					t.Errorf("a rejected record changed the state:\n%s", diff)
				}
				checkReplay(t, j)
			}
		})
	}
}

func TestComplete(t *testing.T) {
	t.Parallel()
	tests := map[string]struct {
		state *State
		want  bool
	}{
		"no plan":    {state: &State{}, want: false},
		"empty plan": {state: &State{PlanID: "p", Lineage: "l", Actions: map[string]*Action{}}, want: true},
		"all done": {state: &State{PlanID: "p", Order: []string{"a", "b"}, Actions: map[string]*Action{
			"a": {Address: "a", Status: Done}, "b": {Address: "b", Status: Done, Adopted: true}}}, want: true},
		"one skipped": {state: &State{PlanID: "p", Order: []string{"a", "b"}, Actions: map[string]*Action{
			"a": {Address: "a", Status: Done}, "b": {Address: "b", Status: Skipped}}}, want: false},
		"one undone": {state: &State{PlanID: "p", Order: []string{"a"}, Actions: map[string]*Action{
			"a": {Address: "a", Status: Undone}}}, want: false},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			if got := tc.state.Complete(); got != tc.want {
				t.Errorf("Complete() = %v, want %v", got, tc.want)
			}
		})
	}
}

func TestStateIsACopy(t *testing.T) {
	t.Parallel()
	j := openTest(t, "a")
	if err := j.Record(Action{Address: "a", Status: Done, Outputs: json.RawMessage(`{"n":1}`)}); err != nil {
		t.Fatal(err)
	}
	s := j.State()
	s.Actions["a"].Status = Failed
	s.Actions["a"].Outputs[6] = '2'
	s.Order[0] = "x"
	got := j.State()
	if got.Actions["a"].Status != Done || string(got.Actions["a"].Outputs) != `{"n":1}` || got.Order[0] != "a" {
		t.Errorf("changing a copy changed the journal: %+v", got.Actions["a"])
	}
}

func TestSecretsAreRedacted(t *testing.T) {
	t.Parallel()
	const canary = "ghp_canaryTOKEN0123456789"
	j := openTest(t, "a")
	j.AddSecrets(canary, "ab") // too short to be treated as a secret
	err := j.Record(Action{
		Address:  "a",
		Status:   Failed,
		Error:    "POST https://x-access-token:" + canary + "@github.com: 401",
		Note:     "token " + canary,
		Outputs:  json.RawMessage(`{"url":"https://` + canary + `@example.com","n":12345678901234567890,"ab":"ab"}`),
		UndoData: json.RawMessage(`{"` + canary + `":["` + canary + `"]}`),
	})
	if err != nil {
		t.Fatal(err)
	}
	got := j.State().Actions["a"]
	want := &Action{
		Address:    "a",
		Status:     Failed,
		FinishedAt: at(1),
		Error:      "POST https://x-access-token:(sensitive)@github.com: 401",
		Note:       "token (sensitive)",
		Outputs:    json.RawMessage(`{"ab":"ab","n":12345678901234567890,"url":"https://(sensitive)@example.com"}`),
		UndoData:   json.RawMessage(`{"(sensitive)":["(sensitive)"]}`),
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("recorded action (-want +got):\n%s", diff)
	}
	data := readFile(t, j.Path())
	if strings.Contains(string(data), canary) {
		t.Errorf("the state file holds the secret:\n%s", data)
	}
	checkReplay(t, j)
}

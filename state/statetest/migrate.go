package statetest

import (
	"errors"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/relctl/relctl/state"
)

// Fill records a plan of every status in b through a Recorder, saves
// its plan, and returns the state.
func Fill(t *testing.T, b state.Backend) *state.State {
	t.Helper()
	r := openRecorder(t, b)
	addrs := []string{"git_tag.a", "github_pr.b", "exec.c", "slack.d", "git_branch.e", "git_push.f"}
	if err := r.Begin("P-fill", "APIM 3.4.7", addrs); err != nil {
		t.Fatal(err)
	}
	for _, rec := range []state.Action{
		{Address: "git_tag.a", Status: state.Running},
		{Address: "git_tag.a", Status: state.Done, Outputs: []byte(`{"sha":"0a1b"}`), UndoData: []byte(`{"ref":"refs/tags/3.4.7"}`)},
		{Address: "github_pr.b", Status: state.Running},
		{Address: "github_pr.b", Status: state.Done, Adopted: true, Outputs: []byte(`{"number":42}`)},
		{Address: "github_pr.b", Status: state.Undoing},
		{Address: "github_pr.b", Status: state.UndoFailed, Error: "merged"},
		{Address: "exec.c", Status: state.Running},
		{Address: "exec.c", Status: state.Failed, Error: "exit status 2"},
		{Address: "slack.d", Status: state.Skipped, Note: "upstream failed: exec.c"},
		{Address: "git_branch.e", Status: state.Running},
	} {
		if err := r.Record(rec); err != nil {
			t.Fatal(err)
		}
	}
	if err := b.SavePlan(ctx, "P-fill", []byte(`{"format_version":"1","plan_id":"P-fill"}`)); err != nil {
		t.Fatal(err)
	}
	return r.State()
}

// TestMigrate migrates the state Fill makes from src to dst, which must
// then hold the same state and plan, and refuses a second migration.
func TestMigrate(t *testing.T, src, dst state.Backend) {
	want := Fill(t, src)
	if err := state.Migrate(ctx, src, dst); err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(want, read(t, dst)); diff != "" {
		t.Errorf("migrated state (-want +got):\n%s", diff)
	}
	from, _ := src.LoadPlan(ctx, "P-fill")
	if got, err := dst.LoadPlan(ctx, "P-fill"); err != nil || string(got) != string(from) {
		t.Errorf("migrated plan %q, %v; want %q", got, err, from)
	}
	if err := state.Migrate(ctx, src, dst); err == nil {
		t.Error("a second migration replaced the state")
	}
	empty := state.Migrate(ctx, dst, src)
	if empty == nil || errors.Is(empty, state.ErrNoState) {
		t.Errorf("migrating onto a backend with a state: got %v, want a refusal", empty)
	}
}

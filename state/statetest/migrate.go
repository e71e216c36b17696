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
	defer r.Close()
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
// then hold the same state and plan; a second migration leaves dst as it
// is, a dst holding another plan is refused, and so is a migration while
// a run holds a lock.
func TestMigrate(t *testing.T, src, dst state.Backend) {
	want := Fill(t, src)
	if err := state.Migrate(ctx, src, dst, 0); err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(want, read(t, dst)); diff != "" {
		t.Errorf("migrated state (-want +got):\n%s", diff)
	}
	from, _ := src.LoadPlan(ctx, "P-fill")
	if got, err := dst.LoadPlan(ctx, "P-fill"); err != nil || string(got) != string(from) {
		t.Errorf("migrated plan %q, %v; want %q", got, err, from)
	}
	for _, l := range []state.Backend{src, dst} {
		if _, err := l.LockInfo(ctx); !errors.Is(err, state.ErrNotLocked) {
			t.Errorf("LockInfo of %s after the migration: got %v, want ErrNotLocked", l, err)
		}
	}
	if err := state.Migrate(ctx, src, dst, 0); err != nil {
		t.Errorf("a second migration of the same lineage and plan: %v", err)
	}
	if diff := cmp.Diff(want, read(t, dst)); diff != "" {
		t.Errorf("state after a second migration (-want +got):\n%s", diff)
	}

	r := openRecorder(t, src)
	for _, m := range [][2]state.Backend{{src, dst}, {dst, src}} {
		if err := state.Migrate(ctx, m[0], m[1], 0); !errors.Is(err, state.ErrLocked) {
			t.Errorf("migrating %s to %s while a recorder holds a lock: got %v, want ErrLocked", m[0], m[1], err)
		}
	}
	if err := r.Begin("P-next", "APIM 3.4.8", []string{"git_tag.a"}); err != nil {
		t.Fatal(err)
	}
	r.Close()
	for _, m := range [][2]state.Backend{{src, dst}, {dst, src}} {
		err := state.Migrate(ctx, m[0], m[1], 0)
		if err == nil || errors.Is(err, state.ErrNoState) || errors.Is(err, state.ErrLocked) {
			t.Errorf("migrating %s onto %s, which holds another plan: got %v, want a refusal", m[0], m[1], err)
		}
	}
	if diff := cmp.Diff(want, read(t, dst)); diff != "" {
		t.Errorf("state after refused migrations (-want +got):\n%s", diff)
	}
}

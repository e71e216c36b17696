package main

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/relctl/relctl/planner/plan"
	"github.com/relctl/relctl/providers"
	"github.com/relctl/relctl/state"
)

var rfc3339 = regexp.MustCompile(`\b\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ\b`)

// TestApplyWithoutFileResumesTheBackendsPlan: after a failed apply, relctl
// apply with no plan file (and no -auto-approve: the plan was approved
// when it began) resumes the plan kept with the state and says which; a
// plan file is not needed, and -var is refused while it is unfinished.
func TestApplyWithoutFileResumesTheBackendsPlan(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	actions := []plan.Action{
		execAction("stage.s.exec.a", "a", true),
		shellAction("stage.s.exec.gate", map[string]any{"argv": []string{"sh", "-c", "test -f ok || { echo 'ok is missing' >&2; exit 4; }"}},
			providers.Irreversible, "stage.s.exec.a"),
		execAction("stage.s.exec.after", "after", true, "stage.s.exec.gate"),
	}
	path, p := writePlan(t, dir, nil, actions...)
	if r := relctl(t, "-chdir="+dir, "apply", path); r.code != 1 {
		t.Fatalf("first apply: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	if err := os.Remove(path); err != nil {
		t.Fatal(err)
	}
	refused := relctl(t, "-chdir="+dir, "apply", "-var", "x=1")
	if err := os.WriteFile(filepath.Join(dir, "ok"), nil, 0o644); err != nil {
		t.Fatal(err)
	}
	resumed := relctl(t, "-chdir="+dir, "apply")
	again := relctl(t, "-chdir="+dir, "apply")
	st, err := state.Read(filepath.Join(dir, "relctl.state"))
	if err != nil {
		t.Fatal(err)
	}
	who := st.StartedBy
	if who == "" || !strings.Contains(who, "@") {
		t.Errorf("the state names no one who began the plan: %q", who)
	}
	got := refused.transcript(p, dir) + "\n=== resume\n" + resumed.transcript(p, dir) + "\n=== again\n" + again.transcript(p, dir)
	got = rfc3339.ReplaceAllString(strings.ReplaceAll(got, who, "USER@HOST"), "TIME")
	assertApplyGolden(t, "apply", "resume_without_plan_file", got)
	if diff := cmp.Diff("a\nafter\n", readOut(t, dir)); diff != "" {
		t.Errorf("out.txt (-want +got): the resume must not run a again\n%s", diff)
	}
}

package main

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/relctl/relctl/planner/plan"
)

// rollbackTranscript is r's transcript with the rollback plan's id, its
// state digest and its time replaced, since they change with every run.
func rollbackTranscript(t *testing.T, r cliRun, p *plan.Plan, dir string) string {
	t.Helper()
	s := r.transcript(p, dir)
	rb, err := plan.ReadFile(filepath.Join(dir, "rollback.out"))
	if err != nil {
		return s
	}
	id, digest := rb.PlanID, rb.Rollback.StateDigest
	for _, x := range []struct{ from, to string }{
		{id[:12], "ROLLBACKID"}, {id[:4] + "…" + id[60:], "ROLLBACKID"},
		{digest[:4] + "…" + digest[60:], "DIGEST"}, {digest[:12], "DIGEST"},
		{p.PlanID[:4] + "…" + p.PlanID[60:], "PLANID"},
		{rb.CreatedAt.UTC().Format("2006-01-02 15:04:05 UTC"), "TIME"},
	} {
		s = strings.ReplaceAll(s, x.from, x.to)
	}
	return nowDigest.ReplaceAllString(s, "now DIGEST)")
}

// nowDigest is the digest of the state a stale refusal found.
var nowDigest = regexp.MustCompile(`now [0-9a-f]{12}\)`)

// inDir makes rollback.out an absolute path in dir.
func inDir(dir string, args []string) []string {
	out := make([]string, len(args))
	for i, a := range args {
		if a == "rollback.out" {
			a = filepath.Join(dir, a)
		}
		out[i] = a
	}
	return out
}

// TestRollbackPlanFile: rollback -out saves the rollback plan, show and
// show -markdown render it, apply performs exactly it, and apply refuses
// it once the state changed.
func TestRollbackPlanFile(t *testing.T) {
	t.Parallel()
	tests := map[string]struct {
		runs    [][]string
		wantOut string
	}{
		"saved, shown, applied": {
			runs: [][]string{{"rollback", "-out", "rollback.out"}, {"show", "rollback.out"}, {"show", "-markdown", "rollback.out"},
				{"apply", "rollback.out"}, {"apply", "rollback.out"}},
			wantOut: "a\nb\nc\nundo b\nundo a\n",
		},
		"stale after the state changed": {
			runs: [][]string{{"rollback", "-out", "rollback.out", "-target=stage.s.exec.a"},
				{"rollback", "-auto-approve", "-target=stage.s.exec.b"}, {"apply", "rollback.out"}},
			wantOut: "a\nb\nc\nundo b\n",
		},
		"not with -json": {
			runs:    [][]string{{"rollback", "-out", "rollback.out", "-json"}},
			wantOut: "a\nb\nc\n",
		},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			dir, p := appliedDir(t, threeActions()...)
			var transcript []string
			for _, args := range tc.runs {
				args = inDir(dir, args)
				r := relctl(t, append([]string{"-chdir=" + dir}, args...)...)
				transcript = append(transcript, "=== relctl "+strings.ReplaceAll(strings.Join(args, " "), dir, "DIR")+"\n"+rollbackTranscript(t, r, p, dir))
			}
			assertApplyGolden(t, "rollback", "plan_file_"+strings.NewReplacer(" ", "_", ",", "").Replace(name), strings.Join(transcript, "\n"))
			if diff := cmp.Diff(tc.wantOut, readOut(t, dir)); diff != "" {
				t.Errorf("out.txt (-want +got):\n%s", diff)
			}
		})
	}
}

// TestRollbackPlanFileOfAnotherState: a rollback plan applies only to the
// state of the plan it undoes.
func TestRollbackPlanFileOfAnotherState(t *testing.T) {
	t.Parallel()
	dir, p := appliedDir(t, threeActions()...)
	if r := relctl(t, "-chdir="+dir, "rollback", "-out", filepath.Join(dir, "rollback.out")); r.code != 0 {
		t.Fatal(r.transcript(p, dir))
	}
	other, _ := appliedDir(t, execAction("stage.s.exec.z", "z", true))
	data, err := os.ReadFile(filepath.Join(dir, "rollback.out"))
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(other, "rollback.out"), data, 0o644); err != nil {
		t.Fatal(err)
	}
	r := relctl(t, "-chdir="+other, "apply", filepath.Join(other, "rollback.out"))
	if r.code != 1 || !strings.Contains(r.stderr, "undoes plan "+p.PlanID[:12]+", but the state holds plan ") {
		t.Errorf("apply of the rollback of another plan:\n%s", r.transcript(p, other))
	}
}

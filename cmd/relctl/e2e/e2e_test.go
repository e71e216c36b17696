package e2e

import (
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/relctl/relctl/state/pg/pgtest"
)

// TestMain builds relctl once, as users get it (without -race even when
// the tests run under -race), and makes the quickstart's repositories that
// every test copies.
func TestMain(m *testing.M) { os.Exit(testMain(m)) }

func testMain(m *testing.M) int {
	dir, err := os.MkdirTemp("", "relctl-e2e-")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	defer os.RemoveAll(dir)
	relctlBin = filepath.Join(dir, "relctl")
	build := exec.Command("go", "build", "-o", relctlBin, "github.com/relctl/relctl/cmd/relctl")
	build.Stdout, build.Stderr = os.Stderr, os.Stderr
	if err := build.Run(); err != nil {
		fmt.Fprintf(os.Stderr, "building relctl: %v\n", err)
		return 1
	}
	if err := makeTemplate(filepath.Join(dir, "template")); err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	return pgtest.Run(m)
}

// wantAppliedOnce checks what a plan applied to completion leaves: every
// component released exactly once in the remotes, every action done in
// the state, the state readable, and the plan refused if applied again.
func (w *workspace) wantAppliedOnce(before snapshot, plan shownPlan, rels ...released) {
	w.t.Helper()
	w.wantReleased(before, rels...)
	w.wantAllDone(plan)
	w.wantStateMatchesRemotes(before, rels...)
	show := w.mustRun(0, "show")
	wantOutput(w.t, "relctl show", show.stdout, plan.PlanID, "Every action is done.")
	after := w.snapshot()
	again := w.mustRun(1, "apply", "plan.out")
	wantOutput(w.t, "apply of an applied plan", again.stderr, "plan "+plan.PlanID[:12]+" was already applied to completion")
	w.wantRefs("after applying the plan again", after)
}

// wantAllDone checks that the state lists every action of plan as done.
func (w *workspace) wantAllDone(plan shownPlan) {
	w.t.Helper()
	want := map[string]string{}
	for _, a := range plan.addresses() {
		want[a] = "done"
	}
	if diff := cmp.Diff(want, w.statuses()); diff != "" {
		w.t.Errorf("state list (-want +got):\n%s", diff)
	}
}

// wantStateMatchesRemotes checks that what the state recorded for each
// release (the commit, the tag, what the push replaced) is what the
// remotes hold: a rollback undoes from these records.
func (w *workspace) wantStateMatchesRemotes(before snapshot, rels ...released) {
	w.t.Helper()
	after := w.snapshot()
	for _, r := range rels {
		head, tag := after[r.component]["refs/heads/main"], after[r.component]["refs/tags/"+r.tag]
		release := w.git(r.component, "rev-parse", "refs/tags/"+r.tag+"^{commit}")
		addr := `stage.release["` + r.component + `"].`
		want := map[string][]string{
			"git_commit.version": {`sha = "` + release + `"`},
			"git_tag.release":    {`sha = "` + release + `"`, `tag = "` + r.tag + `"`},
			"git_push.publish": {
				`"ref":"refs/heads/main","old":"` + before[r.component]["refs/heads/main"] + `","new":"` + head + `"`,
				`"ref":"refs/tags/` + r.tag + `","new":"` + tag + `"`,
			},
		}
		if r.next != "" {
			want["git_commit.next"] = []string{`sha = "` + head + `"`}
		}
		for action, lines := range want {
			shown := w.mustRun(0, "state", "show", addr+action)
			wantOutput(w.t, "state show "+addr+action, shown.stdout, lines...)
		}
	}
}

// wantNoState checks that no apply got as far as the state.
func (w *workspace) wantNoState() {
	w.t.Helper()
	if _, err := os.Stat(w.path("work/relctl.state")); !os.IsNotExist(err) {
		w.t.Errorf("a refused apply left a state file (%v)", err)
	}
}

func TestApplyReleasesEveryComponentOnce(t *testing.T) {
	t.Parallel()
	w := newWorkspace(t, quickstart(t))
	before := w.snapshot()
	w.plan()
	plan := w.showPlan()
	type component struct{ Name, Version, Tag string }
	var got, want []component
	for _, c := range plan.Components {
		got = append(got, component{c.Name, c.Version, c.Tag})
	}
	for _, r := range quickstartRelease {
		want = append(want, component{r.component, r.version, r.tag})
	}
	less := func(a, b component) bool { return a.Name < b.Name }
	if diff := cmp.Diff(want, got, cmpopts.SortSlices(less)); diff != "" {
		t.Fatalf("planned components (-want +got):\n%s", diff)
	}

	wrong := strings.Repeat("0", 64)
	r := w.mustRun(1, "apply", "-plan-sha256", wrong, "plan.out")
	wantOutput(t, "apply -plan-sha256 of another plan", r.stderr,
		"has sha256 "+plan.PlanID+", not "+wrong, "it is not the plan that was reviewed")
	w.wantRefs("after a refused -plan-sha256", before)
	w.wantNoState()

	r = w.mustRun(0, "apply", "-plan-sha256", strings.ToUpper(plan.PlanID), "plan.out")
	disabled := 0
	for _, a := range plan.Actions {
		if plan.disabled(a.Address) {
			disabled++
		}
	}
	wantOutput(t, "apply", r.stdout, fmt.Sprintf("Apply complete! %d done, %d disabled.", len(plan.Actions)-disabled, disabled))
	w.wantAppliedOnce(before, plan, quickstartRelease...)
}

func TestTamperedPlanRefused(t *testing.T) {
	t.Parallel()
	w := newWorkspace(t, quickstart(t))
	before := w.snapshot()
	id := w.plan()
	data, err := os.ReadFile(w.path("plan.out"))
	if err != nil {
		t.Fatal(err)
	}
	// flip changes the byte at i to c.
	flip := func(i int, c byte) []byte {
		out := append([]byte(nil), data...)
		out[i] = c
		return out
	}
	at := func(s string, off int) int {
		i := strings.Index(string(data), s)
		if i < 0 {
			t.Fatalf("plan.out does not hold %q", s)
		}
		return i + off
	}
	const tampered = "plan file was modified after it was written"
	tests := map[string]struct {
		plan []byte
		want []string
	}{
		"a version": {
			plan: flip(at(`"version": "1.5.0"`, len(`"version": "1.`)), '6'),
			want: []string{tampered, "its content has sha256"},
		},
		"the plan id": {
			plan: flip(at(id, 0), map[bool]byte{true: '1', false: '0'}[id[0] == '0']),
			want: []string{tampered, "but it claims"},
		},
		"the layout": {
			plan: flip(at("\n  ", 1), '\t'),
			want: []string{tampered, "not in the form relctl writes"},
		},
	}
	rng := rand.New(rand.NewPCG(trialSeed(t), 0))
	for range 3 {
		pos := rng.IntN(len(data))
		tests[fmt.Sprintf("byte %d", pos)] = struct {
			plan []byte
			want []string
		}{plan: flip(pos, data[pos]^byte(1<<rng.IntN(7)))}
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			file := strings.ReplaceAll(name, " ", "-") + ".out"
			w.write(file, string(tc.plan))
			r := mustRun(t, w.dir, 1, "apply", file)
			wantOutput(t, "apply of a tampered plan", r.stderr, append(tc.want, file)...)
		})
	}
	w.wantRefs("after tampered plans", before)
	w.wantNoState()
}

func TestStalePlanRefused(t *testing.T) {
	t.Parallel()
	tests := map[string]struct {
		// change changes a remote after the plan, as someone else would.
		change func(t *testing.T, w *workspace)
		want   []string
	}{
		"branch moved": {
			change: func(t *testing.T, w *workspace) { w.pushCommit(t, "api") },
			want:   []string{"plan is stale", "branch main of remotes/api", "run relctl plan again"},
		},
		"tag created": {
			change: func(t *testing.T, w *workspace) { w.gitOut("common", "tag", "v1.5.0", "main") },
			want:   []string{"plan is stale", "tag v1.5.0 does not exist in remotes/common", "was absent, now b3ffd8e"},
		},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			w := newWorkspace(t, quickstart(t))
			w.plan()
			tc.change(t, w)
			changed := w.snapshot()
			r := w.mustRun(1, "apply", "plan.out")
			wantOutput(t, "apply of a stale plan", r.stderr, tc.want...)
			if r.stdout != "" {
				t.Errorf("a stale plan started actions:\n%s", r.stdout)
			}
			w.wantRefs("after a stale plan", changed)
		})
	}
}

// TestReplanAfterStale plans again after a refused stale plan: the state
// the refused apply left does not stand in the way, and the release is
// made on top of the commit that made the plan stale.
func TestReplanAfterStale(t *testing.T) {
	t.Parallel()
	w := newWorkspace(t, quickstart(t))
	w.plan()
	head := w.pushCommit(t, "api")
	moved := w.snapshot()
	w.mustRun(1, "apply", "plan.out")

	w.plan()
	plan := w.showPlan()
	w.mustRun(0, "apply", "plan.out")
	if got := w.git("api", "rev-parse", "refs/tags/api-2.0.1^{commit}^"); got != head {
		t.Errorf("api's release commit is on %s, want on the late commit %s", got, head)
	}
	w.wantAppliedOnce(moved, plan, quickstartRelease...)
}

// trialSeed seeds the tests' random choices: RELCTL_E2E_SEED, or a fixed
// seed. It is logged, so that a failing run can be repeated.
func trialSeed(t *testing.T) uint64 {
	t.Helper()
	seed := uint64(20261122)
	if v := os.Getenv("RELCTL_E2E_SEED"); v != "" {
		n, err := strconv.ParseUint(v, 10, 64)
		if err != nil {
			t.Fatalf("RELCTL_E2E_SEED=%q: %v", v, err)
		}
		seed = n
	}
	t.Logf("seed %d (set RELCTL_E2E_SEED to change it)", seed)
	return seed
}

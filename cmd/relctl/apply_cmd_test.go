package main

import (
	"bytes"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/sebdah/goldie/v2"

	"github.com/relctl/relctl/planner/plan"
	"github.com/relctl/relctl/providers"
)

// execAction is an exec action that appends line to out.txt in the
// configuration directory; undo, when set, appends "undo LINE".
func execAction(addr, line string, undo bool, deps ...string) plan.Action {
	args := map[string]any{"argv": []string{"sh", "-c", "echo " + line + " >> out.txt"}}
	rev := providers.Irreversible
	if undo {
		args["undo"] = []string{"sh", "-c", "echo undo " + line + " >> out.txt"}
		rev = providers.Compensable
	}
	return shellAction(addr, args, rev, deps...)
}

// shellAction is an exec action with the given arguments.
func shellAction(addr string, args map[string]any, rev providers.Reversibility, deps ...string) plan.Action {
	raw, _ := json.Marshal(args)
	parts := strings.Split(addr, ".")
	return plan.Action{
		Address: addr, Stage: parts[1], Type: "exec", Name: parts[len(parts)-1], Provider: "exec",
		Operation: providers.OpRun, Reversibility: rev, DependsOn: deps, Args: raw,
		Description: "run " + addr, OnFailure: "halt",
	}
}

// writePlan saves a plan of actions in dir/plan.out and returns its path.
func writePlan(t *testing.T, dir string, facts []providers.Fact, actions ...plan.Action) (string, *plan.Plan) {
	t.Helper()
	p := &plan.Plan{
		FormatVersion: plan.FormatVersion,
		RelctlVersion: Version,
		Release:       plan.Release{Name: "Demo", Version: "1.0.0"},
		Actions:       actions,
		Facts:         facts,
		Settings:      plan.Settings{StatePath: "relctl.state", Parallelism: 1},
	}
	path := filepath.Join(dir, "plan.out")
	if _, err := plan.WriteFile(path, p); err != nil {
		t.Fatal(err)
	}
	return path, p
}

type cliRun struct {
	code           int
	stdout, stderr string
}

func relctl(t *testing.T, args ...string) cliRun {
	t.Helper()
	var out, errb bytes.Buffer
	code := run(args, strings.NewReader(""), &out, &errb)
	return cliRun{code: code, stdout: out.String(), stderr: errb.String()}
}

var (
	durations  = regexp.MustCompile(`\[[0-9][0-9hms.µ]*( elapsed)?\]`)
	eventTimes = regexp.MustCompile(`"time":"[^"]*"|"elapsed_ms":[0-9]+`)
	sha256s    = regexp.MustCompile(`\b[0-9a-f]{64}\b`)
)

// transcript is a run's output with the variable parts replaced.
func (r cliRun) transcript(p *plan.Plan, dir string) string {
	s := "exit " + string(rune('0'+r.code)) + "\n--- stdout\n" + r.stdout + "--- stderr\n" + r.stderr
	s = strings.ReplaceAll(s, dir, "DIR")
	if p != nil {
		s = strings.ReplaceAll(s, p.PlanID, "PLANID")
		s = strings.ReplaceAll(s, p.PlanID[:12], "PLANID")
	}
	s = sha256s.ReplaceAllString(s, "SHA256")
	s = eventTimes.ReplaceAllStringFunc(s, func(m string) string { return m[:strings.IndexByte(m, ':')+1] + `"T"` })
	return durations.ReplaceAllString(s, "[T]")
}

func assertApplyGolden(t *testing.T, dir, name, got string) {
	t.Helper()
	g := goldie.New(t, goldie.WithFixtureDir(filepath.Join("testdata", dir)), goldie.WithNameSuffix(".golden"))
	g.Assert(t, name, []byte(got))
}

func readOut(t *testing.T, dir string) string {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(dir, "out.txt"))
	if err != nil && !os.IsNotExist(err) {
		t.Fatal(err)
	}
	return string(data)
}

// threeActions: a, then b after a; c independent.
func threeActions() []plan.Action {
	return []plan.Action{
		execAction("stage.s.exec.a", "a", true),
		execAction("stage.s.exec.b", "b", true, "stage.s.exec.a"),
		execAction("stage.t.exec.c", "c", false),
	}
}

func TestApplyCompleteThenRefused(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	path, p := writePlan(t, dir, nil, threeActions()...)
	first := relctl(t, "-chdir="+dir, "apply", path)
	second := relctl(t, "-chdir="+dir, "apply", path)
	assertApplyGolden(t, "apply", "complete", first.transcript(p, dir)+"\n=== again\n"+second.transcript(p, dir))
	if diff := cmp.Diff("a\nb\nc\n", readOut(t, dir)); diff != "" {
		t.Errorf("out.txt (-want +got):\n%s", diff)
	}
}

func TestApplyFailureThenResume(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	actions := []plan.Action{
		execAction("stage.s.exec.a", "a", true),
		shellAction("stage.s.exec.gate", map[string]any{"argv": []string{"sh", "-c", "test -f ok || { echo 'ok is missing' >&2; exit 4; }"}},
			providers.Irreversible, "stage.s.exec.a"),
		execAction("stage.s.exec.after", "after", true, "stage.s.exec.gate"),
		execAction("stage.t.exec.d", "d", true),
	}
	path, p := writePlan(t, dir, nil, actions...)
	failed := relctl(t, "-chdir="+dir, "apply", path)
	if err := os.WriteFile(filepath.Join(dir, "ok"), nil, 0o644); err != nil {
		t.Fatal(err)
	}
	resumed := relctl(t, "-chdir="+dir, "apply", path)
	assertApplyGolden(t, "apply", "failure_then_resume", failed.transcript(p, dir)+"\n=== resume\n"+resumed.transcript(p, dir))
	if diff := cmp.Diff("a\nd\nafter\n", readOut(t, dir)); diff != "" {
		t.Errorf("out.txt (-want +got): the resume must not run a again\n%s", diff)
	}
}

func TestApplyRefusals(t *testing.T) {
	t.Parallel()
	head := gitRepo(t)
	tests := map[string]struct {
		args  func(path string) []string
		facts func(repo string) []providers.Fact
	}{
		"sha256 of another plan": {
			args: func(path string) []string { return []string{"apply", "-plan-sha256=" + strings.Repeat("AB", 32), path} },
		},
		"stale fact": {
			args: func(path string) []string { return []string{"apply", path} },
			facts: func(repo string) []providers.Fact {
				return []providers.Fact{{Provider: "git", Key: "ref:" + repo + ":heads/main", Value: strings.Repeat("0", 40), Description: "branch main of the repository is at 0000000"}}
			},
		},
		"tampered plan": {
			args: func(path string) []string {
				data, _ := os.ReadFile(path)
				os.WriteFile(path, bytes.Replace(data, []byte("echo a"), []byte("echo A"), 1), 0o644)
				return []string{"apply", path}
			},
		},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			dir := t.TempDir()
			var facts []providers.Fact
			if tc.facts != nil {
				facts = tc.facts(head.dir)
			}
			path, p := writePlan(t, dir, facts, threeActions()...)
			got := relctl(t, append([]string{"-chdir=" + dir}, tc.args(path)...)...)
			out := strings.ReplaceAll(got.transcript(p, dir), head.dir, "REPO")
			assertApplyGolden(t, "apply", "refused_"+strings.ReplaceAll(name, " ", "_"), strings.ReplaceAll(out, head.sha[:7], "HEADSHA"))
			if readOut(t, dir) != "" {
				t.Errorf("a refused plan ran actions")
			}
		})
	}
}

func TestApplyAnotherPlanWhileOneIsUnfinished(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	failing := shellAction("stage.s.exec.fail", map[string]any{"argv": []string{"false"}}, providers.Irreversible, "stage.s.exec.a")
	path, first := writePlan(t, dir, nil, execAction("stage.s.exec.a", "a", true), failing)
	if r := relctl(t, "-chdir="+dir, "apply", path); r.code != 1 {
		t.Fatalf("first apply: %s", r.transcript(first, dir))
	}
	path, second := writePlan(t, dir, nil, execAction("stage.s.exec.other", "other", true))
	got := relctl(t, "-chdir="+dir, "apply", path)
	out := strings.ReplaceAll(got.transcript(second, dir), first.PlanID[:12], "FIRSTPLAN")
	assertApplyGolden(t, "apply", "another_plan_unfinished", out)
}

func TestApplyJSONEvents(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	path, p := writePlan(t, dir, nil, threeActions()...)
	got := relctl(t, "-chdir="+dir, "apply", "-json", path)
	if got.code != 0 {
		t.Fatalf("apply -json: %s", got.transcript(p, dir))
	}
	var lines []string
	for _, line := range strings.Split(strings.TrimSpace(got.stdout), "\n") {
		var ev map[string]any
		if err := json.Unmarshal([]byte(line), &ev); err != nil {
			t.Fatalf("not a JSON event: %q: %v", line, err)
		}
		ev["time"] = "TIME"
		if _, ok := ev["elapsed_ms"]; ok {
			ev["elapsed_ms"] = 0
		}
		norm, _ := json.Marshal(ev)
		lines = append(lines, string(norm))
	}
	assertApplyGolden(t, "apply", "json_events", strings.Join(lines, "\n")+"\n")
}

func TestApplyRollbackOnFailure(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	actions := []plan.Action{
		execAction("stage.s.exec.a", "a", true),
		execAction("stage.s.exec.b", "b", true, "stage.s.exec.a"),
		shellAction("stage.t.exec.fail", map[string]any{"argv": []string{"sh", "-c", "echo 'no luck' >&2; exit 2"}}, providers.Irreversible, "stage.s.exec.b"),
	}
	path, p := writePlan(t, dir, nil, actions...)
	got := relctl(t, "-chdir="+dir, "apply", "-rollback-on-failure", path)
	assertApplyGolden(t, "apply", "rollback_on_failure", got.transcript(p, dir))
	if diff := cmp.Diff("a\nb\nundo b\nundo a\n", readOut(t, dir)); diff != "" {
		t.Errorf("out.txt (-want +got):\n%s", diff)
	}
}

func TestApplyInterruptedThenResumed(t *testing.T) {
	// Not parallel: it replaces the signal hook.
	dir := t.TempDir()
	slow := shellAction("stage.s.exec.slow", map[string]any{"argv": []string{"sh", "-c", "sleep 0.5; echo slow >> out.txt"}}, providers.Irreversible)
	path, p := writePlan(t, dir, nil, slow, execAction("stage.s.exec.next", "next", true, slow.Address))
	started := make(chan struct{})
	restore := notifySignals
	notifySignals = func(c chan<- os.Signal) {
		go func() {
			<-started
			c <- syscall.SIGINT
		}()
	}
	t.Cleanup(func() { notifySignals = restore })
	go func() {
		for !strings.Contains(readState(dir), `"status":"running"`) {
			time.Sleep(5 * time.Millisecond)
		}
		close(started)
	}()
	stopped := relctl(t, "-chdir="+dir, "apply", path)
	notifySignals = restore
	resumed := relctl(t, "-chdir="+dir, "apply", path)
	assertApplyGolden(t, "apply", "interrupted_then_resumed", stopped.transcript(p, dir)+"\n=== resume\n"+resumed.transcript(p, dir))
	if diff := cmp.Diff("slow\nnext\n", readOut(t, dir)); diff != "" {
		t.Errorf("out.txt (-want +got):\n%s", diff)
	}
}

func readState(dir string) string {
	data, _ := os.ReadFile(filepath.Join(dir, "relctl.state"))
	return string(data)
}

type repo struct{ dir, sha string }

// gitRepo makes a repository with one commit on main.
func gitRepo(t *testing.T) repo {
	t.Helper()
	dir := t.TempDir()
	git := func(args ...string) string {
		cmd := exec.Command("git", args...)
		cmd.Dir = dir
		cmd.Env = append(os.Environ(), "GIT_AUTHOR_NAME=t", "GIT_AUTHOR_EMAIL=t@t", "GIT_COMMITTER_NAME=t", "GIT_COMMITTER_EMAIL=t@t")
		out, err := cmd.CombinedOutput()
		if err != nil {
			t.Fatalf("git %v: %v\n%s", args, err, out)
		}
		return strings.TrimSpace(string(out))
	}
	git("init", "-q", "-b", "main")
	git("commit", "-q", "--allow-empty", "-m", "first")
	return repo{dir: dir, sha: git("rev-parse", "HEAD")}
}

// TestApplyKeepsOnePlanCopy: the plan applied from a file is kept beside
// the state as a link to that file, not as a second copy, and a rollback
// reads it from there.
func TestApplyKeepsOnePlanCopy(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	path, _ := writePlan(t, dir, nil, threeActions()...)
	if r := relctl(t, "-chdir="+dir, "apply", path); r.code != 0 {
		t.Fatalf("apply: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	planInfo, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	copyInfo, err := os.Stat(filepath.Join(dir, "relctl.state.plan"))
	if err != nil {
		t.Fatal(err)
	}
	if !os.SameFile(planInfo, copyInfo) {
		t.Error("the plan beside the state is a second copy, not the applied plan file")
	}
	if err := os.Remove(path); err != nil {
		t.Fatal(err)
	}
	if r := relctl(t, "-chdir="+dir, "rollback", "-auto-approve"); r.code != 0 {
		t.Fatalf("rollback after removing the plan file: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	if diff := cmp.Diff("a\nb\nc\nundo b\nundo a\n", readOut(t, dir)); diff != "" {
		t.Errorf("out.txt (-want +got):\n%s", diff)
	}
}

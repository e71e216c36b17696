package ghstate

import (
	"bufio"
	"fmt"
	"os"
	"os/exec"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/relctl/relctl/providers/github/ghhttp"
	"github.com/relctl/relctl/state"
)

const killHelperEnv = "RELCTL_GHSTATE_KILL_HELPER" // the fake's API URL

// killActions is the plan the helper records.
var killActions = func() []string {
	addrs := make([]string, 30)
	for i := range addrs {
		addrs[i] = fmt.Sprintf("stage.release.git_push.c%02d", i)
	}
	return addrs
}()

// TestKillHelperProcess is not a test: TestKilledDuringAWrite runs the
// test binary again with RELCTL_GHSTATE_KILL_HELPER set. It locks the
// workspace, begins the plan, prints the lock ID, then records one
// action after another until it is killed.
func TestKillHelperProcess(t *testing.T) {
	url := os.Getenv(killHelperEnv)
	if url == "" {
		t.Skip("helper process for TestKilledDuringAWrite")
	}
	fail := func(err error) {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(2)
	}
	b, err := New(Config{Repo: repoName, Path: "releases", BaseURL: url,
		HTTP: ghhttp.Options{MutationInterval: ghhttp.Disabled}})
	if err != nil {
		fail(err)
	}
	r, err := state.OpenRecorder(ctx, b, "apply", 0)
	if err != nil {
		fail(err)
	}
	if err := r.Begin("P1", "APIM 3.4.7", killActions); err != nil {
		fail(err)
	}
	fmt.Println(r.LockInfo().ID)
	for _, addr := range killActions {
		for _, s := range []state.Status{state.Running, state.Done} {
			if err := r.Record(state.Action{Address: addr, Status: s}); err != nil {
				fail(err)
			}
		}
	}
	os.Exit(3)
}

// TestKilledDuringAWrite: a runner SIGKILLed while its PUTs are in flight
// leaves a journal that replays (each write landed whole or not at all)
// and a lock it no longer renews; the next runner takes the lock over once
// it is stale, resumes the plan and finishes it.
func TestKilledDuringAWrite(t *testing.T) {
	w := newWorld(t)
	w.srv.Latency(20 * time.Millisecond) // writes are in flight when the kill lands
	cmd := exec.Command(os.Args[0], "-test.run=^TestKillHelperProcess$")
	cmd.Env = append(os.Environ(), killHelperEnv+"="+w.srv.URL(), "GITHUB_TOKEN="+token)
	cmd.Stderr = os.Stderr
	out, err := cmd.StdoutPipe()
	must(t, err)
	must(t, cmd.Start())
	line, err := bufio.NewReader(out).ReadString('\n')
	if err != nil {
		cmd.Process.Kill()
		t.Fatalf("the helper did not lock: %v", err)
	}
	deadID := strings.TrimSpace(line)
	for deadline := time.Now().Add(10 * time.Second); w.srv.Count(putContents) < 8 && time.Now().Before(deadline); {
		time.Sleep(time.Millisecond)
	}
	time.Sleep(7 * time.Millisecond) // somewhere inside a request
	must(t, cmd.Process.Signal(syscall.SIGKILL))
	if err := cmd.Wait(); err == nil || !strings.Contains(err.Error(), "killed") {
		t.Fatalf("helper: %v, want it killed", err)
	}
	w.srv.Latency(0)

	// The next runner comes later, when the dead runner's lock is stale.
	next := w.backend(t, func(c *Config) { c.Now = func() time.Time { return time.Now().Add(DefaultLockStale) } })
	r, err := state.OpenRecorder(ctx, next, "apply", 0)
	must(t, err)
	defer r.Close()
	if r.LockInfo().ID == deadID {
		t.Fatal("the new lock kept the dead runner's ID")
	}
	before := r.State()
	counts := before.Counts()
	t.Logf("killed after %d PUTs: %d done, %d running", w.srv.Count(putContents), counts[state.Done], counts[state.Running])
	if counts[state.Done]+counts[state.Running] == 0 {
		t.Fatal("none of the dead runner's records is in the journal")
	}
	must(t, r.Begin("P1", "APIM 3.4.7", killActions))
	for _, addr := range killActions {
		if before.Actions[addr].Status != state.Done {
			must(t, r.Record(state.Action{Address: addr, Status: state.Running}))
			must(t, r.Record(state.Action{Address: addr, Status: state.Done}))
		}
	}
	st, err := w.backend(t).ReadState(ctx)
	must(t, err)
	if !st.Complete() || st.Lineage != before.Lineage {
		t.Errorf("after the resume: complete %v, lineage %s (was %s)", st.Complete(), st.Lineage, before.Lineage)
	}
}

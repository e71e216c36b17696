package pg_test

import (
	"bufio"
	"fmt"
	"os"
	"os/exec"
	"strings"
	"testing"
	"time"

	"github.com/relctl/relctl/state"
	"github.com/relctl/relctl/state/pg"
	"github.com/relctl/relctl/state/pg/pgtest"
)

// TestHelperProcess is not a test: TestKilledHolder runs the test binary
// again with RELCTL_PG_LOCK_HELPER set to a connection string. It locks
// the workspace, begins a plan, records one action running, prints the
// lock ID and waits to be killed.
func TestHelperProcess(t *testing.T) {
	conn := os.Getenv("RELCTL_PG_LOCK_HELPER")
	if conn == "" {
		t.Skip("helper process for TestKilledHolder")
	}
	fail := func(err error) {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(2)
	}
	b, err := pg.New(ctx, pg.Config{ConnString: conn, Workspace: "release"})
	if err != nil {
		fail(err)
	}
	r, err := state.OpenRecorder(ctx, b, "apply", 0)
	if err != nil {
		fail(err)
	}
	if err := r.Begin("P1", "APIM 3.4.7", []string{"git_push.apim"}); err != nil {
		fail(err)
	}
	if err := r.Record(state.Action{Address: "git_push.apim", Status: state.Running}); err != nil {
		fail(err)
	}
	fmt.Println(r.LockInfo().ID)
	bufio.NewReader(os.Stdin).ReadString('\n')
	os.Exit(3)
}

// TestKilledHolder: a runner killed while it holds the lock leaves its
// records and a stale lock-info row; PostgreSQL releases the advisory
// lock, "state unlock ID" removes the row, and the next runner locks.
func TestKilledHolder(t *testing.T) {
	conn := pgtest.Database(t)
	for _, unlockFirst := range []bool{true, false} {
		id := startAndKill(t, conn)
		b := open(t, conn)
		if info, err := b.LockInfo(ctx); err != nil || info.ID != id || info.Operation != "apply" {
			t.Fatalf("lock info after the kill: %+v, %v; want the killed holder's %s", info, err, id)
		}
		if unlockFirst {
			// Refused until the server has seen the connection end.
			err := b.ForceUnlock(ctx, id)
			for deadline := time.Now().Add(10 * time.Second); err != nil && time.Now().Before(deadline); {
				time.Sleep(20 * time.Millisecond)
				err = b.ForceUnlock(ctx, id)
			}
			if err != nil {
				t.Fatalf("unlocking the killed holder's lock: %v", err)
			}
		}
		// The server may take a moment to see the connection end.
		l, err := b.Lock(ctx, "rollback", 10*time.Second)
		if err != nil {
			t.Fatalf("locking after the holder was killed: %v", err)
		}
		st, err := b.ReadState(ctx)
		if err != nil || st.Actions["git_push.apim"].Status != state.Running {
			t.Errorf("the killed runner's record: %+v, %v; want git_push.apim running", st, err)
		}
		if err := l.Unlock(); err != nil {
			t.Fatal(err)
		}
	}
}

// startAndKill runs the helper on conn, waits for its lock ID and
// SIGKILLs it.
func startAndKill(t *testing.T, conn string) string {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^TestHelperProcess$")
	cmd.Env = append(os.Environ(), "RELCTL_PG_LOCK_HELPER="+conn)
	cmd.Stderr = os.Stderr
	stdin, err := cmd.StdinPipe()
	if err != nil {
		t.Fatal(err)
	}
	defer stdin.Close()
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	line, err := bufio.NewReader(stdout).ReadString('\n')
	if err != nil {
		cmd.Process.Kill()
		cmd.Wait()
		t.Fatalf("helper: %v", err)
	}
	cmd.Process.Kill()
	cmd.Wait()
	return strings.TrimSpace(line)
}

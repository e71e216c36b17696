package state

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func lockTest(t *testing.T, path, op string, timeout time.Duration) *Held {
	t.Helper()
	l, err := Lock(context.Background(), path, op, timeout)
	if err != nil {
		t.Fatalf("Lock: %v", err)
	}
	return l
}

func wantLockError(t *testing.T, err error, holder LockInfo) *LockError {
	t.Helper()
	var le *LockError
	if !errors.As(err, &le) {
		t.Fatalf("error %v is not a *LockError", err)
	}
	if le.Info != holder {
		t.Errorf("LockError names %+v, want %+v", le.Info, holder)
	}
	if !errors.Is(err, ErrLocked) {
		t.Errorf("error %v does not wrap ErrLocked", err)
	}
	want := fmt.Sprintf("state is locked by %s (pid %d, %s since %s, lock ID %s)",
		holder.Who, holder.PID, holder.Operation, holder.Created.Format(time.RFC3339), holder.ID)
	if !strings.HasPrefix(err.Error(), want) {
		t.Errorf("message %q, want it to start with %q", err, want)
	}
	return le
}

func TestLockInfo(t *testing.T) {
	t.Parallel()
	path := filepath.Join(t.TempDir(), "sub", "relctl.state")
	l := lockTest(t, path, "apply", 0)
	info := l.Info()
	if info.Operation != "apply" || info.PID != os.Getpid() || !strings.Contains(info.Who, "@") ||
		info.ID == "" || info.Path != path || info.Created.IsZero() {
		t.Errorf("lock info %+v", info)
	}
	onDisk, err := ReadLockInfo(path)
	if err != nil || onDisk != info {
		t.Errorf("lock info file = %+v, %v; want %+v", onDisk, err, info)
	}
	if err := l.Unlock(); err != nil {
		t.Fatal(err)
	}
	if _, err := ReadLockInfo(path); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("lock info after Unlock: %v, want none", err)
	}
	lockTest(t, path, "rollback", 0).Unlock()
}

func TestLockFailsAtOnce(t *testing.T) {
	t.Parallel()
	path := filepath.Join(t.TempDir(), "relctl.state")
	first := lockTest(t, path, "apply", 0)
	defer first.Unlock()
	_, err := Lock(context.Background(), path, "rollback", 0)
	if le := wantLockError(t, err, first.Info()); le.Waited != 0 {
		t.Errorf("Waited = %s, want 0", le.Waited)
	}
}

func TestLockTimeout(t *testing.T) {
	t.Parallel()
	path := filepath.Join(t.TempDir(), "relctl.state")
	first := lockTest(t, path, "apply", 0)
	_, err := Lock(context.Background(), path, "apply", 120*time.Millisecond)
	le := wantLockError(t, err, first.Info())
	if le.Waited != 120*time.Millisecond || !strings.HasSuffix(err.Error(), "gave up after waiting 120ms") {
		t.Errorf("after a timeout: Waited %s, message %q", le.Waited, err)
	}

	released := make(chan struct{})
	go func() {
		time.Sleep(150 * time.Millisecond)
		first.Unlock()
		close(released)
	}()
	second := lockTest(t, path, "rollback", time.Minute)
	select {
	case <-released:
	default:
		t.Error("the second Lock succeeded before the first was released")
	}
	if info, _ := ReadLockInfo(path); info != second.Info() {
		t.Errorf("lock info = %+v, want the second holder's", info)
	}
	second.Unlock()
}

func TestLockCancelled(t *testing.T) {
	t.Parallel()
	path := filepath.Join(t.TempDir(), "relctl.state")
	first := lockTest(t, path, "apply", 0)
	defer first.Unlock()
	ctx, cancel := context.WithTimeout(context.Background(), 80*time.Millisecond)
	defer cancel()
	_, err := Lock(ctx, path, "apply", time.Hour)
	wantLockError(t, err, first.Info())
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("error %v does not say the wait was stopped", err)
	}
}

func TestLockOtherErrorsAreNotRetried(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	file := filepath.Join(dir, "file")
	writeFile(t, file, nil)
	start := time.Now()
	_, err := Lock(context.Background(), filepath.Join(file, "relctl.state"), "apply", time.Minute)
	var le *LockError
	if err == nil || errors.As(err, &le) {
		t.Fatalf("Lock under a regular file: %v, want a plain error", err)
	}
	if time.Since(start) > 30*time.Second {
		t.Errorf("a non-lock error was retried")
	}
}

func TestForceUnlock(t *testing.T) {
	t.Parallel()
	tests := map[string]struct {
		setup func(t *testing.T, path string) (id string)
		id    string // when not the holder's
		want  string // error substring; "" for success
	}{
		"dead holder": {
			setup: func(t *testing.T, path string) string {
				info := newInfo(path, "apply")
				info.PID = 999999
				if err := writeInfo(path, info); err != nil {
					t.Fatal(err)
				}
				return info.ID
			},
		},
		"wrong id": {
			setup: func(t *testing.T, path string) string {
				info := newInfo(path, "apply")
				writeInfo(path, info)
				return info.ID
			},
			id:   "not-it",
			want: `lock ID "not-it" does not match the state's lock `,
		},
		"holder alive": {
			setup: func(t *testing.T, path string) string {
				l := lockTest(t, path, "apply", 0)
				t.Cleanup(func() { l.Unlock() })
				return l.Info().ID
			},
			want: "is held by a running process",
		},
		"not locked": {
			setup: func(t *testing.T, path string) string { return "x" },
			want:  "state is not locked",
		},
		"released lock": {
			setup: func(t *testing.T, path string) string {
				l := lockTest(t, path, "apply", 0)
				l.Unlock()
				return l.Info().ID
			},
			want: "state is not locked",
		},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			path := filepath.Join(t.TempDir(), "relctl.state")
			id := tc.setup(t, path)
			if tc.id != "" {
				tc.want += id
				id = tc.id
			}
			err := ForceUnlock(path, id)
			if tc.want == "" {
				if err != nil {
					t.Fatalf("ForceUnlock: %v", err)
				}
				if _, err := ReadLockInfo(path); !errors.Is(err, fs.ErrNotExist) {
					t.Errorf("lock info still there: %v", err)
				}
				lockTest(t, path, "apply", 0).Unlock()
				return
			}
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("ForceUnlock error = %v, want one containing %q", err, tc.want)
			}
		})
	}
}

// TestHelperProcess is not a test: the cross-process tests run the test
// binary again with RELCTL_STATE_LOCK_HELPER set to a state path. It locks
// that state, prints the lock ID, and then obeys one line of stdin:
// "unlock" releases the lock and exits 0; anything else (or EOF) exits 3
// without releasing it, as a crashed apply would.
func TestHelperProcess(t *testing.T) {
	path := os.Getenv("RELCTL_STATE_LOCK_HELPER")
	if path == "" {
		t.Skip("helper process for the cross-process lock tests")
	}
	l, err := Lock(context.Background(), path, "apply", 0)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(2)
	}
	fmt.Println(l.Info().ID)
	cmd, _ := bufio.NewReader(os.Stdin).ReadString('\n')
	if strings.TrimSpace(cmd) == "unlock" {
		if err := l.Unlock(); err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(2)
		}
		os.Exit(0)
	}
	os.Exit(3)
}

// holder is another process holding a state's lock.
type holder struct {
	cmd   *exec.Cmd
	stdin io.WriteCloser
	id    string
}

func startHolder(t *testing.T, path string) *holder {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^TestHelperProcess$")
	cmd.Env = append(os.Environ(), "RELCTL_STATE_LOCK_HELPER="+path)
	cmd.Stderr = os.Stderr
	stdin, err := cmd.StdinPipe()
	if err != nil {
		t.Fatal(err)
	}
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { stdin.Close(); cmd.Wait() })
	id, err := bufio.NewReader(stdout).ReadString('\n')
	if err != nil {
		t.Fatalf("helper process did not take the lock: %v", err)
	}
	return &holder{cmd: cmd, stdin: stdin, id: strings.TrimSpace(id)}
}

// tell sends the helper its command and waits for it to exit.
func (h *holder) tell(t *testing.T, command string, wantCode int) {
	t.Helper()
	fmt.Fprintln(h.stdin, command)
	err := h.cmd.Wait()
	var ee *exec.ExitError
	code := 0
	if errors.As(err, &ee) {
		code = ee.ExitCode()
	} else if err != nil {
		t.Fatal(err)
	}
	if code != wantCode {
		t.Fatalf("helper exited %d, want %d", code, wantCode)
	}
}

func TestLockAcrossProcesses(t *testing.T) {
	t.Parallel()
	path := filepath.Join(t.TempDir(), "relctl.state")
	h := startHolder(t, path)
	info, err := ReadLockInfo(path)
	if err != nil {
		t.Fatal(err)
	}
	if info.ID != h.id || info.PID != h.cmd.Process.Pid {
		t.Fatalf("lock info %+v does not name the helper (pid %d, id %s)", info, h.cmd.Process.Pid, h.id)
	}

	_, err = Lock(context.Background(), path, "rollback", 0)
	wantLockError(t, err, info)

	if err := ForceUnlock(path, h.id); err == nil || !strings.Contains(err.Error(), "held by a running process") {
		t.Errorf("ForceUnlock of a live holder: %v, want a refusal", err)
	}

	got := make(chan error, 1)
	go func() {
		l, err := Lock(context.Background(), path, "rollback", time.Minute)
		if err == nil {
			err = l.Unlock()
		}
		got <- err
	}()
	time.Sleep(100 * time.Millisecond)
	h.tell(t, "unlock", 0)
	if err := <-got; err != nil {
		t.Errorf("waiting Lock after the holder unlocked: %v", err)
	}
}

func TestLockOfADeadProcess(t *testing.T) {
	t.Parallel()
	path := filepath.Join(t.TempDir(), "relctl.state")
	h := startHolder(t, path)
	h.tell(t, "die", 3)

	// The dead holder's lock info remains; its OS lock does not.
	info, err := ReadLockInfo(path)
	if err != nil || info.ID != h.id {
		t.Fatalf("lock info after the holder died: %+v, %v", info, err)
	}
	if err := ForceUnlock(path, "wrong"); err == nil || !strings.Contains(err.Error(), h.id) {
		t.Errorf("ForceUnlock with a wrong ID: %v, want an error naming %s", err, h.id)
	}
	if err := ForceUnlock(path, h.id); err != nil {
		t.Fatalf("ForceUnlock of a dead holder's lock: %v", err)
	}
	if _, err := ReadLockInfo(path); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("lock info after ForceUnlock: %v", err)
	}
	lockTest(t, path, "apply", 0).Unlock()
}

func TestLockAfterADeadProcessWithoutUnlock(t *testing.T) {
	t.Parallel()
	path := filepath.Join(t.TempDir(), "relctl.state")
	startHolder(t, path).tell(t, "die", 3)
	l := lockTest(t, path, "apply", 0)
	defer l.Unlock()
	if info, _ := ReadLockInfo(path); info != l.Info() {
		t.Errorf("lock info %+v, want the new holder's", info)
	}
}

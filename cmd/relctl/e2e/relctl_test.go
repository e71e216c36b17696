package e2e

import (
	"bytes"
	"errors"
	"os"
	"os/exec"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

// relctlBin is the binary TestMain builds (without -race, as users get it).
var relctlBin string

// environ is the environment relctl and git run with: no user or system
// git configuration, no inherited relctl or git settings, no colour.
func environ() []string {
	var env []string
	for _, kv := range os.Environ() {
		name, _, _ := strings.Cut(kv, "=")
		if strings.HasPrefix(name, "GIT_") || strings.HasPrefix(name, "RELCTL_") || name == "NO_COLOR" {
			continue
		}
		env = append(env, kv)
	}
	return append(env, "GIT_CONFIG_GLOBAL=/dev/null", "GIT_CONFIG_SYSTEM=/dev/null", "NO_COLOR=1")
}

// result is how a relctl run ended.
type result struct {
	args   []string
	code   int  // exit code; -1 when a signal ended it
	killed bool // SIGKILL ended it
	stdout string
	stderr string
}

func (r result) String() string {
	return "relctl " + strings.Join(r.args, " ") + "\n--- stdout\n" + r.stdout + "--- stderr\n" + r.stderr
}

// syncBuffer is an output buffer the test may read while relctl writes.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// proc is a relctl process started in its own process group, so that a
// test can signal it, or it and the git processes it started, as a user or
// a crash would.
type proc struct {
	t      *testing.T
	args   []string
	cmd    *exec.Cmd
	stdout syncBuffer
	stderr syncBuffer
	done   chan struct{}
	err    error
	ended  time.Time
}

// start runs relctl with args in dir.
func start(t *testing.T, dir string, args ...string) *proc {
	t.Helper()
	return startEnv(t, dir, nil, args...)
}

// startEnv runs relctl with args in dir, with the variables env
// ("NAME=value") added to its environment.
func startEnv(t *testing.T, dir string, env []string, args ...string) *proc {
	t.Helper()
	p := &proc{t: t, args: args, done: make(chan struct{})}
	p.cmd = exec.Command(relctlBin, args...)
	p.cmd.Dir = dir
	p.cmd.Env = append(environ(), env...)
	p.cmd.Stdout, p.cmd.Stderr = &p.stdout, &p.stderr
	p.cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	// Git processes orphaned by a kill may hold the output pipes open.
	p.cmd.WaitDelay = 10 * time.Second
	if err := p.cmd.Start(); err != nil {
		t.Fatalf("starting relctl %s: %v", strings.Join(args, " "), err)
	}
	go func() {
		p.err = p.cmd.Wait()
		p.ended = time.Now()
		close(p.done)
	}()
	t.Cleanup(func() {
		select {
		case <-p.done:
		default:
			syscall.Kill(-p.pid(), syscall.SIGKILL)
			<-p.done
		}
	})
	return p
}

func (p *proc) pid() int { return p.cmd.Process.Pid }

// wait waits for the process to end, at most three minutes: a run takes
// seconds, but the suite's processes share two cores under -race.
func (p *proc) wait() result { p.t.Helper(); return p.waitWithin(3 * time.Minute) }

// waitWithin waits for the process to end, at most d.
func (p *proc) waitWithin(d time.Duration) result {
	p.t.Helper()
	select {
	case <-p.done:
	case <-time.After(d):
		p.t.Fatalf("relctl %s still runs after %s:\n%s", strings.Join(p.args, " "), d, p.stdout.String())
	}
	r := result{args: p.args, stdout: p.stdout.String(), stderr: p.stderr.String()}
	var xerr *exec.ExitError
	switch {
	case p.err == nil:
	case errors.As(p.err, &xerr):
		r.code = xerr.ExitCode()
		ws, ok := xerr.Sys().(syscall.WaitStatus)
		r.killed = ok && ws.Signaled() && ws.Signal() == syscall.SIGKILL
	default:
		p.t.Fatalf("relctl %s: %v", strings.Join(p.args, " "), p.err)
	}
	return r
}

// waitForOutput waits until stdout contains s.
func (p *proc) waitForOutput(s string) { p.t.Helper(); p.waitFor("stdout", &p.stdout, s) }

// waitForStderr waits until stderr contains s.
func (p *proc) waitForStderr(s string) { p.t.Helper(); p.waitFor("stderr", &p.stderr, s) }

func (p *proc) waitFor(name string, buf *syncBuffer, s string) {
	p.t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for !strings.Contains(buf.String(), s) {
		select {
		case <-p.done:
			p.t.Fatalf("relctl %s ended before printing %q on %s:\n%s", strings.Join(p.args, " "), s, name, p.wait())
		case <-time.After(10 * time.Millisecond):
		}
		if time.Now().After(deadline) {
			p.t.Fatalf("relctl %s did not print %q on %s in 30s:\n%s", strings.Join(p.args, " "), s, name, buf.String())
		}
	}
}

// signal sends sig to relctl alone (as kill(1) does).
func (p *proc) signal(sig syscall.Signal) {
	p.t.Helper()
	if err := p.cmd.Process.Signal(sig); err != nil {
		p.t.Fatalf("signalling relctl: %v", err)
	}
}

// run runs relctl with args in dir to its end.
func run(t *testing.T, dir string, args ...string) result {
	t.Helper()
	return start(t, dir, args...).wait()
}

// mustRun runs relctl and fails the test unless it exits with code.
func mustRun(t *testing.T, dir string, code int, args ...string) result {
	t.Helper()
	r := run(t, dir, args...)
	if r.code != code {
		t.Fatalf("exit code %d, want %d:\n%s", r.code, code, r)
	}
	return r
}

// wantOutput fails the test unless out holds every one of want.
func wantOutput(t *testing.T, what, out string, want ...string) {
	t.Helper()
	for _, w := range want {
		if !strings.Contains(out, w) {
			t.Errorf("%s does not say %q:\n%s", what, w, out)
		}
	}
}

package git

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"strings"
)

// Error is a failed git command: its arguments (credentials removed), exit
// code and the last lines it wrote to stderr.
type Error struct {
	Args     []string
	ExitCode int
	Stderr   string
	Err      error
}

func (e *Error) Error() string {
	msg := strings.TrimSpace(e.Stderr)
	if msg == "" && e.Err != nil {
		msg = e.Err.Error()
	}
	return fmt.Sprintf("git %s: exit %d: %s", strings.Join(e.Args, " "), e.ExitCode, msg)
}

func (e *Error) Unwrap() error { return e.Err }

// runner runs the git binary with a fixed, prompt-free environment.
type runner struct {
	binary string
	env    []string
}

func newRunner(name, email string) *runner {
	env := []string{
		"GIT_TERMINAL_PROMPT=0",
		"GIT_ASKPASS=",
		"SSH_ASKPASS=",
		"GCM_INTERACTIVE=never",
		"LC_ALL=C",
		"GIT_CONFIG_NOSYSTEM=1",
		"GIT_AUTHOR_NAME=" + name,
		"GIT_AUTHOR_EMAIL=" + email,
		"GIT_COMMITTER_NAME=" + name,
		"GIT_COMMITTER_EMAIL=" + email,
	}
	return &runner{binary: "git", env: env}
}

// environ is the process environment without variables that would change
// which repository git works on, plus the runner's fixed variables.
func (r *runner) environ(extra []string) []string {
	var out []string
	for _, kv := range os.Environ() {
		name, _, _ := strings.Cut(kv, "=")
		switch {
		case name == "GIT_DIR", name == "GIT_WORK_TREE", name == "GIT_INDEX_FILE",
			name == "GIT_OBJECT_DIRECTORY", name == "GIT_ALTERNATE_OBJECT_DIRECTORIES",
			name == "GIT_NAMESPACE", name == "GIT_COMMON_DIR", name == "LANG",
			strings.HasPrefix(name, "LC_"), strings.HasPrefix(name, "GIT_AUTHOR_"),
			strings.HasPrefix(name, "GIT_COMMITTER_"), name == "GIT_TERMINAL_PROMPT":
			continue
		}
		out = append(out, kv)
	}
	out = append(out, r.env...)
	return append(out, extra...)
}

// call describes one git invocation.
type call struct {
	dir   string
	args  []string
	stdin io.Reader
	env   []string
}

// run runs git and returns its stdout. A non-zero exit is an *Error.
func (r *runner) run(ctx context.Context, c call) (string, error) {
	cmd := exec.CommandContext(ctx, r.binary, c.args...)
	cmd.Dir = c.dir
	cmd.Env = r.environ(c.env)
	cmd.Stdin = c.stdin
	var stdout, stderr bytes.Buffer
	cmd.Stdout = &stdout
	cmd.Stderr = &stderr
	err := cmd.Run()
	if err == nil {
		return stdout.String(), nil
	}
	gerr := &Error{Args: redactArgs(c.args), ExitCode: -1, Stderr: redactText(lastLines(stderr.String(), 10)), Err: err}
	var exitErr *exec.ExitError
	if errors.As(err, &exitErr) {
		gerr.ExitCode = exitErr.ExitCode()
	}
	if ctx.Err() != nil {
		gerr.Err = ctx.Err()
	}
	return stdout.String(), gerr
}

// git runs git in dir with args and returns stdout with the final newline
// removed.
func (r *runner) git(ctx context.Context, dir string, args ...string) (string, error) {
	out, err := r.run(ctx, call{dir: dir, args: args})
	return strings.TrimRight(out, "\n"), err
}

// exitCode returns the exit code of a failed git command, or -1.
func exitCode(err error) int {
	var gerr *Error
	if errors.As(err, &gerr) {
		return gerr.ExitCode
	}
	return -1
}

func lastLines(s string, n int) string {
	lines := strings.Split(strings.TrimRight(s, "\n"), "\n")
	if len(lines) > n {
		lines = lines[len(lines)-n:]
	}
	return strings.Join(lines, "\n")
}

func redactArgs(args []string) []string {
	out := make([]string, len(args))
	for i, a := range args {
		out[i] = redactText(a)
	}
	return out
}

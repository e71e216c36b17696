package exec

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	osexec "os/exec"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/hashicorp/go-hclog"
)

// MaxStdout caps the stdout output of an exec action.
const MaxStdout = 64 << 10

// tailLines is how many of the last output lines a failure shows.
const tailLines = 20

// ExitError is a command that ran and failed.
type ExitError struct {
	Argv     []string
	ExitCode int
	// Tail holds the last lines of output, secrets masked.
	Tail     []string
	TimedOut time.Duration
}

func (e *ExitError) Error() string {
	what := fmt.Sprintf("exited with code %d", e.ExitCode)
	if e.TimedOut > 0 {
		what = fmt.Sprintf("timed out after %s", e.TimedOut)
	}
	msg := fmt.Sprintf("command %s %s", quoteArgv(e.Argv), what)
	if len(e.Tail) > 0 {
		msg += "; last output:\n  " + strings.Join(e.Tail, "\n  ")
	}
	return msg
}

type result struct {
	exitCode int
	stdout   string
}

// output collects a command's lines: logged, masked, the last ones kept
// for errors, stdout kept up to MaxStdout.
type output struct {
	mu      sync.Mutex
	log     hclog.Logger
	secrets []string
	tail    []string
	stdout  strings.Builder
}

func (o *output) mask(s string) string {
	for _, v := range o.secrets {
		s = strings.ReplaceAll(s, v, "***")
	}
	return s
}

func (o *output) consume(r io.Reader, stream string) {
	sc := bufio.NewScanner(r)
	// The buffer grows with the longest line, up to 1 MiB: most commands
	// print little or nothing, and 100 of them run at once.
	sc.Buffer(nil, 1<<20)
	for sc.Scan() {
		line := o.mask(sc.Text())
		o.mu.Lock()
		o.log.Info(line, "stream", stream)
		o.tail = append(o.tail, line)
		if len(o.tail) > tailLines {
			o.tail = o.tail[1:]
		}
		if stream == "stdout" && o.stdout.Len() < MaxStdout {
			o.stdout.WriteString(line + "\n")
		}
		o.mu.Unlock()
	}
	io.Copy(io.Discard, r)
}

// devNull is the commands' standard input, opened once: os/exec would
// open and close /dev/null for every command.
var devNull = sync.OnceValues(func() (*os.File, error) { return os.Open(os.DevNull) })

// run runs argv with the command's directory, environment and timeout.
func run(ctx context.Context, c command, argv []string, log hclog.Logger) (result, error) {
	ctx, cancel := context.WithTimeout(ctx, c.timeout)
	defer cancel()
	cmd := osexec.CommandContext(ctx, argv[0], argv[1:]...)
	cmd.Dir = c.dir
	cmd.Env = os.Environ()
	if null, err := devNull(); err == nil {
		cmd.Stdin = null
	}
	o := &output{log: log}
	for _, k := range sortedKeys(c.env) {
		cmd.Env = append(cmd.Env, k+"="+c.env[k])
		if len(c.env[k]) >= 4 {
			o.secrets = append(o.secrets, c.env[k])
		}
	}
	setProcessGroup(cmd)
	cmd.WaitDelay = 5 * time.Second
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		return result{}, err
	}
	stderr, err := cmd.StderrPipe()
	if err != nil {
		return result{}, err
	}
	log.Info("running command", "argv", quoteArgv(argv), "dir", c.dir)
	if err := cmd.Start(); err != nil {
		return result{}, fmt.Errorf("starting %s: %w", quoteArgv(argv), err)
	}
	var wg sync.WaitGroup
	wg.Add(2)
	go func() { defer wg.Done(); o.consume(stdout, "stdout") }()
	go func() { defer wg.Done(); o.consume(stderr, "stderr") }()
	wg.Wait()
	err = cmd.Wait()
	res := result{exitCode: cmd.ProcessState.ExitCode(), stdout: strings.TrimSpace(o.stdout.String())}
	if len(res.stdout) > MaxStdout {
		res.stdout = res.stdout[:MaxStdout]
	}
	if err == nil {
		return res, nil
	}
	xerr := &ExitError{Argv: argv, ExitCode: res.exitCode, Tail: o.tail}
	switch {
	case errors.Is(ctx.Err(), context.DeadlineExceeded):
		xerr.TimedOut = c.timeout
	case ctx.Err() != nil:
		return res, fmt.Errorf("command %s: %w", quoteArgv(argv), ctx.Err())
	}
	var exitErr *osexec.ExitError
	if !errors.As(err, &exitErr) && xerr.TimedOut == 0 {
		return res, fmt.Errorf("running %s: %w", quoteArgv(argv), err)
	}
	return res, xerr
}

func sortedKeys(m map[string]string) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

package main

import (
	"errors"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/alecthomas/kong"
	"github.com/hashicorp/go-hclog"
	"golang.org/x/term"

	"github.com/relctl/relctl/planner/plan"
	"github.com/relctl/relctl/state"
)

// Version is relctl's version, set at build time with -ldflags.
var Version = "0.1.0"

// CLI is relctl's command line: global flags and one field per command.
type CLI struct {
	Globals

	// Commands, one line each; each command's struct and Run live in
	// its own *_cmd.go file.
	Validate ValidateCmd `cmd:"" help:"Check the configuration offline; no provider is called."`
	Fmt      FmtCmd      `cmd:"" help:"Rewrite *.rel.hcl files in canonical format."`
	Plan     PlanCmd     `cmd:"" help:"Compute the release plan and print it; -out saves it."`
	Comment  CommentCmd  `cmd:"" help:"Post or update a saved plan as pull-request comments."`
	Show     ShowCmd     `cmd:"" help:"Render a saved plan, or the state without FILE."`
	Apply    ApplyCmd    `cmd:"" help:"Perform a saved plan (or plan now and ask); run it again to resume."`
	Rollback RollbackCmd `cmd:"" help:"Undo the finished actions of the state, newest first."`
	Graph    GraphCmd    `cmd:"" help:"Print the action graph of a plan or of the configuration."`
	Manifest ManifestCmd `cmd:"" help:"Check, show and set versions in a release manifest (release.json)."`
	State    StateCmd    `cmd:"" help:"Inspect the state; release a stuck lock."`
	Version  VersionCmd  `cmd:"" help:"Print relctl's version and the file formats it reads."`
}

// Globals are the flags every command accepts.
type Globals struct {
	Chdir    string `name:"chdir" default:"." help:"Configuration directory." type:"path"`
	NoColor  bool   `name:"no-color" help:"Disable colour in output."`
	LogLevel string `name:"log-level" env:"RELCTL_LOG" default:"warn" enum:"trace,debug,info,warn,error,off" help:"Log level (logs go to stderr)."`
	LogJSON  bool   `name:"log-json" help:"Write logs as JSON."`
}

// Env is what commands receive besides their flags.
type Env struct {
	Stdin  io.Reader
	Stdout io.Writer
	Stderr io.Writer
	Logger hclog.Logger
	// Color is true when stdout is a terminal and -no-color is not set.
	Color bool
	// Interactive is true when stdin is a terminal.
	Interactive bool
	// Getenv reads the environment (swappable in tests).
	Getenv func(string) string
}

// ExitError carries an exit code other than 1 (2 for -detailed-exitcode
// with changes, 3 for an apply that stopped before the end).
type ExitError struct {
	Code int
	Err  error
}

func (e *ExitError) Error() string {
	if e.Err == nil {
		return fmt.Sprintf("exit status %d", e.Code)
	}
	return e.Err.Error()
}

func (e *ExitError) Unwrap() error { return e.Err }

// reported marks an error whose message was already written (for example
// as rendered diagnostics), so run does not print it again.
type reported struct{ error }

// run parses args, runs the command and returns the process exit code.
func run(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	var cli CLI
	parser, err := kong.New(&cli,
		kong.Name("relctl"),
		kong.Description("Plan and apply software releases."),
		kong.UsageOnError(),
		kong.Writers(stdout, stderr),
		kong.Exit(func(code int) { panic(exitPanic(code)) }),
		kong.Vars{"version": Version},
	)
	if err != nil {
		fmt.Fprintln(stderr, err)
		return 1
	}
	code := 0
	func() {
		defer func() {
			if r := recover(); r != nil {
				if c, ok := r.(exitPanic); ok {
					code = int(c)
					return
				}
				panic(r)
			}
		}()
		kctx, perr := parser.Parse(normalizeArgs(args))
		if perr != nil {
			fmt.Fprintf(stderr, "relctl: %v\n", perr)
			code = 1
			return
		}
		env := newEnv(&cli.Globals, stdin, stdout, stderr)
		code = exitCode(kctx.Run(&cli.Globals, env), stderr)
	}()
	return code
}

type exitPanic int

func exitCode(err error, stderr io.Writer) int {
	if err == nil {
		return 0
	}
	var ee *ExitError
	if errors.As(err, &ee) {
		if ee.Err != nil && !errors.As(ee.Err, new(reported)) {
			fmt.Fprintf(stderr, "Error: %v\n", ee.Err)
		}
		return ee.Code
	}
	if !errors.As(err, new(reported)) {
		fmt.Fprintf(stderr, "Error: %v\n", err)
	}
	return 1
}

func newEnv(g *Globals, stdin io.Reader, stdout, stderr io.Writer) *Env {
	level := hclog.LevelFromString(g.LogLevel)
	if g.LogLevel == "off" {
		level = hclog.Off
	}
	logger := hclog.New(&hclog.LoggerOptions{
		Name:       "relctl",
		Level:      level,
		Output:     stderr,
		JSONFormat: g.LogJSON,
	})
	return &Env{
		Stdin:       stdin,
		Stdout:      stdout,
		Stderr:      stderr,
		Logger:      logger,
		Color:       !g.NoColor && isTerminal(stdout) && os.Getenv("NO_COLOR") == "",
		Interactive: isTerminal(stdin),
		Getenv:      os.Getenv,
	}
}

func isTerminal(v any) bool {
	f, ok := v.(*os.File)
	return ok && term.IsTerminal(int(f.Fd()))
}

// normalizeArgs accepts the single-dash long flags Terraform users type
// (-out=plan.out, -auto-approve) by rewriting them to GNU style. A lone
// "-", negative numbers and arguments after "--" are left alone.
func normalizeArgs(args []string) []string {
	out := make([]string, 0, len(args))
	for i, a := range args {
		if a == "--" {
			return append(out, args[i:]...)
		}
		if len(a) > 2 && a[0] == '-' && a[1] != '-' && !isNumber(a[1:]) {
			name := a[1:]
			if j := strings.IndexByte(name, '='); j >= 0 {
				name = name[:j]
			}
			if len(name) > 1 {
				a = "-" + a
			}
		}
		out = append(out, a)
	}
	return out
}

func isNumber(s string) bool {
	for _, r := range s {
		if (r < '0' || r > '9') && r != '.' {
			return false
		}
	}
	return s != ""
}

// VersionCmd prints the version.
type VersionCmd struct{}

// Run prints relctl's version and the formats it reads.
func (c *VersionCmd) Run(env *Env) error {
	fmt.Fprintf(env.Stdout, "relctl %s\nplan format %s\nstate format %s\n", Version, planFormatVersion(), stateFormatVersion())
	return nil
}

func planFormatVersion() string  { return plan.FormatVersion }
func stateFormatVersion() string { return state.FormatVersion }

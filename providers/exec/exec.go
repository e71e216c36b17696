package exec

import (
	"context"
	"fmt"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/hashicorp/go-hclog"
	"github.com/zclconf/go-cty/cty"

	"github.com/relctl/relctl/providers"
)

// DefaultTimeout bounds a command whose action sets no timeout.
const DefaultTimeout = 10 * time.Minute

// ErrIrreversible is returned when undoing an exec action without undo.
var ErrIrreversible = fmt.Errorf("exec action has no undo command: %w", providers.ErrIrreversible)

// Provider runs commands. Its action methods are those of the embedded
// dispatcher.
type Provider struct {
	*actions

	dir string
	log hclog.Logger
}

var _ providers.Provider = (*Provider)(nil)

// New returns an exec provider working in the current directory until
// configured.
func New() providers.Provider {
	p := &Provider{dir: ".", log: hclog.NewNullLogger()}
	p.actions = providers.NewActions("exec", p.prepare, execType)
	return p
}

// actions dispatches the provider methods to the exec action.
type actions = providers.Actions[*Provider, *command]

// prepare parses the command; every call runs with the provider. It reads
// nothing, so it serves the offline plan too.
func (p *Provider) prepare(_ context.Context, call providers.Call, c *command) (providers.Opened[*Provider], error) {
	parsed, err := p.parse(call.Args)
	if err != nil {
		return providers.Opened[*Provider]{}, err
	}
	*c = parsed
	return providers.Opened[*Provider]{Env: p, Log: call.LoggerOr(p.log)}, nil
}

// Schema describes the exec action.
func (p *Provider) Schema() providers.ProviderSchema {
	return providers.ProviderSchema{Config: map[string]providers.Attribute{}, Actions: p.Schemas()}
}

// Configure records the configuration directory.
func (p *Provider) Configure(_ context.Context, req providers.ConfigureRequest) error {
	if req.Dir != "" {
		p.dir = req.Dir
	}
	if req.Logger != nil {
		p.log = req.Logger
	}
	return nil
}

// execType declares the exec action.
var execType = providers.ActionType[*command]{
	Name: "exec",
	Schema: providers.ActionSchema{
		Description: "Runs a command (an argv list, never a shell string). Compensable when undo is set, else irreversible.",
		Attributes: map[string]providers.Attribute{
			"argv": {Type: cty.List(cty.String), Required: true, Description: "The program and its arguments."},
			"dir":  {Type: cty.String, Description: "Working directory, relative to the configuration directory and inside it. Default: the configuration directory."},
			"env": {Type: cty.Map(cty.String), Sensitive: true, Description: "Environment variables added to relctl's. " +
				"Values are treated as secrets: never stored, logged or shown."},
			"timeout":     {Type: cty.String, Description: "Maximum run time as a Go duration (\"90s\", \"1h\"). Default \"10m\"."},
			"undo":        {Type: cty.List(cty.String), Description: "Argv of the command that compensates this one on rollback."},
			"description": {Type: cty.String, Description: "What the command does, shown in the plan instead of the argv."},
		},
		Outputs: map[string]cty.Type{"exit_code": cty.Number, "stdout": cty.String},
	},
	New: func() *command { return &command{} },
}

// command is a parsed exec action.
type command struct {
	argv, undo []string
	dir        string
	env        map[string]string
	timeout    time.Duration
}

func (p *Provider) parse(args cty.Value) (command, error) {
	a := providers.Args{V: args}
	c := command{argv: a.Strings("argv"), undo: a.Strings("undo"), env: a.StringMap("env"), dir: p.dir, timeout: DefaultTimeout}
	if a.Known("argv") && len(c.argv) == 0 {
		return c, fmt.Errorf("argv is empty")
	}
	if a.Set("undo") && a.Known("undo") && len(c.undo) == 0 {
		return c, fmt.Errorf("undo is empty: leave it out for an irreversible command")
	}
	if d := a.String("dir"); d != "" {
		if !filepath.IsLocal(d) {
			return c, fmt.Errorf("dir %q must be a relative path inside the configuration directory", d)
		}
		c.dir = filepath.Join(p.dir, d)
	}
	if t := a.String("timeout"); t != "" {
		d, err := time.ParseDuration(t)
		if err != nil || d <= 0 {
			return c, fmt.Errorf("timeout %q is not a positive duration such as \"90s\" or \"1h\"", t)
		}
		c.timeout = d
	}
	for k := range c.env {
		if k == "" || strings.ContainsAny(k, "=\x00") {
			return c, fmt.Errorf("env name %q is not a valid variable name", k)
		}
	}
	return c, nil
}

// Plan describes the command; commands always run.
func (c *command) Plan(_ context.Context, _ *Provider, req providers.PlanActionRequest) (providers.PlanActionResponse, error) {
	a := providers.Args{V: req.Args}
	resp := providers.PlanActionResponse{Operation: providers.OpRun, Reversibility: providers.Irreversible}
	if a.Set("undo") {
		resp.Reversibility = providers.Compensable
	}
	switch {
	case a.String("description") != "":
		resp.Description = a.String("description")
	case a.Known("argv"):
		resp.Description = "run " + quoteArgv(c.argv)
	default:
		resp.Description = "run (known after apply)"
	}
	if d := a.String("dir"); d != "" {
		resp.Description += " in " + d
	}
	return resp, nil
}

// Apply runs the command.
func (c *command) Apply(ctx context.Context, _ *Provider, req providers.ApplyActionRequest) (providers.ApplyActionResponse, error) {
	res, err := run(ctx, *c, c.argv, req.Logger.With("action", req.Address))
	if err != nil {
		return providers.ApplyActionResponse{}, err
	}
	return providers.ApplyActionResponse{Outputs: map[string]cty.Value{
		"exit_code": cty.NumberIntVal(int64(res.exitCode)),
		"stdout":    cty.StringVal(res.stdout),
	}}, nil
}

// Check says done only when outputs were recorded: a command leaves
// nothing relctl can look at.
func (c *command) Check(_ context.Context, _ *Provider, req providers.CheckActionRequest) (providers.CheckActionResponse, error) {
	if v, ok := req.Outputs["exit_code"]; ok && !v.IsNull() {
		return providers.CheckActionResponse{Status: providers.CheckDone, Outputs: req.Outputs, UndoData: req.UndoData}, nil
	}
	return providers.CheckActionResponse{Status: providers.CheckNotDone}, nil
}

// Undo runs the undo command.
func (c *command) Undo(ctx context.Context, _ *Provider, req providers.UndoActionRequest) (providers.UndoActionResponse, error) {
	if len(c.undo) == 0 {
		return providers.UndoActionResponse{}, ErrIrreversible
	}
	if _, err := run(ctx, *c, c.undo, req.Logger.With("action", req.Address)); err != nil {
		return providers.UndoActionResponse{}, err
	}
	return providers.UndoActionResponse{Description: "ran " + quoteArgv(c.undo)}, nil
}

// quoteArgv renders argv for a human, quoting arguments that need it.
func quoteArgv(argv []string) string {
	out := make([]string, len(argv))
	for i, a := range argv {
		if a == "" || strings.ContainsAny(a, " \t\n\"'\\$`") {
			a = strconv.Quote(a)
		}
		out[i] = a
	}
	return strings.Join(out, " ")
}

package exec

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/hashicorp/go-hclog"
	"github.com/zclconf/go-cty/cty"

	"github.com/relctl/relctl/providers"
	"github.com/relctl/relctl/providers/providertest"
)

func configured(t *testing.T) (*Provider, string) {
	t.Helper()
	dir := t.TempDir()
	p := New().(*Provider)
	if err := p.Configure(context.Background(), providers.ConfigureRequest{Dir: dir}); err != nil {
		t.Fatal(err)
	}
	return p, dir
}

func list(s ...string) cty.Value {
	vals := make([]cty.Value, len(s))
	for i, v := range s {
		vals[i] = cty.StringVal(v)
	}
	return cty.ListVal(vals)
}

// lines counts the lines of a file, 0 when it does not exist.
func lines(t *testing.T, path string) int {
	b, err := os.ReadFile(path)
	if errors.Is(err, os.ErrNotExist) {
		return 0
	}
	if err != nil {
		t.Fatal(err)
	}
	return strings.Count(string(b), "\n")
}

func TestConformance(t *testing.T) {
	t.Parallel()
	tests := map[string]struct {
		undo cty.Value
		rev  providers.Reversibility
	}{
		"compensable":  {undo: list("rm", "-f", "log"), rev: providers.Compensable},
		"irreversible": {undo: cty.NullVal(cty.List(cty.String)), rev: providers.Irreversible},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			p, dir := configured(t)
			os.Mkdir(filepath.Join(dir, "out"), 0o755)
			log := filepath.Join(dir, "out", "log")
			providertest.Conformance(t, p, providertest.Case{
				Type: "exec", Reversibility: tc.rev, Unobservable: true,
				Args: cty.ObjectVal(map[string]cty.Value{
					"argv": list("sh", "-c", `echo "$GREETING" >> log; echo done`),
					"dir":  cty.StringVal("out"), "undo": tc.undo,
					"env": cty.MapVal(map[string]cty.Value{"GREETING": cty.StringVal("hello")}),
				}),
				Verify: func(t *testing.T, done bool) {
					want := 0
					if done {
						want = 1
					}
					if got := lines(t, log); got != want {
						t.Errorf("log has %d lines, want %d", got, want)
					}
				},
			})
		})
	}
}

func TestApplyOutputsAndLog(t *testing.T) {
	t.Parallel()
	p, _ := configured(t)
	var buf bytes.Buffer
	logger := hclog.New(&hclog.LoggerOptions{Output: &buf, Level: hclog.Info})
	resp, err := p.ApplyAction(context.Background(), providers.ApplyActionRequest{Address: "x", Type: "exec", Logger: logger,
		Args: cty.ObjectVal(map[string]cty.Value{
			"argv": list("sh", "-c", `echo "token is $TOKEN"; echo warning >&2; echo "  last  "`),
			"env":  cty.MapVal(map[string]cty.Value{"TOKEN": cty.StringVal("s3cr3t-canary")}),
		})})
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]string{"exit_code": resp.Outputs["exit_code"].AsBigFloat().String(), "stdout": resp.Outputs["stdout"].AsString()}
	want := map[string]string{"exit_code": "0", "stdout": "token is ***\n  last"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("outputs (-want +got):\n%s", diff)
	}
	if strings.Contains(buf.String(), "s3cr3t-canary") {
		t.Errorf("log shows the secret:\n%s", buf.String())
	}
	for _, line := range []string{"token is ***", "warning", "stream=stderr"} {
		if !strings.Contains(buf.String(), line) {
			t.Errorf("log lacks %q:\n%s", line, buf.String())
		}
	}
}

func TestFailures(t *testing.T) {
	t.Parallel()
	tests := map[string]struct {
		args    map[string]cty.Value
		wantErr []string
	}{
		"exit code and last lines": {
			args:    map[string]cty.Value{"argv": list("sh", "-c", "echo one; echo two >&2; exit 3")},
			wantErr: []string{"exited with code 3", "one", "two"},
		},
		"timeout kills the process group": {
			args:    map[string]cty.Value{"argv": list("sh", "-c", "sleep 30 & sleep 30"), "timeout": cty.StringVal("200ms")},
			wantErr: []string{"timed out after 200ms"},
		},
		"missing program": {
			args:    map[string]cty.Value{"argv": list("relctl-no-such-program")},
			wantErr: []string{"starting relctl-no-such-program"},
		},
		"dir escapes": {
			args:    map[string]cty.Value{"argv": list("true"), "dir": cty.StringVal("../x")},
			wantErr: []string{`dir "../x" must be a relative path`},
		},
		"bad timeout": {
			args:    map[string]cty.Value{"argv": list("true"), "timeout": cty.StringVal("soon")},
			wantErr: []string{`timeout "soon"`},
		},
		"secret in failing output": {
			args: map[string]cty.Value{"argv": list("sh", "-c", `echo "$PW"; exit 1`),
				"env": cty.MapVal(map[string]cty.Value{"PW": cty.StringVal("hunter2-canary")})},
			wantErr: []string{"***"},
		},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			p, _ := configured(t)
			_, err := p.ApplyAction(context.Background(), providers.ApplyActionRequest{Address: "a", Type: "exec", Args: cty.ObjectVal(tc.args)})
			if err == nil {
				t.Fatal("apply succeeded")
			}
			for _, w := range tc.wantErr {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q lacks %q", err, w)
				}
			}
			if strings.Contains(err.Error(), "canary") {
				t.Errorf("error shows a secret: %v", err)
			}
		})
	}
}

func TestPlan(t *testing.T) {
	t.Parallel()
	tests := map[string]struct {
		args map[string]cty.Value
		want providers.PlanActionResponse
	}{
		"argv quoted": {
			args: map[string]cty.Value{"argv": list("mvn", "-B", "release:prepare", "-Darguments=-DskipTests x")},
			want: providers.PlanActionResponse{Operation: providers.OpRun, Reversibility: providers.Irreversible,
				Description: `run mvn -B release:prepare "-Darguments=-DskipTests x"`},
		},
		"description and undo": {
			args: map[string]cty.Value{"argv": list("deploy"), "undo": list("undeploy"), "description": cty.StringVal("deploy the docs"), "dir": cty.StringVal("docs")},
			want: providers.PlanActionResponse{Operation: providers.OpRun, Reversibility: providers.Compensable, Description: "deploy the docs in docs"},
		},
		"unknown argv": {
			args: map[string]cty.Value{"argv": cty.UnknownVal(cty.List(cty.String))},
			want: providers.PlanActionResponse{Operation: providers.OpRun, Reversibility: providers.Irreversible, Description: "run (known after apply)"},
		},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			p, _ := configured(t)
			got, err := p.PlanAction(context.Background(), providers.PlanActionRequest{Address: "a", Type: "exec", Args: cty.ObjectVal(tc.args)})
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tc.want, got); diff != "" {
				t.Errorf("plan (-want +got):\n%s", diff)
			}
		})
	}
}

package planner_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/zclconf/go-cty/cty"

	"github.com/relctl/relctl/planner"
	"github.com/relctl/relctl/planner/plan"
	"github.com/relctl/relctl/providers"
)

const varsConfig = `
variable "name" {
  type    = string
  default = "from-default"
}
variable "count" {
  type    = number
  default = 1
}
variable "token" {
  type      = string
  sensitive = true
  default   = ""
}
stage "show" {
  action "exec" "echo" {
    argv = ["echo", var.name, tostring(var.count)]
    env  = { TOKEN = var.token }
  }
}
`

func writeConfig(t *testing.T, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	for name, content := range files {
		writeFile(t, dir, name, content)
	}
	return dir
}

func writeFile(t testing.TB, dir, name, content string) {
	t.Helper()
	if err := os.WriteFile(filepath.Join(dir, name), []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
}

// TestVariablePrecedence checks Terraform's order: environment < files <
// flags, later files and flags winning over earlier ones.
func TestVariablePrecedence(t *testing.T) {
	t.Parallel()
	tests := map[string]struct {
		in   planner.VarInputs
		want []string
	}{
		"default":          {want: []string{"echo", "from-default", "1"}},
		"environment":      {in: planner.VarInputs{Environ: []string{"RELCTL_VAR_name=env", "RELCTL_VAR_count=2"}}, want: []string{"echo", "env", "2"}},
		"file over env":    {in: planner.VarInputs{Environ: []string{"RELCTL_VAR_name=env"}, Files: []string{"a.vars.hcl"}}, want: []string{"echo", "file-a", "1"}},
		"later file wins":  {in: planner.VarInputs{Files: []string{"a.vars.hcl", "b.vars.hcl"}}, want: []string{"echo", "file-b", "3"}},
		"flag over file":   {in: planner.VarInputs{Files: []string{"b.vars.hcl"}, Flags: []string{"name=flag"}}, want: []string{"echo", "flag", "3"}},
		"later flag wins":  {in: planner.VarInputs{Flags: []string{"name=one", "name=two", "count=4"}}, want: []string{"echo", "two", "4"}},
		"flag with equals": {in: planner.VarInputs{Flags: []string{"name=a=b"}}, want: []string{"echo", "a=b", "1"}},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			dir := writeConfig(t, map[string]string{
				"main.rel.hcl": varsConfig,
				"a.vars.hcl":   `name = "file-a"`,
				"b.vars.hcl":   "name = \"file-b\"\ncount = 3\n",
			})
			in := tc.in
			for i, f := range in.Files {
				in.Files[i] = filepath.Join(dir, f)
			}
			p := buildPlan(t, dir, planner.Options{Vars: in})
			a, _ := p.Action("stage.show.exec.echo")
			_, schema, _ := options(planner.Options{}).Registry.ActionType("exec")
			args, err := plan.PlannedArgs(a, schema)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tc.want, providers.Args{V: args}.Strings("argv")); diff != "" {
				t.Errorf("argv (-want +got):\n%s", diff)
			}
		})
	}
}

// TestSensitiveVariableNeverInPlan plans with a canary token and checks it
// appears nowhere in the plan file, while apply can still resolve it from
// the environment.
func TestSensitiveVariableNeverInPlan(t *testing.T) {
	t.Parallel()
	const canary = "relctl-canary-3f9a7c1e"
	dir := writeConfig(t, map[string]string{"main.rel.hcl": varsConfig})
	p := buildPlan(t, dir, planner.Options{Vars: planner.VarInputs{Flags: []string{"token=" + canary}}})
	data, err := plan.Encode(p)
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(string(data), canary) {
		t.Fatalf("the plan contains the sensitive value")
	}
	a, _ := p.Action("stage.show.exec.echo")
	if _, ok := a.Deferred["env"]; !ok {
		t.Fatalf("env is not deferred: %+v", a.Deferred)
	}
	_, schema, _ := options(planner.Options{}).Registry.ActionType("exec")
	getenv := func(k string) string {
		if k == "RELCTL_VAR_token" {
			return canary
		}
		return ""
	}
	args, err := plan.ResolveArgs(a, schema, nil, getenv)
	if err != nil {
		t.Fatal(err)
	}
	if got := args.GetAttr("env").Index(cty.StringVal("TOKEN")).AsString(); got != canary {
		t.Errorf("resolved TOKEN = %q", got)
	}
	if _, err := plan.ResolveArgs(a, schema, nil, func(string) string { return "" }); err == nil ||
		!strings.Contains(err.Error(), "RELCTL_VAR_token") {
		t.Errorf("resolving without the variable: %v", err)
	}
}

// TestPlanFileIntegrity: any changed byte, a newer format and a wrong
// checksum are refused.
func TestPlanFileIntegrity(t *testing.T) {
	t.Parallel()
	dir := writeConfig(t, map[string]string{"main.rel.hcl": varsConfig})
	p := buildPlan(t, dir, planner.Options{})
	data, err := plan.Encode(p)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := plan.Decode(data); err != nil {
		t.Fatalf("decoding the plan as written: %v", err)
	}
	for i := 0; i < len(data); i += 7 {
		changed := append([]byte{}, data...)
		changed[i] ^= 0x01
		if _, err := plan.Decode(changed); err == nil {
			t.Fatalf("a plan with byte %d changed (%q) was accepted", i, data[i])
		}
	}
	newer := strings.Replace(string(data), `"format_version": "1"`, `"format_version": "2"`, 1)
	if _, err := plan.Decode([]byte(newer)); err == nil || !strings.Contains(err.Error(), "not supported") {
		t.Errorf("a newer format: %v", err)
	}
	path := filepath.Join(dir, "plan.out")
	if _, err := plan.WriteFile(path, p); err != nil {
		t.Fatal(err)
	}
	if _, err := plan.ReadFile(path); err != nil {
		t.Errorf("reading the plan back: %v", err)
	}
}

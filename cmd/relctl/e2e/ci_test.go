package e2e

import (
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"go.yaml.in/yaml/v3"
)

// The CI recipes people copy: the composite action at the repository root
// and the Gravitee workflows.
var (
	actionFile    = filepath.Join("..", "..", "..", "action.yml")
	actionsRecipe = filepath.Join("..", "..", "..", "examples", "gravitee", "ci", "github-actions.yml")
	circleRecipe  = filepath.Join("..", "..", "..", "examples", "gravitee", "ci", "circleci.yml")
)

// ghStep is a step of a GitHub Actions job or composite action.
type ghStep struct {
	Name  string            `yaml:"name"`
	ID    string            `yaml:"id"`
	Uses  string            `yaml:"uses"`
	Run   string            `yaml:"run"`
	With  map[string]string `yaml:"with"`
	Env   map[string]string `yaml:"env"`
	If    string            `yaml:"if"`
	Shell string            `yaml:"shell"`
}

type ghAction struct {
	Inputs  map[string]struct{ Default string } `yaml:"inputs"`
	Outputs map[string]struct{ Value string }   `yaml:"outputs"`
	Runs    struct {
		Using string   `yaml:"using"`
		Steps []ghStep `yaml:"steps"`
	} `yaml:"runs"`
}

type ghWorkflow struct {
	On   map[string]any `yaml:"on"`
	Jobs map[string]struct {
		If    string   `yaml:"if"`
		Steps []ghStep `yaml:"steps"`
	} `yaml:"jobs"`
}

func readYAML(t *testing.T, path string, v any) {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if err := yaml.Unmarshal(data, v); err != nil {
		t.Fatalf("%s: %v", path, err)
	}
}

// TestCIRecipesRunRealCommands parses the recipes and checks every relctl
// command they run against the help of the built relctl: the command
// exists and accepts each flag given.
func TestCIRecipesRunRealCommands(t *testing.T) {
	var action ghAction
	readYAML(t, actionFile, &action)
	var wf ghWorkflow
	readYAML(t, actionsRecipe, &wf)
	var circle struct {
		Jobs map[string]struct {
			Steps []any `yaml:"steps"`
		} `yaml:"jobs"`
		Commands map[string]struct {
			Steps []any `yaml:"steps"`
		} `yaml:"commands"`
		Workflows map[string]any `yaml:"workflows"`
	}
	readYAML(t, circleRecipe, &circle)

	var lines []string
	for _, s := range action.Runs.Steps {
		lines = append(lines, relctlLines(s.Run)...)
	}
	for name, job := range wf.Jobs {
		if job.If == "" {
			t.Errorf("%s: job %s runs on every event", actionsRecipe, name)
		}
		for _, s := range job.Steps {
			lines = append(lines, relctlLines(s.Run)...)
			if strings.HasPrefix(s.Uses, "relctl/relctl@") {
				lines = append(lines, "relctl "+s.With["command"])
			}
		}
	}
	for _, job := range circle.Jobs {
		for _, s := range job.Steps {
			lines = append(lines, relctlLines(circleCommand(s))...)
		}
	}
	for _, c := range circle.Commands {
		for _, s := range c.Steps {
			lines = append(lines, relctlLines(circleCommand(s))...)
		}
	}
	for _, want := range []string{"plan", "comment", "apply", "rollback"} {
		if !ranCommand(lines, want) {
			t.Errorf("no recipe runs relctl %s", want)
		}
	}
	for _, name := range []string{"prepare", "continue", "rollback"} {
		if _, ok := wf.Jobs[name]; !ok {
			t.Errorf("%s has no job %s", actionsRecipe, name)
		}
		if _, ok := circle.Workflows[name]; !ok {
			t.Errorf("%s has no workflow %s", circleRecipe, name)
		}
	}
	for _, line := range lines {
		checkCommandLine(t, line)
	}
}

// circleCommand is the script of a CircleCI step (run: string or
// run: {command: …}).
func circleCommand(step any) string {
	m, ok := step.(map[string]any)
	if !ok {
		return ""
	}
	switch r := m["run"].(type) {
	case string:
		return r
	case map[string]any:
		s, _ := r["command"].(string)
		return s
	}
	return ""
}

var relctlCall = regexp.MustCompile(`(?:^|[;&|(]\s*|\bthen\s+)relctl\s+([^;&|)]*)`)

// relctlLines finds the relctl invocations of a shell script.
func relctlLines(script string) []string {
	var out []string
	for _, line := range strings.Split(script, "\n") {
		line = strings.TrimSpace(line)
		if strings.HasPrefix(line, "#") || strings.HasPrefix(line, "echo ") {
			continue
		}
		for _, m := range relctlCall.FindAllStringSubmatch(line, -1) {
			out = append(out, "relctl "+strings.TrimSpace(m[1]))
		}
	}
	return out
}

func ranCommand(lines []string, cmd string) bool {
	for _, l := range lines {
		if path, _, ok := commandPath(l); ok && path[0] == cmd {
			return true
		}
	}
	return false
}

var globalFlags = map[string]bool{"chdir": true, "no-color": true, "log-level": true, "log-json": true}

// commandPath splits a relctl command line into the command path (state
// list) and the flags it gives; ok is false when the command is a shell
// variable (the action's generic step).
func commandPath(line string) (path, flags []string, ok bool) {
	words := strings.Fields(strings.NewReplacer(`"`, "", `'`, "").Replace(line))[1:]
	for _, w := range words {
		switch {
		case strings.HasPrefix(w, "-"):
			name, _, _ := strings.Cut(strings.TrimLeft(w, "-"), "=")
			if !globalFlags[name] {
				flags = append(flags, name)
			}
		case len(path) == 0 && strings.HasPrefix(w, "$"):
			return nil, nil, false
		case len(path) == 0 || (path[0] == "state" && len(path) == 1):
			path = append(path, w)
		}
	}
	return path, flags, len(path) > 0
}

// checkCommandLine runs relctl CMD -h and checks that it lists every flag
// of line.
func checkCommandLine(t *testing.T, line string) {
	t.Helper()
	path, flags, ok := commandPath(line)
	if !ok {
		return
	}
	out, err := exec.Command(relctlBin, append(path, "-h")...).CombinedOutput()
	if err != nil {
		t.Errorf("%q: relctl %s -h: %v\n%s", line, strings.Join(path, " "), err, out)
		return
	}
	if !strings.Contains(string(out), "relctl "+strings.Join(path, " ")) {
		t.Errorf("%q: relctl has no command %q:\n%s", line, strings.Join(path, " "), out)
	}
	for _, f := range flags {
		if !strings.Contains(string(out), "--"+f) {
			t.Errorf("%q: relctl %s has no flag -%s", line, strings.Join(path, " "), f)
		}
	}
}

// TestActionMapsExitCodes runs the command step of action.yml as GitHub
// Actions would (bash, the inputs in its environment, GITHUB_OUTPUT) with
// relctl fmt -check, which exits 3 on an unformatted file: exit code 3 is
// waiting=true and a successful step; 1 fails the step.
func TestActionMapsExitCodes(t *testing.T) {
	var action ghAction
	readYAML(t, actionFile, &action)
	if action.Runs.Using != "composite" {
		t.Fatalf("action.yml runs using %q, want composite", action.Runs.Using)
	}
	for _, in := range []string{"version", "command", "working-directory", "plan-file", "comment", "pr"} {
		if _, ok := action.Inputs[in]; !ok {
			t.Errorf("action.yml has no input %s", in)
		}
	}
	var step ghStep
	for _, s := range action.Runs.Steps {
		if s.ID == "run" {
			step = s
		}
		if strings.Contains(s.Run, "go install") && !strings.Contains(s.Run, "github.com/relctl/relctl/cmd/relctl@") {
			t.Errorf("the install step does not go install github.com/relctl/relctl/cmd/relctl@VERSION:\n%s", s.Run)
		}
	}
	if step.Run == "" {
		t.Fatal("action.yml has no step with id run")
	}
	tests := map[string]struct {
		file     string
		wantCode int
		want     string
	}{
		"waiting":   {file: "relctl {\nparallelism=2\n}\n", wantCode: 0, want: "exit-code=3\nwaiting=true\n"},
		"succeeded": {file: "relctl {\n  parallelism = 2\n}\n", wantCode: 0, want: "exit-code=0\nwaiting=false\n"},
		"failed":    {file: "relctl {\n", wantCode: 1, want: "exit-code=1\nwaiting=false\n"},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			dir := t.TempDir()
			if err := os.WriteFile(filepath.Join(dir, "main.rel.hcl"), []byte(tc.file), 0o644); err != nil {
				t.Fatal(err)
			}
			out := filepath.Join(dir, "github_output")
			cmd := exec.Command("bash", "-e", "-c", step.Run)
			cmd.Dir = dir
			cmd.Env = append(environ(), "PATH="+filepath.Dir(relctlBin)+":"+os.Getenv("PATH"),
				"GITHUB_OUTPUT="+out, "RELCTL_COMMAND=fmt -check")
			log, _ := cmd.CombinedOutput()
			if code := cmd.ProcessState.ExitCode(); code != tc.wantCode {
				t.Errorf("step exit code %d, want %d:\n%s", code, tc.wantCode, log)
			}
			got, _ := os.ReadFile(out)
			if string(got) != tc.want {
				t.Errorf("outputs %q, want %q", got, tc.want)
			}
		})
	}
}

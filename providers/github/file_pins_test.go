package github

import (
	"context"
	"strings"
	"testing"

	"github.com/zclconf/go-cty/cty"
	"github.com/zclconf/go-cty/cty/convert"

	"github.com/relctl/relctl/providers"
	"github.com/relctl/relctl/providers/internal/pin"
)

const webPackageJSON = `{
  "name": "@acme/web",
  "version": "0.9.0",
  "dependencies": {
    "@acme/api": "^2.0.0",
    "left-pad": "1.3.0"
  }
}
`

// pins builds a pins argument as a configuration writes it (optional
// attributes left out), converted to the schema's type.
func pins(t *testing.T, objs ...map[string]cty.Value) cty.Value {
	t.Helper()
	vals := make([]cty.Value, len(objs))
	for i, o := range objs {
		vals[i] = cty.ObjectVal(o)
	}
	v, err := convert.Convert(cty.TupleVal(vals), pin.Type)
	if err != nil {
		t.Fatal(err)
	}
	return v
}

func apiPin(version string) map[string]cty.Value {
	return map[string]cty.Value{"dependencies": cty.ObjectVal(map[string]cty.Value{"@acme/api": s(version)})}
}

// webWorld is a repository acme/web whose package.json depends on @acme/api.
func webWorld(t *testing.T) *fixture {
	t.Helper()
	f := setup(t, nil)
	f.srv.AddRepo("acme/web", "main").Commit("main", "Initial", map[string]string{"package.json": webPackageJSON})
	return f
}

// TestFilePins: github_file pins a dependency in the file as it is on the
// branch; the plan shows the diff, apply writes it, and once written the
// action is done and plans as a no-op.
func TestFilePins(t *testing.T) {
	t.Parallel()
	f := webWorld(t)
	a := args(t, "github_file", map[string]cty.Value{"repo": s("web"), "branch": s("main"), "path": s("package.json"),
		"message": s("Pin @acme/api 2.0.1"), "pins": pins(t, apiPin("2.0.1"))})
	plan := f.plan(t, "github_file", a)
	wantDiff := "--- a/package.json\n+++ b/package.json\n@@ -2,7 +2,7 @@\n   \"name\": \"@acme/web\",\n   \"version\": \"0.9.0\",\n" +
		"   \"dependencies\": {\n-    \"@acme/api\": \"^2.0.0\",\n+    \"@acme/api\": \"^2.0.1\",\n     \"left-pad\": \"1.3.0\"\n   }\n }\n"
	if plan.Operation != providers.OpUpdate || plan.Diff != wantDiff {
		t.Fatalf("plan = %s with diff\n%s\nwant update with\n%s", plan.Operation, plan.Diff, wantDiff)
	}
	if _, err := f.apply(t, "github_file", a); err != nil {
		t.Fatal(err)
	}
	want := strings.Replace(webPackageJSON, `"^2.0.0"`, `"^2.0.1"`, 1)
	if got, _ := f.srv.File("acme/web", "main", "package.json"); got != want {
		t.Errorf("package.json after apply:\n%s\nwant:\n%s", got, want)
	}
	st, err := f.p.CheckAction(context.Background(), providers.CheckActionRequest{Address: "stage.test.github_file.x", Type: "github_file", Args: a})
	if err != nil || st.Status != providers.CheckDone {
		t.Errorf("check after apply = %s, %v; want done", st.Status, err)
	}
	if again := f.plan(t, "github_file", a); again.Operation != providers.OpNoop {
		t.Errorf("plan after apply = %s %q, want a no-op", again.Operation, again.Description)
	}
}

// TestFilePinsNewBranch: while the branch does not exist, the pins edit
// the file of the default branch, which the branch will start from.
func TestFilePinsNewBranch(t *testing.T) {
	t.Parallel()
	f := webWorld(t)
	a := args(t, "github_file", map[string]cty.Value{"repo": s("web"), "branch": s("release/1.0"), "path": s("package.json"),
		"pins": pins(t, apiPin("2.1.0"))})
	plan := f.plan(t, "github_file", a)
	if !strings.Contains(plan.Diff, "+    \"@acme/api\": \"^2.1.0\",\n") || !strings.Contains(plan.Description, "(new branch, from main)") {
		t.Errorf("plan = %q with diff\n%s", plan.Description, plan.Diff)
	}
}

func TestFilePinsWithContent(t *testing.T) {
	t.Parallel()
	f := webWorld(t)
	content := `{"dependencies": {"@acme/api": "~1.0.0"}}`
	a := args(t, "github_file", map[string]cty.Value{"repo": s("web"), "branch": s("main"), "path": s("package.json"),
		"content": s(content), "pins": pins(t, apiPin("2.0.1"))})
	if _, err := f.apply(t, "github_file", a); err != nil {
		t.Fatal(err)
	}
	if got, _ := f.srv.File("acme/web", "main", "package.json"); got != `{"dependencies": {"@acme/api": "~2.0.1"}}` {
		t.Errorf("package.json = %s, want content with the pin set", got)
	}
}

func TestFilePinErrors(t *testing.T) {
	t.Parallel()
	left := map[string]cty.Value{"dependencies": cty.ObjectVal(map[string]cty.Value{"lodash": s("4.0.0")})}
	tests := map[string]struct {
		path    string
		pins    []map[string]cty.Value
		wantErr string
	}{
		"dependency not found": {path: "package.json", pins: []map[string]cty.Value{left},
			wantErr: `pinning dependencies in acme/web at main: package.json: dependency "lodash": not found`},
		"file missing": {path: "web/package.json", pins: []map[string]cty.Value{apiPin("2.0.1")},
			wantErr: "pinning dependencies: web/package.json does not exist in acme/web at main"},
		"another file": {path: "package.json", pins: []map[string]cty.Value{{"file": s("pom.xml"), "dependencies": cty.MapValEmpty(cty.String)}},
			wantErr: `pins[0] names file "pom.xml", but github_file writes package.json`},
		"format not told": {path: "deps.txt", pins: []map[string]cty.Value{apiPin("2.0.1")},
			wantErr: "pins[0]: deps.txt: cannot tell the format from the file's name"},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			f := webWorld(t)
			a := args(t, "github_file", map[string]cty.Value{"repo": s("web"), "branch": s("main"), "path": s(tc.path), "pins": pins(t, tc.pins...)})
			_, err := f.p.PlanAction(context.Background(), providers.PlanActionRequest{Address: "a", Type: "github_file", Args: a})
			if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
				t.Errorf("plan error = %v, want one containing %q", err, tc.wantErr)
			}
		})
	}
	f := webWorld(t)
	_, err := f.p.PlanAction(context.Background(), providers.PlanActionRequest{Address: "a", Type: "github_file",
		Args: args(t, "github_file", map[string]cty.Value{"repo": s("web"), "branch": s("main"), "path": s("x")})})
	if err == nil || !strings.Contains(err.Error(), `argument "content" or "pins" is required`) {
		t.Errorf("plan without content or pins: %v", err)
	}
}

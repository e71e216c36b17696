package git

import (
	"context"
	"strings"
	"testing"

	"github.com/zclconf/go-cty/cty"
	"github.com/zclconf/go-cty/cty/convert"

	"github.com/relctl/relctl/providers"
	"github.com/relctl/relctl/providers/internal/pin"
)

// pins builds a pins argument from objects as a configuration writes them
// (optional attributes left out), converted to the schema's type.
func pins(objs ...map[string]cty.Value) cty.Value {
	vals := make([]cty.Value, len(objs))
	for i, o := range objs {
		vals[i] = cty.ObjectVal(o)
	}
	v, err := convert.Convert(cty.TupleVal(vals), pin.Type)
	if err != nil {
		panic("pins: " + err.Error())
	}
	return v
}

func pinOf(file string, kv ...string) map[string]cty.Value {
	deps := map[string]cty.Value{}
	for i := 0; i+1 < len(kv); i += 2 {
		deps[kv[i]] = str(kv[i+1])
	}
	return map[string]cty.Value{"file": str(file), "dependencies": cty.ObjectVal(deps)}
}

const goModFile = "module example.com/api\n\ngo 1.22\n\nrequire (\n\texample.com/common v3.4.5\n\tgolang.org/x/text v0.14.0 // indirect\n)\n"

// TestCommitPins: a commit pins dependencies in files read from the
// branch, once; the same pins on the result change nothing.
func TestCommitPins(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	f.seedCommit("main", "Add go.mod", map[string]string{"go.mod": goModFile})
	f.push("main")
	ctx := context.Background()
	addr := "stage.release.git_commit.version"
	args := f.args(map[string]cty.Value{"branch": str("main"), "message": str("Release 1.2.0"), "version": str("1.2.0"),
		"pins": pins(pinOf("pom.xml", "common", "3.5.0"), pinOf("go.mod", "example.com/common", "v3.5.0"))})
	plan, err := f.plan("git_commit", addr, args)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"-      <version>3.4.5</version>\n+      <version>3.5.0</version>\n", "-\texample.com/common v3.4.5\n+\texample.com/common v3.5.0\n", "+  <version>1.2.0</version>\n"} {
		if !strings.Contains(plan.Diff, want) {
			t.Errorf("plan diff lacks %q:\n%s", want, plan.Diff)
		}
	}
	sha := f.apply("git_commit", addr, args).Outputs["sha"].AsString()
	show := func(path string) string { return f.git(f.root, "--git-dir="+f.cloneDir(), "show", sha+":"+path) + "\n" }
	wantPom := strings.NewReplacer("<version>3.4.5</version>", "<version>3.5.0</version>", "<version>1.2.0-SNAPSHOT</version>", "<version>1.2.0</version>").Replace(pomXML)
	if got := show("pom.xml"); got != wantPom {
		t.Errorf("committed pom.xml:\n%s\nwant:\n%s", got, wantPom)
	}
	if got, want := show("go.mod"), strings.Replace(goModFile, "common v3.4.5", "common v3.5.0", 1); got != want {
		t.Errorf("committed go.mod:\n%s\nwant:\n%s", got, want)
	}

	// Resumed: the commit is recognised by its trailers, not made again.
	st, err := f.p.CheckAction(ctx, providers.CheckActionRequest{Address: addr, Type: "git_commit", Args: args})
	if err != nil || st.Status != providers.CheckDone || st.Outputs["sha"].AsString() != sha {
		t.Fatalf("check after apply = %v %v, %v; want done at %s", st.Status, st.Outputs, err, short(sha))
	}
	if again := f.apply("git_commit", addr, args).Outputs["sha"].AsString(); again != sha {
		t.Errorf("a second apply committed %s, want the first commit %s", short(again), short(sha))
	}
	if n := f.trailerCount(f.cloneDir(), "refs/heads/main", addr); n != 1 {
		t.Errorf("%d commits carry the trailer, want 1", n)
	}

	// Another action pinning the same versions: nothing to do.
	same := f.args(map[string]cty.Value{"branch": str("main"), "message": str("Pin again"),
		"pins": pins(pinOf("pom.xml", "common", "3.5.0"))})
	plan, err = f.plan("git_commit", "stage.other.git_commit.pin", same)
	if err != nil || plan.Operation != providers.OpNoop || !strings.Contains(plan.Description, "the files already hold this content") {
		t.Errorf("plan of pins already applied = %s %q, %v; want a no-op", plan.Operation, plan.Description, err)
	}
}

// TestCommitPinErrors plans each bad pin against one repository.
func TestCommitPinErrors(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	tests := map[string]struct {
		pins    cty.Value
		wantErr string
	}{
		"dependency not found": {pins: pins(pinOf("pom.xml", "left-pad", "1")),
			wantErr: `pinning dependencies in acme/api: pom.xml: dependency "left-pad": not found`},
		"file missing": {pins: pins(pinOf("web/package.json", "a", "1")),
			wantErr: "pinning dependencies: web/package.json does not exist in acme/api"},
		"not a string in package.json": {pins: pins(pinOf("package.json", "left-pad", "1")),
			wantErr: "package.json: dependencies.left-pad on line 4 is not a string"},
		"no file": {pins: pins(map[string]cty.Value{"dependencies": cty.MapValEmpty(cty.String)}),
			wantErr: "pins[0] names no file"},
		"file escapes": {pins: pins(pinOf("../pom.xml", "a", "1")),
			wantErr: `pins[0]: file path "../pom.xml"`},
		"format not told": {pins: pins(pinOf("deps.txt", "a", "1")),
			wantErr: "pins[0]: deps.txt: cannot tell the format from the file's name"},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			_, err := f.plan("git_commit", "a", f.args(map[string]cty.Value{"branch": str("main"), "message": str("m"), "pins": tc.pins}))
			if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
				t.Errorf("plan error = %v, want one containing %q", err, tc.wantErr)
			}
		})
	}
}

// TestCommitPinsEmpty: a pin without dependencies (a component that
// depends on nothing released) reads no file and commits nothing.
func TestCommitPinsEmpty(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	args := f.args(map[string]cty.Value{"branch": str("main"), "message": str("m"),
		"pins": pins(map[string]cty.Value{"file": str("absent/pom.xml"), "dependencies": cty.MapValEmpty(cty.String)})})
	plan, err := f.plan("git_commit", "a", args)
	if err != nil || plan.Operation != providers.OpNoop {
		t.Errorf("plan = %s %q, %v; want a no-op", plan.Operation, plan.Description, err)
	}
}

package git

import (
	"fmt"
	"strings"
	"testing"

	"github.com/sebdah/goldie/v2"
	"github.com/zclconf/go-cty/cty"

	"github.com/relctl/relctl/providers"
)

// renderPlan is the plan of one action as a reviewer reads it.
func renderPlan(p providers.PlanActionResponse) string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s %s [%s]\n", p.Operation.Symbol(), p.Description, p.Reversibility)
	if p.Diff != "" {
		b.WriteString(p.Diff)
	}
	for _, f := range p.Facts {
		fmt.Fprintf(&b, "fact: %s\n", f.Description)
	}
	return b.String()
}

func TestPlanGolden(t *testing.T) {
	t.Parallel()
	unknown := cty.UnknownVal(cty.String)
	tests := map[string]struct {
		setup func(f *fixture)
		typ   string
		args  map[string]cty.Value
	}{
		"commit_version_and_files": {typ: "git_commit", args: map[string]cty.Value{"branch": str("main"), "message": str("Release 1.2.0\n\nBody."),
			"version": str("1.2.0"), "files": cty.MapVal(map[string]cty.Value{"docs/CHANGELOG.md": str("# 1.2.0\n")})}},
		"commit_version_files_named": {typ: "git_commit", args: map[string]cty.Value{"branch": str("main"), "message": str("Next"),
			"version": str("1.2.1-SNAPSHOT"), "version_files": strList("VERSION")}},
		"commit_version_and_pins": {typ: "git_commit", args: map[string]cty.Value{"branch": str("main"), "message": str("Release 1.2.0"),
			"version": str("1.2.0"), "pins": pins(pinOf("pom.xml", "io.acme:common", "3.5.0"))}},
		"commit_pins_already_hold": {typ: "git_commit", args: map[string]cty.Value{"branch": str("main"), "message": str("Pin"),
			"pins": pins(pinOf("pom.xml", "common", "3.4.5"))}},
		"commit_already_holds": {typ: "git_commit", args: map[string]cty.Value{"branch": str("main"), "message": str("Same"),
			"files": cty.MapVal(map[string]cty.Value{"README.md": str("acme api\n")})}},
		"commit_unknown_version": {typ: "git_commit", args: map[string]cty.Value{"branch": str("main"), "message": str("Bump"), "version": unknown}},
		"branch":                 {typ: "git_branch", args: map[string]cty.Value{"branch": str("release/1.2.x")}},
		"branch_exists":          {setup: func(f *fixture) { f.seedCommit("1.2.x", "x", nil); f.push("1.2.x") }, typ: "git_branch", args: map[string]cty.Value{"branch": str("1.2.x"), "from": str("main")}},
		"tag_annotated":          {typ: "git_tag", args: map[string]cty.Value{"tag": str("v1.2.0"), "message": str("1.2.0")}},
		"tag_exists":             {setup: func(f *fixture) { f.git(f.seed, "tag", "v1.2.0"); f.push("v1.2.0") }, typ: "git_tag", args: map[string]cty.Value{"tag": str("v1.2.0"), "ref": str("main")}},
		"tag_unknown_ref":        {typ: "git_tag", args: map[string]cty.Value{"tag": str("v1.2.0"), "ref": unknown}},
		"merge":                  {setup: func(f *fixture) { f.seedCommit("feature", "f", nil); f.push("feature") }, typ: "git_merge", args: map[string]cty.Value{"branch": str("main"), "from": str("feature")}},
		"merge_create":           {typ: "git_merge", args: map[string]cty.Value{"branch": str("release"), "from": str("main"), "create": cty.True}},
		"push":                   {typ: "git_push", args: map[string]cty.Value{"refs": strList("main", "tags/v1.2.0", "release/1.2.x")}},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			f := newFixture(t)
			if tc.setup != nil {
				tc.setup(f)
			}
			resp, err := f.plan(tc.typ, "stage.release.x", f.args(tc.args))
			if err != nil {
				t.Fatal(err)
			}
			g := goldie.New(t, goldie.WithFixtureDir("testdata"), goldie.WithSubTestNameForDir(true))
			g.Assert(t, "plan", []byte(renderPlan(resp)))
		})
	}
}

func TestPlanErrors(t *testing.T) {
	t.Parallel()
	tests := map[string]struct {
		setup   func(f *fixture)
		typ     string
		args    map[string]cty.Value
		wantErr string
	}{
		"tag on another commit": {
			setup: func(f *fixture) {
				f.git(f.seed, "tag", "v1.2.0")
				f.seedCommit("main", "later", nil)
				f.push("main", "v1.2.0")
			},
			typ: "git_tag", args: map[string]cty.Value{"tag": str("v1.2.0"), "ref": str("main")},
			wantErr: "tag v1.2.0 is at ",
		},
		"branch elsewhere": {
			setup: func(f *fixture) {
				f.seedCommit("main", "later", nil)
				f.git(f.seed, "checkout", "--quiet", "--orphan", "other")
				f.git(f.seed, "commit", "--quiet", "--allow-empty", "-m", "other")
				f.push("main", "other")
			},
			typ: "git_branch", args: map[string]cty.Value{"branch": str("other"), "from": str("main")},
			wantErr: "branch other of acme/api exists on the remote at",
		},
		"file escapes": {typ: "git_commit", args: map[string]cty.Value{"branch": str("main"), "message": str("m"),
			"files": cty.MapVal(map[string]cty.Value{"../evil": str("x")})}, wantErr: `file path "../evil": path must stay inside the repository`},
		"absolute version file": {typ: "git_commit", args: map[string]cty.Value{"branch": str("main"), "message": str("m"),
			"version": str("1"), "version_files": strList("/etc/VERSION")}, wantErr: `file path "/etc/VERSION"`},
		"missing version file": {typ: "git_commit", args: map[string]cty.Value{"branch": str("main"), "message": str("m"),
			"version": str("1"), "version_files": strList("sub/VERSION")}, wantErr: "version file sub/VERSION does not exist"},
		"bad tag name": {typ: "git_tag", args: map[string]cty.Value{"tag": str("v1..2")}, wantErr: `"v1..2" is not a valid tag name`},
		"ff only impossible": {
			setup: func(f *fixture) {
				f.seedCommit("feature", "f", nil)
				f.seedCommit("main", "m", nil)
				f.push("main", "feature")
			},
			typ: "git_merge", args: map[string]cty.Value{"branch": str("main"), "from": str("feature"), "ff_only": cty.True},
			wantErr: "main cannot be fast-forwarded to feature",
		},
		"merge conflict": {
			setup: func(f *fixture) {
				f.seedCommit("feature", "f", map[string]string{"VERSION": "9\n"})
				f.seedCommit("main", "m", map[string]string{"VERSION": "8\n"})
				f.push("main", "feature")
			},
			typ: "git_merge", args: map[string]cty.Value{"branch": str("main"), "from": str("feature")},
			wantErr: "conflicts in VERSION",
		},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			f := newFixture(t)
			if tc.setup != nil {
				tc.setup(f)
			}
			_, err := f.plan(tc.typ, "a", f.args(tc.args))
			if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
				t.Errorf("plan error = %v, want one containing %q", err, tc.wantErr)
			}
		})
	}
}

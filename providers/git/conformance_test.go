package git

import (
	"strings"
	"testing"

	"github.com/zclconf/go-cty/cty"

	"github.com/relctl/relctl/providers"
	"github.com/relctl/relctl/providers/providertest"
)

// TestConformance puts every git action type through the provider
// conformance suite against a real bare remote.
func TestConformance(t *testing.T) {
	t.Parallel()
	tests := map[string]func(f *fixture) providertest.Case{
		"branch": func(f *fixture) providertest.Case {
			return providertest.Case{Type: "git_branch", Reversibility: providers.Reversible,
				Args: f.args(map[string]cty.Value{"branch": str("release/1.x"), "from": str("main")}),
				Verify: func(t *testing.T, done bool) {
					want := ""
					if done {
						want = f.base
					}
					if got := f.inClone("refs/heads/release/1.x"); got != want {
						t.Errorf("local branch release/1.x = %q, want %q", got, want)
					}
				}}
		},
		"commit": func(f *fixture) providertest.Case {
			addr := "stage.prepare.git_commit.bump"
			return providertest.Case{Type: "git_commit", Address: addr, Reversibility: providers.Reversible,
				Args: f.args(map[string]cty.Value{"branch": str("main"), "message": str("Release 1.2.0"),
					"version": str("1.2.0"), "files": cty.MapVal(map[string]cty.Value{"CHANGELOG.md": str("# 1.2.0\n")})}),
				Verify: func(t *testing.T, done bool) {
					head := f.inClone("refs/heads/main")
					if !done {
						if head != "" && head != f.base {
							t.Errorf("local main = %s, want absent or %s", head, f.base)
						}
						return
					}
					if n := f.trailerCount(f.cloneDir(), head, addr); n != 1 || f.inClone(head+"^") != f.base {
						t.Errorf("local main %s: %d commits carry the trailer, parent %s; want 1 on top of %s", head, n, f.inClone(head+"^"), f.base)
					}
					pom := f.git(f.root, "--git-dir="+f.cloneDir(), "show", head+":pom.xml")
					if !strings.Contains(pom, "<version>1.2.0</version>") || !strings.Contains(pom, "<version>20.1</version>") {
						t.Errorf("pom.xml not updated as expected:\n%s", pom)
					}
				}}
		},
		"commit with pins": func(f *fixture) providertest.Case {
			addr := "stage.release.git_commit.version"
			return providertest.Case{Type: "git_commit", Address: addr, Reversibility: providers.Reversible,
				Args: f.args(map[string]cty.Value{"branch": str("main"), "message": str("Release 1.2.0"),
					"pins": pins(pinOf("pom.xml", "common", "3.5.0"))}),
				Verify: func(t *testing.T, done bool) {
					head := f.inClone("refs/heads/main")
					if !done {
						if head != "" && head != f.base {
							t.Errorf("local main = %s, want absent or %s", head, f.base)
						}
						return
					}
					pom := f.git(f.root, "--git-dir="+f.cloneDir(), "show", head+":pom.xml")
					if !strings.Contains(pom, "<version>3.5.0</version>") || !strings.Contains(pom, "<version>1.2.0-SNAPSHOT</version>") {
						t.Errorf("pom.xml not pinned as expected:\n%s", pom)
					}
				}}
		},
		"lightweight tag": func(f *fixture) providertest.Case {
			return tagCase(f, cty.NullVal(cty.String), "commit")
		},
		"annotated tag": func(f *fixture) providertest.Case {
			return tagCase(f, str("Release 1.2.0"), "tag")
		},
		"merge commit": func(f *fixture) providertest.Case {
			feature := f.seedCommit("feature", "Feature", map[string]string{"feature.txt": "x\n"})
			f.seedCommit("main", "Main moves", map[string]string{"main.txt": "y\n"})
			f.push("main", "feature")
			main := f.onRemote("refs/heads/main")
			return providertest.Case{Type: "git_merge", Reversibility: providers.Reversible,
				Args: f.args(map[string]cty.Value{"branch": str("main"), "from": str("feature")}),
				Verify: func(t *testing.T, done bool) {
					head := f.inClone("refs/heads/main")
					if !done {
						if head != "" && head != main {
							t.Errorf("local main = %s, want absent or %s", head, main)
						}
						return
					}
					if f.inClone(head+"^1") != main || f.inClone(head+"^2") != feature {
						t.Errorf("local main %s is not the merge of %s and %s", head, main, feature)
					}
				}}
		},
		"fast-forward merge": func(f *fixture) providertest.Case {
			feature := f.seedCommit("feature", "Feature", map[string]string{"feature.txt": "x\n"})
			f.push("feature")
			return providertest.Case{Type: "git_merge", Reversibility: providers.Reversible,
				Args: f.args(map[string]cty.Value{"branch": str("main"), "from": str("feature"), "ff_only": cty.True}),
				Verify: func(t *testing.T, done bool) {
					want := f.base
					if done {
						want = feature
					}
					if got := f.inClone("refs/heads/main"); got != want && !(got == "" && !done) {
						t.Errorf("local main = %s, want %s", got, want)
					}
				}}
		},
		"merge creating its branch": func(f *fixture) providertest.Case {
			return providertest.Case{Type: "git_merge", Reversibility: providers.Reversible,
				Args: f.args(map[string]cty.Value{"branch": str("release"), "from": str("main"), "create": cty.True}),
				Verify: func(t *testing.T, done bool) {
					want := ""
					if done {
						want = f.base
					}
					if got := f.inClone("refs/heads/release"); got != want {
						t.Errorf("local branch release = %q, want %q", got, want)
					}
					if got := f.onRemote("refs/heads/release"); got != "" {
						t.Errorf("the merge reached the remote: release = %s", got)
					}
				}}
		},
		"push new refs": func(f *fixture) providertest.Case {
			f.apply("git_branch", "b", f.args(map[string]cty.Value{"branch": str("release/2.x")}))
			f.apply("git_tag", "t", f.args(map[string]cty.Value{"tag": str("v2.0.0"), "message": str("2.0.0")}))
			return providertest.Case{Type: "git_push", Reversibility: providers.Reversible,
				Args: f.args(map[string]cty.Value{"refs": strList("release/2.x", "tags/v2.0.0")}),
				Verify: func(t *testing.T, done bool) {
					want := ""
					if done {
						want = f.base
					}
					for _, ref := range []string{"refs/heads/release/2.x", "refs/tags/v2.0.0"} {
						if got := f.onRemote(ref); got != want {
							t.Errorf("remote %s = %q, want %q", ref, got, want)
						}
					}
				}}
		},
		"push moves a branch": func(f *fixture) providertest.Case {
			bump := f.apply("git_commit", "c", f.args(map[string]cty.Value{"branch": str("main"), "message": str("Bump"), "version": str("1.2.0")}))
			return providertest.Case{Type: "git_push", Reversibility: providers.Compensable,
				Args: f.args(map[string]cty.Value{"refs": strList("main")}),
				Verify: func(t *testing.T, done bool) {
					want := f.base
					if done {
						want = bump.Outputs["sha"].AsString()
					}
					if got := f.onRemote("refs/heads/main"); got != want {
						t.Errorf("remote main = %s, want %s", got, want)
					}
				}}
		},
	}
	for name, mk := range tests {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			f := newFixture(t)
			providertest.Conformance(t, f.p, mk(f))
		})
	}
}

func tagCase(f *fixture, message cty.Value, objType string) providertest.Case {
	return providertest.Case{Type: "git_tag", Reversibility: providers.Reversible,
		Args: f.args(map[string]cty.Value{"tag": str("v1.2.0"), "ref": str("main"), "message": message}),
		Verify: func(t *testing.T, done bool) {
			got := f.inClone("refs/tags/v1.2.0")
			if !done {
				if got != "" {
					t.Errorf("local tag v1.2.0 exists at %s", got)
				}
				return
			}
			if got != f.base {
				t.Errorf("local tag v1.2.0 = %q, want %s", got, f.base)
			}
			if typ := f.git(f.root, "--git-dir="+f.cloneDir(), "cat-file", "-t", "refs/tags/v1.2.0"); typ != objType {
				t.Errorf("tag object type %s, want %s", typ, objType)
			}
		}}
}

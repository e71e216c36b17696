package git

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/hashicorp/go-hclog"
	"github.com/zclconf/go-cty/cty"

	"github.com/relctl/relctl/providers"
)

// fixture is a bare remote "acme/api.git" seeded with a Maven/npm project,
// a seeding clone to change it behind relctl's back, and a configured
// provider whose workdir is inside the temporary directory.
type fixture struct {
	t      *testing.T
	root   string
	remote string
	seed   string
	p      *Provider
	base   string // the seed's first commit on main
}

const pomXML = `<?xml version="1.0" encoding="UTF-8"?>
<project xmlns="http://maven.apache.org/POM/4.0.0">
  <modelVersion>4.0.0</modelVersion>
  <parent>
    <groupId>io.acme</groupId>
    <artifactId>acme-parent</artifactId>
    <version>20.1</version>
  </parent>
  <artifactId>api</artifactId>
  <version>1.2.0-SNAPSHOT</version>
  <dependencies>
    <dependency>
      <groupId>io.acme</groupId>
      <artifactId>common</artifactId>
      <version>3.4.5</version>
    </dependency>
  </dependencies>
</project>
`

const packageJSON = `{
  "name" : "acme-api",
  "version":"1.2.0-SNAPSHOT",
  "dependencies": { "left-pad": { "version": "1.0.0" } }
}`

func newFixture(t *testing.T) *fixture {
	t.Helper()
	root := t.TempDir()
	f := &fixture{t: t, root: root, remote: filepath.Join(root, "acme", "api.git"), seed: filepath.Join(root, "seed")}
	f.git(root, "init", "--quiet", "--bare", "--initial-branch=main", f.remote)
	f.git(root, "clone", "--quiet", f.remote, f.seed)
	f.base = f.seedCommit("main", "Initial commit", map[string]string{
		"pom.xml": pomXML, "package.json": packageJSON, "VERSION": "1.2.0-SNAPSHOT\n", "README.md": "acme api\n",
	})
	f.git(f.seed, "push", "--quiet", "origin", "main")
	p := New().(*Provider)
	cfg := cty.ObjectVal(map[string]cty.Value{"workdir": cty.StringVal("work")})
	if err := p.Configure(context.Background(), providers.ConfigureRequest{Config: cfg, Dir: root, Logger: hclog.NewNullLogger()}); err != nil {
		t.Fatal(err)
	}
	f.p = p
	return f
}

// git runs git with a fixed identity and dates, so commit SHAs repeat.
func (f *fixture) git(dir string, args ...string) string {
	f.t.Helper()
	cmd := exec.Command("git", args...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "GIT_AUTHOR_NAME=Seed", "GIT_AUTHOR_EMAIL=seed@example.com",
		"GIT_COMMITTER_NAME=Seed", "GIT_COMMITTER_EMAIL=seed@example.com",
		"GIT_AUTHOR_DATE=2024-01-02T03:04:05Z", "GIT_COMMITTER_DATE=2024-01-02T03:04:05Z", "GIT_CONFIG_NOSYSTEM=1")
	out, err := cmd.CombinedOutput()
	if err != nil {
		f.t.Fatalf("git %s: %v\n%s", strings.Join(args, " "), err, out)
	}
	return strings.TrimSpace(string(out))
}

// seedCommit commits files on branch of the seeding clone (without
// pushing) and returns the commit.
func (f *fixture) seedCommit(branch, msg string, files map[string]string) string {
	f.t.Helper()
	switch {
	case f.revOr(f.seed, "HEAD") == "":
		f.git(f.seed, "symbolic-ref", "HEAD", "refs/heads/"+branch)
	case f.revOr(f.seed, "refs/heads/"+branch) != "":
		f.git(f.seed, "checkout", "--quiet", branch)
	default:
		f.git(f.seed, "checkout", "--quiet", "-b", branch)
	}
	for name, content := range files {
		path := filepath.Join(f.seed, name)
		os.MkdirAll(filepath.Dir(path), 0o755)
		if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
			f.t.Fatal(err)
		}
	}
	f.git(f.seed, "add", "-A")
	f.git(f.seed, "commit", "--quiet", "--allow-empty", "-m", msg)
	return f.git(f.seed, "rev-parse", "HEAD")
}

func (f *fixture) push(refs ...string) {
	f.t.Helper()
	f.git(f.seed, append([]string{"push", "--quiet", "origin"}, refs...)...)
}

// revOr returns the commit rev names in the repository at dir, or "".
func (f *fixture) revOr(dir, rev string) string {
	cmd := exec.Command("git", "--git-dir="+gitDir(dir), "rev-parse", "--verify", "--quiet", rev+"^{commit}")
	out, err := cmd.Output()
	if err != nil {
		return ""
	}
	return strings.TrimSpace(string(out))
}

func gitDir(dir string) string {
	if _, err := os.Stat(filepath.Join(dir, ".git")); err == nil {
		return filepath.Join(dir, ".git")
	}
	return dir
}

// onRemote and inClone read a ref of the remote and of relctl's clone.
func (f *fixture) onRemote(ref string) string { return f.revOr(f.remote, ref) }
func (f *fixture) inClone(ref string) string  { return f.revOr(f.cloneDir(), ref) }
func (f *fixture) cloneDir() string           { return filepath.Join(f.p.workdir, cloneKey(f.remote)) }

// args builds an action's arguments with remote set.
func (f *fixture) args(attrs map[string]cty.Value) cty.Value {
	m := map[string]cty.Value{"remote": cty.StringVal(f.remote)}
	for k, v := range attrs {
		m[k] = v
	}
	return cty.ObjectVal(m)
}

func (f *fixture) apply(typ, addr string, args cty.Value) providers.ApplyActionResponse {
	f.t.Helper()
	resp, err := f.p.ApplyAction(context.Background(), providers.ApplyActionRequest{Address: addr, Type: typ, Args: args})
	if err != nil {
		f.t.Fatalf("apply %s: %v", typ, err)
	}
	return resp
}

func (f *fixture) plan(typ, addr string, args cty.Value) (providers.PlanActionResponse, error) {
	return f.p.PlanAction(context.Background(), providers.PlanActionRequest{Address: addr, Type: typ, Args: args})
}

func str(s string) cty.Value { return cty.StringVal(s) }

func strList(s ...string) cty.Value {
	vals := make([]cty.Value, len(s))
	for i, v := range s {
		vals[i] = cty.StringVal(v)
	}
	return cty.ListVal(vals)
}

// trailerCount counts the commits reachable from rev in dir that carry
// the action's trailer.
func (f *fixture) trailerCount(dir, rev, addr string) int {
	out := f.git(dir, "--git-dir="+gitDir(dir), "log", "--format=%H", "--fixed-strings", "--grep=Relctl-Action: "+addr, rev)
	if out == "" {
		return 0
	}
	return len(strings.Split(out, "\n"))
}

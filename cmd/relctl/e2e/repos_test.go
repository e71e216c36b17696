package e2e

import (
	"os/exec"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// released is what releasing one component must leave in its remote.
type released struct {
	component, version, tag string
	// file is the version file; the release commit replaces from with to
	// in it and changes nothing else.
	file, from, to string
	// next is the next development version, committed after the tagged
	// release commit by replacing to with nextTo; "" when there is none.
	next, nextTo string
}

// quickstartRelease is the release the quickstart plans: common and api
// changed, web is released as api's dependant, docs is unchanged.
var quickstartRelease = []released{
	{component: "common", version: "1.5.0", tag: "v1.5.0", file: "VERSION", from: "1.4.0\n", to: "1.5.0\n"},
	{component: "api", version: "2.0.1", tag: "api-2.0.1", file: "pom.xml",
		from: "<version>2.0.1-SNAPSHOT</version>", to: "<version>2.0.1</version>",
		next: "2.0.2-SNAPSHOT", nextTo: "<version>2.0.2-SNAPSHOT</version>"},
	{component: "web", version: "0.10.0", tag: "v0.10.0", file: "package.json",
		from: `"version": "0.9.0"`, to: `"version": "0.10.0"`},
}

// gitOut runs git on the bare remote of component and returns its output.
func (w *workspace) gitOut(component string, args ...string) string {
	w.t.Helper()
	cmd := exec.Command("git", append([]string{"--git-dir=" + w.remotes() + "/" + component + ".git"}, args...)...)
	cmd.Env = environ()
	out, err := cmd.Output()
	if err != nil {
		var stderr string
		if xerr, ok := err.(*exec.ExitError); ok {
			stderr = string(xerr.Stderr)
		}
		w.t.Fatalf("git %s in %s: %v\n%s", strings.Join(args, " "), component, err, stderr)
	}
	return string(out)
}

// git is gitOut without the trailing newline.
func (w *workspace) git(component string, args ...string) string {
	w.t.Helper()
	return strings.TrimRight(w.gitOut(component, args...), "\n")
}

// lines splits git output into lines, none for no output.
func lines(s string) []string {
	if s = strings.TrimSpace(s); s == "" {
		return nil
	}
	return strings.Split(s, "\n")
}

// snapshot is every ref of every remote: component -> ref -> object.
type snapshot map[string]map[string]string

func (w *workspace) snapshot() snapshot {
	w.t.Helper()
	s := snapshot{}
	for _, c := range components {
		s[c] = map[string]string{}
		for _, line := range lines(w.gitOut(c, "for-each-ref", "--format=%(refname) %(objectname)")) {
			ref, sha, _ := strings.Cut(line, " ")
			s[c][ref] = sha
		}
	}
	return s
}

// wantRefs fails the test unless the remotes' refs are want.
func (w *workspace) wantRefs(what string, want snapshot) {
	w.t.Helper()
	if diff := cmp.Diff(want, w.snapshot()); diff != "" {
		w.t.Errorf("%s: refs of the remotes (-want +got):\n%s", what, diff)
	}
}

// wantReleased checks in the remotes that each of rels was released
// exactly once since before, and that the other components are untouched.
func (w *workspace) wantReleased(before snapshot, rels ...released) {
	w.t.Helper()
	want := snapshot{}
	for c, refs := range before {
		want[c] = map[string]string{}
		for ref, sha := range refs {
			want[c][ref] = sha
		}
	}
	for _, r := range rels {
		release, head := w.wantReleaseCommit(before[r.component]["refs/heads/main"], r)
		want[r.component]["refs/heads/main"] = head
		want[r.component]["refs/tags/"+r.tag] = w.wantTag(release, r)
	}
	// No stray branch or tag, nothing moved but the released mains.
	w.wantRefs("after the release", want)
}

// wantReleaseCommit checks that main of r's remote is one release commit
// on top of old that sets the version, followed by the commit of the next
// development version when r has one; it returns the release commit and
// main.
func (w *workspace) wantReleaseCommit(old string, r released) (release, head string) {
	w.t.Helper()
	c := r.component
	head = w.git(c, "rev-parse", "refs/heads/main")
	release, commits := head, 1
	if r.next != "" {
		release, commits = w.git(c, "rev-parse", "refs/heads/main^"), 2
		w.wantNextCommit(release, head, r)
	}
	if got := lines(w.gitOut(c, "rev-list", old+".."+head)); len(got) != commits {
		w.t.Errorf("%s: main has %d new commits %v, want %d", c, len(got), got, commits)
	}
	subject := "Release " + c + " "
	var found []string
	for _, s := range lines(w.gitOut(c, "log", "--all", "--format=%s")) {
		if strings.HasPrefix(s, subject) {
			found = append(found, s)
		}
	}
	if want := []string{subject + r.version}; !cmp.Equal(found, want) {
		w.t.Errorf("%s: release commits %q, want exactly %q", c, found, want)
	}
	w.wantVersionChange(old, release, r.from, r.to, r)
	return release, head
}

// wantNextCommit checks that head, on top of the release commit, is the
// commit of r's next development version.
func (w *workspace) wantNextCommit(release, head string, r released) {
	w.t.Helper()
	if got, want := w.git(r.component, "log", "-1", "--format=%s", head), "Prepare "+r.component+" "+r.next; got != want {
		w.t.Errorf("%s: main is %q, want %q", r.component, got, want)
	}
	w.wantVersionChange(release, head, r.to, r.nextTo, r)
}

// wantVersionChange checks that the commits from..to change only r's
// version file, replacing was with now.
func (w *workspace) wantVersionChange(from, to, was, now string, r released) {
	w.t.Helper()
	c := r.component
	if got := w.git(c, "diff", "--name-only", from, to); got != r.file {
		w.t.Errorf("%s: %s..%s changes %q, want only %s", c, from, to, got, r.file)
	}
	before := w.gitOut(c, "show", from+":"+r.file)
	if strings.Count(before, was) != 1 {
		w.t.Fatalf("%s: %s at %s does not hold %q once:\n%s", c, r.file, from, was, before)
	}
	if diff := cmp.Diff(strings.Replace(before, was, now, 1), w.gitOut(c, "show", to+":"+r.file)); diff != "" {
		w.t.Errorf("%s: %s at %s (-want +got):\n%s", c, r.file, to, diff)
	}
}

// wantTag checks that r's tag is an annotated tag of head and returns the
// tag object.
func (w *workspace) wantTag(head string, r released) string {
	w.t.Helper()
	c, ref := r.component, "refs/tags/"+r.tag
	if got := w.git(c, "for-each-ref", "--format=%(objecttype)", ref); got != "tag" {
		w.t.Errorf("%s: tag %s is %q, want one annotated tag", c, r.tag, got)
		return ""
	}
	if got := w.git(c, "rev-parse", ref+"^{commit}"); got != head {
		w.t.Errorf("%s: tag %s points at %s, want the release commit %s", c, r.tag, got, head)
	}
	return w.git(c, "rev-parse", ref)
}

// pushCommit pushes a new commit to component's main from a separate
// clone, as a developer would while the plan waits for review.
func (w *workspace) pushCommit(t *testing.T, component string) string {
	t.Helper()
	dir := t.TempDir()
	steps := [][]string{
		{"clone", "-q", w.remotes() + "/" + component + ".git", dir},
		{"-C", dir, "-c", "user.name=Dev", "-c", "user.email=dev@acme.example", "commit", "-q", "--allow-empty", "-m", "A late fix"},
		{"-C", dir, "push", "-q", "origin", "main"},
	}
	for _, args := range steps {
		cmd := exec.Command("git", args...)
		cmd.Env = environ()
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("git %s: %v\n%s", strings.Join(args, " "), err, out)
		}
	}
	return w.git(component, "rev-parse", "refs/heads/main")
}

package githubtest

import (
	"crypto/sha1"
	"encoding/hex"
	"fmt"
	"maps"
	"slices"
	"strings"
	"time"
)

// gitEpoch starts the logical clock of git objects: object N is dated
// gitEpoch + N minutes, so SHAs do not depend on when the test runs.
var gitEpoch = time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)

// Author of every git object the fake writes.
const (
	gitName  = "relctl test"
	gitEmail = "relctl-test@example.com"
)

// commit is a git commit with its whole tree flattened to path -> content.
type commit struct {
	sha, tree string
	parents   []string
	message   string
	date      time.Time
	files     map[string]string // never mutated once stored
}

// tagObject is an annotated tag.
type tagObject struct {
	sha, tag, message string
	object, objType   string
	date              time.Time
}

// blobSHA is git's object id of a blob: sha1("blob <len>\0<content>").
func blobSHA(content string) string { return objectSHA("blob", content) }

func objectSHA(kind, body string) string {
	h := sha1.New()
	fmt.Fprintf(h, "%s %d\x00", kind, len(body))
	h.Write([]byte(body))
	return hex.EncodeToString(h.Sum(nil))
}

// treeSHA hashes a flat tree: git's tree encoding with full paths as names.
func treeSHA(files map[string]string) string {
	var b strings.Builder
	for _, p := range slices.Sorted(maps.Keys(files)) {
		raw, _ := hex.DecodeString(blobSHA(files[p]))
		fmt.Fprintf(&b, "100644 %s\x00%s", p, raw)
	}
	return objectSHA("tree", b.String())
}

// gitTime advances the logical clock. Caller holds mu.
func (s *Server) gitTime() time.Time {
	s.gitTick++
	return gitEpoch.Add(time.Duration(s.gitTick) * time.Minute)
}

// writeCommit stores a commit of files over parents and returns it. Caller
// holds mu.
func (s *Server) writeCommit(r *repo, message string, files map[string]string, parents ...string) *commit {
	c := &commit{tree: treeSHA(files), parents: parents, message: message, date: s.gitTime(), files: files}
	var b strings.Builder
	fmt.Fprintf(&b, "tree %s\n", c.tree)
	for _, p := range parents {
		fmt.Fprintf(&b, "parent %s\n", p)
	}
	sig := fmt.Sprintf("%s <%s> %d +0000", gitName, gitEmail, c.date.Unix())
	fmt.Fprintf(&b, "author %s\ncommitter %s\n\n%s", sig, sig, message)
	c.sha = objectSHA("commit", b.String())
	r.commits[c.sha] = c
	r.storeTree(files)
	return c
}

// writeTag stores an annotated tag object pointing at object. Caller holds mu.
func (s *Server) writeTag(r *repo, name, message, object, objType string) *tagObject {
	t := &tagObject{tag: name, message: message, object: object, objType: objType, date: s.gitTime()}
	body := fmt.Sprintf("object %s\ntype %s\ntag %s\ntagger %s <%s> %d +0000\n\n%s",
		object, objType, name, gitName, gitEmail, t.date.Unix(), message)
	t.sha = objectSHA("tag", body)
	r.tags[t.sha] = t
	return t
}

// objectType is "commit", "tag" or "" for an unknown object.
func (r *repo) objectType(sha string) string {
	if _, ok := r.commits[sha]; ok {
		return "commit"
	}
	if _, ok := r.tags[sha]; ok {
		return "tag"
	}
	return ""
}

// peel follows annotated tags to the commit they name.
func (r *repo) peel(sha string) (*commit, bool) {
	for range 10 {
		if t, ok := r.tags[sha]; ok {
			sha = t.object
			continue
		}
		c, ok := r.commits[sha]
		return c, ok
	}
	return nil, false
}

// resolve turns what GitHub accepts as a commit-ish (branch, tag, "heads/x",
// "refs/tags/x", full or abbreviated SHA) into a commit.
func (r *repo) resolve(name string) (*commit, bool) {
	if name == "" {
		name = r.defaultBranch
	}
	for _, ref := range []string{"refs/heads/" + name, "refs/tags/" + name, "refs/" + name, name} {
		if sha, ok := r.refs[ref]; ok {
			return r.peel(sha)
		}
	}
	if c, ok := r.peel(name); ok {
		return c, true
	}
	if len(name) >= 7 {
		for sha, c := range r.commits {
			if strings.HasPrefix(sha, name) {
				return c, true
			}
		}
	}
	return nil, false
}

// ancestors is the set of commits reachable from sha, itself included.
func (r *repo) ancestors(sha string) map[string]bool {
	seen := map[string]bool{}
	stack := []string{sha}
	for len(stack) > 0 {
		s := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		if seen[s] {
			continue
		}
		seen[s] = true
		if c, ok := r.commits[s]; ok {
			stack = append(stack, c.parents...)
		}
	}
	return seen
}

// only lists the commits reachable from head but not from base, oldest first.
func (r *repo) only(head, base string) []*commit {
	exclude := r.ancestors(base)
	var out []*commit
	for sha := range r.ancestors(head) {
		if !exclude[sha] {
			out = append(out, r.commits[sha])
		}
	}
	slices.SortFunc(out, func(a, b *commit) int { return a.date.Compare(b.date) })
	return out
}

// mergeBase is the newest common ancestor of a and b.
func (r *repo) mergeBase(a, b string) (*commit, bool) {
	inB := r.ancestors(b)
	var best *commit
	for sha := range r.ancestors(a) {
		if c := r.commits[sha]; inB[sha] && (best == nil || c.date.After(best.date)) {
			best = c
		}
	}
	return best, best != nil
}

// merge combines head into base at file level: paths changed on head since
// the merge base take head's content unless base changed them differently.
func (r *repo) merge(base, head *commit) (map[string]string, bool) {
	mb, ok := r.mergeBase(base.sha, head.sha)
	if !ok {
		return nil, false
	}
	out := maps.Clone(base.files)
	for _, p := range unionKeys(mb.files, head.files) {
		hv, hok := head.files[p]
		mv, mok := mb.files[p]
		if hv == mv && hok == mok {
			continue
		}
		if bv, bok := base.files[p]; (bv != mv || bok != mok) && (bv != hv || bok != hok) {
			return nil, false // both sides changed the path differently
		}
		if hok {
			out[p] = hv
		} else {
			delete(out, p)
		}
	}
	return out, true
}

func unionKeys(a, b map[string]string) []string {
	keys := maps.Clone(a)
	if keys == nil {
		keys = map[string]string{}
	}
	for k, v := range b {
		keys[k] = v
	}
	return slices.Sorted(maps.Keys(keys))
}

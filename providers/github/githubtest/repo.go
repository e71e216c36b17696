package githubtest

import (
	"maps"
	"slices"
	"strings"
)

// repo is the state of one repository. Guarded by Server.mu.
type repo struct {
	owner, name   string
	id            int64
	defaultBranch string
	commits       map[string]*commit
	tags          map[string]*tagObject
	refs          map[string]string            // "refs/heads/main" -> object SHA
	trees         map[string]map[string]string // tree SHA -> flat files
	blobs         map[string]string            // blob SHA -> content
	issues        map[int]*issue               // issues and pull requests share numbers
	milestones    map[int]*milestone
	releases      []*release
	workflows     []*workflow
	runs          []*run
	nextNumber    int
	nextMilestone int
	// immutable is the repository's immutable releases setting; locked
	// holds the tags of the immutable releases published, which can never
	// be deleted, moved or used by another release, even once the
	// release is deleted.
	immutable bool
	locked    map[string]bool
}

func (r *repo) fullName() string { return r.owner + "/" + r.name }

// Repo is a test's handle on one repository of the fake.
type Repo struct {
	s *Server
	r *repo
}

// AddRepo creates the repository "owner/name" whose default branch holds one
// empty root commit ("Initial commit"), like a repository created on GitHub
// with "Initialize this repository".
func (s *Server) AddRepo(fullName, defaultBranch string) *Repo {
	s.t.Helper()
	s.mu.Lock()
	defer s.mu.Unlock()
	owner, name, ok := strings.Cut(fullName, "/")
	if !ok || owner == "" || name == "" || strings.Contains(name, "/") {
		s.t.Fatalf("githubtest: repository name %q is not owner/name", fullName)
	}
	if _, dup := s.repos[strings.ToLower(fullName)]; dup {
		s.t.Fatalf("githubtest: repository %q added twice", fullName)
	}
	r := &repo{
		owner: owner, name: name, id: s.newID(), defaultBranch: defaultBranch,
		commits: map[string]*commit{}, tags: map[string]*tagObject{}, refs: map[string]string{},
		issues: map[int]*issue{}, milestones: map[int]*milestone{},
	}
	root := s.writeCommit(r, "Initial commit", map[string]string{})
	r.refs["refs/heads/"+defaultBranch] = root.sha
	s.repos[strings.ToLower(fullName)] = r
	return &Repo{s: s, r: r}
}

// Repo returns the handle of a repository added before.
func (s *Server) Repo(fullName string) *Repo {
	s.t.Helper()
	s.mu.Lock()
	defer s.mu.Unlock()
	return &Repo{s: s, r: s.lookupRepo(fullName)}
}

// FullName is "owner/name".
func (h *Repo) FullName() string { return h.r.fullName() }

// Commit writes files (path -> content, added or replaced) on top of branch
// and moves the branch to the new commit, whose SHA it returns. A branch that
// does not exist yet starts from the default branch. An empty content string
// is a file with no content, not a deletion; use DeleteFiles to remove.
func (h *Repo) Commit(branch, message string, files map[string]string) string {
	return h.change(branch, message, files, nil)
}

// DeleteFiles commits the removal of paths on branch and returns the SHA.
func (h *Repo) DeleteFiles(branch, message string, paths ...string) string {
	return h.change(branch, message, nil, paths)
}

func (h *Repo) change(branch, message string, files map[string]string, remove []string) string {
	h.s.t.Helper()
	h.s.mu.Lock()
	defer h.s.mu.Unlock()
	ref := "refs/heads/" + branch
	parent, ok := h.r.peel(h.r.refs[ref])
	if !ok {
		parent, _ = h.r.peel(h.r.refs["refs/heads/"+h.r.defaultBranch])
	}
	tree := maps.Clone(parent.files)
	maps.Copy(tree, files)
	for _, p := range remove {
		delete(tree, p)
	}
	c := h.s.writeCommit(h.r, message, tree, parent.sha)
	h.r.refs[ref] = c.sha
	return c.sha
}

// Branch points branch at sha (creating or moving it).
func (h *Repo) Branch(branch, sha string) {
	h.setRef("refs/heads/"+branch, sha)
}

// Tag creates the lightweight tag name at sha.
func (h *Repo) Tag(name, sha string) {
	h.setRef("refs/tags/"+name, sha)
}

// AnnotatedTag creates an annotated tag object for sha and the ref
// refs/tags/name pointing at it; it returns the tag object's SHA.
func (h *Repo) AnnotatedTag(name, sha, message string) string {
	h.s.t.Helper()
	h.s.mu.Lock()
	t := h.s.writeTag(h.r, name, message, sha, "commit")
	h.s.mu.Unlock()
	h.setRef("refs/tags/"+name, t.sha)
	return t.sha
}

func (h *Repo) setRef(ref, sha string) {
	h.s.t.Helper()
	h.s.mu.Lock()
	defer h.s.mu.Unlock()
	if h.r.objectType(sha) == "" {
		h.s.t.Fatalf("githubtest: %s: no object %s in %s", ref, sha, h.r.fullName())
	}
	h.r.refs[ref] = sha
}

// Ref is the SHA a ref points at ("heads/main", "tags/v1" or "refs/..."),
// or "" when the ref does not exist.
func (s *Server) Ref(fullName, ref string) string {
	s.t.Helper()
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.lookupRepo(fullName).refs[fullRef(ref)]
}

// Refs lists the repository's refs ("refs/heads/main", ...) in order.
func (s *Server) Refs(fullName string) []string {
	s.t.Helper()
	s.mu.Lock()
	defer s.mu.Unlock()
	return slices.Sorted(maps.Keys(s.lookupRepo(fullName).refs))
}

// File is the content of path at ref (a branch, tag or SHA); ok is false when
// the file or the ref does not exist.
func (s *Server) File(fullName, ref, path string) (content string, ok bool) {
	s.t.Helper()
	s.mu.Lock()
	defer s.mu.Unlock()
	c, found := s.lookupRepo(fullName).resolve(ref)
	if !found {
		return "", false
	}
	content, ok = c.files[path]
	return content, ok
}

// CommitInfo describes a commit for assertions.
type CommitInfo struct {
	SHA     string
	Message string
	Parents []string
	Files   map[string]string
}

// CommitOf returns the commit a ref (branch, tag or SHA) resolves to.
func (s *Server) CommitOf(fullName, ref string) (CommitInfo, bool) {
	s.t.Helper()
	s.mu.Lock()
	defer s.mu.Unlock()
	c, ok := s.lookupRepo(fullName).resolve(ref)
	if !ok {
		return CommitInfo{}, false
	}
	return CommitInfo{SHA: c.sha, Message: c.message, Parents: slices.Clone(c.parents), Files: maps.Clone(c.files)}, true
}

// fullRef turns "heads/main" into "refs/heads/main".
func fullRef(ref string) string {
	if strings.HasPrefix(ref, "refs/") {
		return ref
	}
	return "refs/" + ref
}

package githubtest

import (
	"net/http"
	"slices"
	"strings"
)

// Git data endpoints: refs, commits and annotated tags.

func (c *call) getRef() {
	ref := "refs/" + c.param("ref")
	if _, ok := c.repo.refs[ref]; !ok {
		c.notFound()
		return
	}
	c.json(http.StatusOK, c.s.refJSON(c.repo, ref))
}

func (c *call) matchingRefs() {
	prefix := "refs/" + c.param("ref")
	var refs []string
	for ref := range c.repo.refs {
		if strings.HasPrefix(ref, prefix) {
			refs = append(refs, ref)
		}
	}
	slices.Sort(refs)
	out := []obj{}
	for _, ref := range paginate(c, refs) {
		out = append(out, c.s.refJSON(c.repo, ref))
	}
	c.json(http.StatusOK, out)
}

// validRefName applies the rules GitHub enforces on new refs: "refs/" and at
// least two further components, no "..", no trailing slash.
func validRefName(ref string) bool {
	parts := strings.Split(ref, "/")
	return len(parts) >= 3 && parts[0] == "refs" && !strings.Contains(ref, "..") &&
		!slices.Contains(parts, "") && !strings.ContainsAny(ref, " ~^:?*[\\")
}

func (c *call) createRef() {
	var in struct {
		Ref *string `json:"ref"`
		SHA *string `json:"sha"`
	}
	if !c.decode(&in) {
		return
	}
	switch {
	case in.Ref == nil || in.SHA == nil:
		c.fail(http.StatusUnprocessableEntity, "Invalid request.\n\n\"ref\", \"sha\" weren't supplied.")
	case !validRefName(*in.Ref):
		c.fail(http.StatusUnprocessableEntity, "Reference name must start with 'refs/' and have at least two slashes.")
	case c.repo.refs[*in.Ref] != "":
		c.fail(http.StatusUnprocessableEntity, "Reference already exists")
	case c.repo.objectType(*in.SHA) == "":
		c.fail(http.StatusUnprocessableEntity, "Object does not exist")
	default:
		c.repo.refs[*in.Ref] = *in.SHA
		c.json(http.StatusCreated, c.s.refJSON(c.repo, *in.Ref))
	}
}

func (c *call) updateRef() {
	ref := "refs/" + c.param("ref")
	var in struct {
		SHA   *string `json:"sha"`
		Force *bool   `json:"force"`
	}
	if !c.decode(&in) {
		return
	}
	old, exists := c.repo.refs[ref]
	switch {
	case in.SHA == nil:
		c.fail(http.StatusUnprocessableEntity, "Invalid request.\n\n\"sha\" wasn't supplied.")
	case !exists:
		c.fail(http.StatusUnprocessableEntity, "Reference does not exist")
	case c.repo.objectType(*in.SHA) == "":
		c.fail(http.StatusUnprocessableEntity, "Object does not exist")
	case c.lockedTag(ref):
		c.fail(http.StatusUnprocessableEntity, "Cannot update a tag of an immutable release")
	case (in.Force == nil || !*in.Force) && !c.repo.ancestors(*in.SHA)[old]:
		c.fail(http.StatusUnprocessableEntity, "Update is not a fast forward")
	default:
		c.repo.refs[ref] = *in.SHA
		c.json(http.StatusOK, c.s.refJSON(c.repo, ref))
	}
}

func (c *call) deleteRef() {
	ref := "refs/" + c.param("ref")
	if _, ok := c.repo.refs[ref]; !ok {
		c.fail(http.StatusUnprocessableEntity, "Reference does not exist")
		return
	}
	if c.lockedTag(ref) {
		c.fail(http.StatusUnprocessableEntity, "Cannot delete a tag of an immutable release")
		return
	}
	delete(c.repo.refs, ref)
	c.noContent()
}

func (c *call) getGitCommit() {
	commit, ok := c.repo.commits[c.param("sha")]
	if !ok {
		c.notFound()
		return
	}
	c.json(http.StatusOK, c.s.gitCommitJSON(c.repo, commit))
}

func (c *call) createTag() {
	var in struct {
		Tag     string `json:"tag"`
		Message string `json:"message"`
		Object  string `json:"object"`
		Type    string `json:"type"`
	}
	if !c.decode(&in) {
		return
	}
	switch {
	case in.Tag == "" || in.Object == "" || in.Type == "":
		c.fail(http.StatusUnprocessableEntity, "Invalid request.\n\n\"tag\", \"object\", \"type\" are required.")
	case c.repo.objectType(in.Object) != in.Type:
		c.fail(http.StatusUnprocessableEntity, "Object does not exist")
	default:
		t := c.s.writeTag(c.repo, in.Tag, in.Message, in.Object, in.Type)
		c.json(http.StatusCreated, c.s.tagJSON(c.repo, t))
	}
}

func (c *call) getTag() {
	t, ok := c.repo.tags[c.param("sha")]
	if !ok {
		c.notFound()
		return
	}
	c.json(http.StatusOK, c.s.tagJSON(c.repo, t))
}

// lockedTag reports whether ref is the tag of an immutable release.
func (c *call) lockedTag(ref string) bool {
	tag, ok := strings.CutPrefix(ref, "refs/tags/")
	return ok && c.repo.locked[tag]
}

package githubtest

import (
	"net/http"
	"slices"
	"strings"
	"time"
	"unicode/utf8"
)

// Pull request endpoints.

// headBranch reads "branch" or "owner:branch"; another owner's fork is not
// modelled, so it names no branch here.
func (c *call) headBranch(head string) (string, bool) {
	owner, branch, ok := strings.Cut(head, ":")
	if !ok {
		return head, true
	}
	return branch, strings.EqualFold(owner, c.repo.owner)
}

func (c *call) listPulls() {
	state := c.query("state")
	if state == "" {
		state = "open"
	}
	head, headOK := c.headBranch(c.query("head"))
	var list []*issue
	for _, is := range c.repo.sortedIssues() {
		p := is.pr
		if p == nil || (state != "all" && is.state != state) ||
			(c.query("head") != "" && (!headOK || p.head != head)) ||
			(c.query("base") != "" && p.base != c.query("base")) {
			continue
		}
		list = append(list, is)
	}
	if c.query("direction") != "asc" {
		slices.Reverse(list)
	}
	out := []obj{}
	for _, is := range paginate(c, list) {
		out = append(out, c.s.pullJSON(c.repo, is))
	}
	c.json(http.StatusOK, out)
}

func (c *call) createPull() {
	var in struct {
		Title *string `json:"title"`
		Head  *string `json:"head"`
		Base  *string `json:"base"`
		Body  *string `json:"body"`
		Draft *bool   `json:"draft"`
	}
	if !c.decode(&in) {
		return
	}
	if in.Title == nil || in.Head == nil || in.Base == nil {
		c.fail(http.StatusUnprocessableEntity, "Invalid request.\n\n\"title\", \"head\", \"base\" are required.")
		return
	}
	p, ok := c.newPull(*in.Head, *in.Base)
	if !ok {
		return
	}
	body := ""
	if in.Body != nil {
		body = *in.Body
	}
	if utf8.RuneCountInString(body) > maxBody {
		c.invalid(fieldError{Resource: "Issue", Field: "body", Code: "custom", Message: "body is too long (maximum is 65536 characters)"})
		return
	}
	p.draft = in.Draft != nil && *in.Draft
	is := c.s.newIssue(c.repo, *in.Title, body, c.s.user)
	is.pr = p
	c.json(http.StatusCreated, c.s.pullJSON(c.repo, is))
}

// newPull validates head and base like GitHub and returns the new pull part.
func (c *call) newPull(headSpec, baseName string) (*pull, bool) {
	headName, sameOwner := c.headBranch(headSpec)
	base, okB := c.repo.peel(c.repo.refs["refs/heads/"+baseName])
	head, okH := c.repo.peel(c.repo.refs["refs/heads/"+headName])
	switch {
	case !okB:
		c.invalid(fieldError{Resource: "PullRequest", Field: "base", Code: "invalid"})
	case !okH || !sameOwner:
		c.invalid(fieldError{Resource: "PullRequest", Field: "head", Code: "invalid"})
	case c.openPullFor(headName, baseName):
		c.invalid(fieldError{Resource: "PullRequest", Code: "custom",
			Message: "A pull request already exists for " + c.repo.owner + ":" + headName + "."})
	case len(c.repo.only(head.sha, base.sha)) == 0:
		c.invalid(fieldError{Resource: "PullRequest", Code: "custom",
			Message: "No commits between " + baseName + " and " + headName})
	default:
		return &pull{head: headName, base: baseName, headSHA: head.sha, baseSHA: base.sha}, true
	}
	return nil, false
}

func (c *call) openPullFor(head, base string) bool {
	for _, is := range c.repo.issues {
		if is.pr != nil && is.state == "open" && is.pr.head == head && is.pr.base == base {
			return true
		}
	}
	return false
}

func (c *call) pull() (*issue, bool) {
	is, ok := c.issue()
	if ok && is.pr == nil {
		c.notFound()
		return nil, false
	}
	return is, ok
}

func (c *call) getPull() {
	if is, ok := c.pull(); ok {
		c.json(http.StatusOK, c.s.pullJSON(c.repo, is))
	}
}

func (c *call) updatePull() {
	is, ok := c.pull()
	if !ok {
		return
	}
	var in struct {
		Title *string `json:"title"`
		Body  *string `json:"body"`
		State *string `json:"state"`
		Base  *string `json:"base"`
	}
	if !c.decode(&in) {
		return
	}
	if in.State != nil && *in.State != "open" && *in.State != "closed" {
		c.invalid(fieldError{Resource: "PullRequest", Field: "state", Code: "invalid"})
		return
	}
	if in.Base != nil && c.repo.refs["refs/heads/"+*in.Base] == "" {
		c.invalid(fieldError{Resource: "PullRequest", Field: "base", Code: "invalid"})
		return
	}
	c.applyPullUpdate(is, in.Title, in.Body, in.State, in.Base)
	c.json(http.StatusOK, c.s.pullJSON(c.repo, is))
}

func (c *call) applyPullUpdate(is *issue, title, body, state, base *string) {
	if title != nil {
		is.title = *title
	}
	if body != nil {
		is.body = *body
	}
	if base != nil {
		is.pr.base = *base
	}
	switch {
	case state == nil || *state == is.state:
	case *state == "closed":
		c.s.closeIssue(c.repo, is)
	case !is.pr.merged:
		is.state, is.closed = "open", time.Time{}
	}
	is.updated = c.s.now()
}

func (c *call) mergePull() {
	is, ok := c.pull()
	if !ok {
		return
	}
	var in struct {
		CommitTitle string `json:"commit_title"`
		SHA         string `json:"sha"`
		MergeMethod string `json:"merge_method"`
	}
	if !c.decode(&in) {
		return
	}
	if m := in.MergeMethod; m != "" && m != "merge" && m != "squash" && m != "rebase" {
		c.invalid(fieldError{Resource: "PullRequest", Field: "merge_method", Code: "invalid"})
		return
	}
	sha, refused := c.s.mergePull(c.repo, is, in.MergeMethod, in.CommitTitle, in.SHA, c.s.user)
	if refused != nil {
		c.fail(refused.status, refused.message)
		return
	}
	c.json(http.StatusOK, obj{"sha": sha, "merged": true, "message": "Pull Request successfully merged"})
}

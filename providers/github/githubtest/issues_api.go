package githubtest

import (
	"maps"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// maxBody is GitHub's limit on issue and comment bodies, in characters.
const maxBody = 65536

// Milestones, issues, timelines and issue comments.

func (c *call) listMilestones() {
	state := c.query("state")
	if state == "" {
		state = "open"
	}
	var list []*milestone
	for _, n := range slices.Sorted(maps.Keys(c.repo.milestones)) {
		if m := c.repo.milestones[n]; state == "all" || m.state == state {
			list = append(list, m)
		}
	}
	if c.query("direction") == "desc" {
		slices.Reverse(list)
	}
	out := []obj{}
	for _, m := range paginate(c, list) {
		out = append(out, c.s.milestoneJSON(c.repo, m))
	}
	c.json(http.StatusOK, out)
}

func (c *call) milestone() (*milestone, bool) {
	n, ok := c.intParam("number")
	if !ok {
		return nil, false
	}
	m, ok := c.repo.milestones[n]
	if !ok {
		c.notFound()
	}
	return m, ok
}

func (c *call) getMilestone() {
	if m, ok := c.milestone(); ok {
		c.json(http.StatusOK, c.s.milestoneJSON(c.repo, m))
	}
}

func (c *call) updateMilestone() {
	m, ok := c.milestone()
	if !ok {
		return
	}
	var in struct {
		Title       *string `json:"title"`
		State       *string `json:"state"`
		Description *string `json:"description"`
	}
	if !c.decode(&in) {
		return
	}
	if in.State != nil && *in.State != "open" && *in.State != "closed" {
		c.invalid(fieldError{Resource: "Milestone", Field: "state", Code: "invalid"})
		return
	}
	now := c.s.now()
	if in.State != nil && *in.State != m.state {
		m.state, m.closed = *in.State, time.Time{}
		if m.state == "closed" {
			m.closed = now
		}
	}
	if in.Title != nil {
		m.title = *in.Title
	}
	if in.Description != nil {
		m.description = *in.Description
	}
	m.updated = now
	c.json(http.StatusOK, c.s.milestoneJSON(c.repo, m))
}

// issueFilter applies the issues list parameters milestone, state and labels.
func (c *call) issueFilter(is *issue) bool {
	state := c.query("state")
	if state == "" {
		state = "open"
	}
	if state != "all" && is.state != state {
		return false
	}
	switch ms := c.query("milestone"); ms {
	case "", "*":
		if ms == "*" && is.milestone == 0 {
			return false
		}
	case "none":
		if is.milestone != 0 {
			return false
		}
	default:
		if n, err := strconv.Atoi(ms); err != nil || n != is.milestone {
			return false
		}
	}
	for _, l := range strings.Split(c.query("labels"), ",") {
		if l != "" && !slices.Contains(is.labels, l) {
			return false
		}
	}
	return true
}

// listIssues lists issues and pull requests, newest first unless
// direction=asc.
func (c *call) listIssues() {
	if ms := c.query("milestone"); ms != "" && ms != "*" && ms != "none" {
		if n, err := strconv.Atoi(ms); err != nil || c.repo.milestones[n] == nil {
			c.invalid(fieldError{Resource: "Issue", Field: "milestone", Code: "invalid", Value: ms})
			return
		}
	}
	var list []*issue
	for _, is := range c.repo.sortedIssues() {
		if c.issueFilter(is) {
			list = append(list, is)
		}
	}
	if c.query("direction") != "asc" {
		slices.Reverse(list)
	}
	out := []obj{}
	for _, is := range paginate(c, list) {
		out = append(out, c.s.issueJSON(c.repo, is))
	}
	c.json(http.StatusOK, out)
}

func (c *call) issue() (*issue, bool) {
	n, ok := c.intParam("number")
	if !ok {
		return nil, false
	}
	is, ok := c.repo.issues[n]
	if !ok {
		c.notFound()
	}
	return is, ok
}

func (c *call) getIssue() {
	if is, ok := c.issue(); ok {
		c.json(http.StatusOK, c.s.issueJSON(c.repo, is))
	}
}

func (c *call) timeline() {
	is, ok := c.issue()
	if !ok {
		return
	}
	var items []*timelineItem
	for _, it := range is.timeline {
		if it.comment == nil || !it.comment.deleted {
			items = append(items, it)
		}
	}
	out := []obj{}
	for _, it := range paginate(c, items) {
		out = append(out, c.s.timelineJSON(c.repo, is, it))
	}
	c.json(http.StatusOK, out)
}

func (c *call) listComments() {
	is, ok := c.issue()
	if !ok {
		return
	}
	var list []*comment
	for _, it := range is.timeline {
		if it.comment != nil && !it.comment.deleted {
			list = append(list, it.comment)
		}
	}
	out := []obj{}
	for _, cm := range paginate(c, list) {
		out = append(out, c.s.commentJSON(c.repo, is.number, cm))
	}
	c.json(http.StatusOK, out)
}

// commentBody decodes and validates {"body": ...} like GitHub.
func (c *call) commentBody() (string, bool) {
	var in struct {
		Body *string `json:"body"`
	}
	if !c.decode(&in) {
		return "", false
	}
	switch {
	case in.Body == nil || *in.Body == "":
		c.invalid(fieldError{Resource: "IssueComment", Field: "body", Code: "missing_field"})
	case utf8.RuneCountInString(*in.Body) > maxBody:
		c.invalid(fieldError{Resource: "IssueComment", Field: "data", Code: "unprocessable",
			Message: "Body is too long (maximum is 65536 characters)"})
	default:
		return *in.Body, true
	}
	return "", false
}

func (c *call) createComment() {
	is, ok := c.issue()
	if !ok {
		return
	}
	body, ok := c.commentBody()
	if !ok {
		return
	}
	now := c.s.now()
	cm := &comment{id: c.s.newID(), body: body, user: c.s.user, created: now, updated: now}
	is.timeline = append(is.timeline, &timelineItem{id: cm.id, event: "commented", created: now, comment: cm})
	is.updated = now
	c.json(http.StatusCreated, c.s.commentJSON(c.repo, is.number, cm))
}

// findComment locates comment {id} in the repository.
func (c *call) findComment() (*issue, *comment, bool) {
	id, err := strconv.ParseInt(c.param("id"), 10, 64)
	for _, is := range c.repo.issues {
		for _, it := range is.timeline {
			if err == nil && it.comment != nil && it.comment.id == id && !it.comment.deleted {
				return is, it.comment, true
			}
		}
	}
	c.notFound()
	return nil, nil, false
}

func (c *call) updateComment() {
	is, cm, ok := c.findComment()
	if !ok {
		return
	}
	body, ok := c.commentBody()
	if !ok {
		return
	}
	cm.body, cm.updated = body, c.s.now()
	c.json(http.StatusOK, c.s.commentJSON(c.repo, is.number, cm))
}

func (c *call) deleteComment() {
	if _, cm, ok := c.findComment(); ok {
		cm.deleted = true
		c.noContent()
	}
}

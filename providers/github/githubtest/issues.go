package githubtest

import (
	"fmt"
	"slices"
	"time"
)

// issue is an issue or, when pr is set, a pull request: they share numbers.
type issue struct {
	number             int
	id                 int64
	title, body, user  string
	state, stateReason string
	labels             []string
	milestone          int
	created, updated   time.Time
	closed             time.Time
	pr                 *pull
	timeline           []*timelineItem
}

// timelineItem is one entry of an issue's timeline; comments live here too.
type timelineItem struct {
	id      int64
	event   string // labeled, milestoned, cross-referenced, commented, closed, merged
	created time.Time
	label   string
	comment *comment
	source  *xref
}

type comment struct {
	id               int64
	body, user       string
	created, updated time.Time
	deleted          bool
}

// xref names the issue or pull request that mentioned this one.
type xref struct {
	repo   *repo
	number int
}

type milestone struct {
	number                    int
	id                        int64
	title, description, state string
	created, updated, closed  time.Time
}

// IssueSpec describes an issue (or pull request) for AddIssue.
type IssueSpec struct {
	Title, Body string
	Labels      []string
	Milestone   int    // milestone number, 0 for none
	State       string // "open" (default) or "closed"
	StateReason string // for closed issues: "completed" (default) or "not_planned"
	User        string // author login (default: the authenticated user)

	// PullRequest makes it a pull request: listed by the pulls API and with a
	// "pull_request" key in the issues API. Head and Base are its branches;
	// Base defaults to the default branch; an empty Head means a historical
	// pull request whose branch is gone (its head SHA is Base's head).
	PullRequest bool
	Head, Base  string
	Draft       bool
	Merged      bool // a closed pull request that was merged
}

// AddMilestone creates a milestone ("open" or "closed") and returns its number.
func (s *Server) AddMilestone(fullName, title, state string) int {
	s.t.Helper()
	s.mu.Lock()
	defer s.mu.Unlock()
	r := s.lookupRepo(fullName)
	r.nextMilestone++
	now := s.now()
	m := &milestone{number: r.nextMilestone, id: s.newID(), title: title, state: state, created: now, updated: now}
	if state == "closed" {
		m.closed = now
	}
	r.milestones[m.number] = m
	return m.number
}

// AddIssue creates an issue or pull request and returns its number.
func (s *Server) AddIssue(fullName string, spec IssueSpec) int {
	s.t.Helper()
	s.mu.Lock()
	defer s.mu.Unlock()
	r := s.lookupRepo(fullName)
	if spec.Milestone != 0 && r.milestones[spec.Milestone] == nil {
		s.t.Fatalf("githubtest: %s has no milestone %d", fullName, spec.Milestone)
	}
	is := s.newIssue(r, spec.Title, spec.Body, spec.User)
	is.labels, is.milestone = slices.Clone(spec.Labels), spec.Milestone
	for _, l := range is.labels {
		is.timeline = append(is.timeline, &timelineItem{id: s.newID(), event: "labeled", created: is.created, label: l})
	}
	if is.milestone != 0 {
		is.timeline = append(is.timeline, &timelineItem{id: s.newID(), event: "milestoned", created: is.created})
	}
	if spec.PullRequest {
		is.pr = s.specPull(r, is, spec)
	}
	if spec.State == "closed" || spec.Merged {
		is.stateReason = spec.StateReason
		s.closeIssue(r, is)
	}
	return is.number
}

// specPull builds the pull request part of an AddIssue spec. Caller holds mu.
func (s *Server) specPull(r *repo, is *issue, spec IssueSpec) *pull {
	p := &pull{head: spec.Head, base: spec.Base, draft: spec.Draft}
	if p.base == "" {
		p.base = r.defaultBranch
	}
	base, ok := r.peel(r.refs["refs/heads/"+p.base])
	if !ok {
		s.t.Fatalf("githubtest: %s has no branch %q", r.fullName(), p.base)
	}
	p.headSHA, p.baseSHA = base.sha, base.sha
	if p.head == "" {
		p.head = fmt.Sprintf("pr-%d", is.number)
	} else if head, ok := r.peel(r.refs["refs/heads/"+p.head]); ok {
		p.headSHA = head.sha
	} else {
		s.t.Fatalf("githubtest: %s has no branch %q", r.fullName(), p.head)
	}
	if spec.Merged {
		p.merged, p.mergedAt, p.mergeSHA, p.mergedBy = true, is.created, base.sha, is.user
	}
	return p
}

// newIssue allocates the next number. Caller holds mu.
func (s *Server) newIssue(r *repo, title, body, user string) *issue {
	if user == "" {
		user = s.user
	}
	r.nextNumber++
	now := s.now()
	is := &issue{number: r.nextNumber, id: s.newID(), title: title, body: body, user: user,
		state: "open", created: now, updated: now}
	r.issues[is.number] = is
	return is
}

// closeIssue closes an issue or pull request. Caller holds mu.
func (s *Server) closeIssue(r *repo, is *issue) {
	now := s.now()
	is.state, is.closed, is.updated = "closed", now, now
	if is.pr == nil && is.stateReason == "" {
		is.stateReason = "completed"
	}
	if is.pr != nil {
		is.pr.headSHA = r.prHead(is.pr)
		if is.pr.merged {
			is.timeline = append(is.timeline, &timelineItem{id: s.newID(), event: "merged", created: now})
		}
	}
	is.timeline = append(is.timeline, &timelineItem{id: s.newID(), event: "closed", created: now})
}

// LinkPR records that pull request prRepo#prNumber mentions issue
// issueRepo#issueNumber: the issue's timeline gets a "cross-referenced" event
// whose source is the pull request (with its repository), as GitHub shows
// "fixes owner/repo#N" links.
func (s *Server) LinkPR(issueRepo string, issueNumber int, prRepo string, prNumber int) {
	s.t.Helper()
	s.mu.Lock()
	defer s.mu.Unlock()
	is := s.lookupIssue(issueRepo, issueNumber)
	pr := s.lookupIssue(prRepo, prNumber)
	if pr.pr == nil {
		s.t.Fatalf("githubtest: %s#%d is not a pull request", prRepo, prNumber)
	}
	is.timeline = append(is.timeline, &timelineItem{id: s.newID(), event: "cross-referenced",
		created: s.now(), source: &xref{repo: s.lookupRepo(prRepo), number: prNumber}})
}

// SetIssueState opens or closes an issue or pull request (without merging).
func (s *Server) SetIssueState(fullName string, number int, state string) {
	s.t.Helper()
	s.mu.Lock()
	defer s.mu.Unlock()
	is := s.lookupIssue(fullName, number)
	if state == "closed" && is.state != "closed" {
		s.closeIssue(s.lookupRepo(fullName), is)
	} else if state == "open" {
		is.state, is.closed, is.stateReason = "open", time.Time{}, ""
	}
}

func (s *Server) lookupIssue(fullName string, number int) *issue {
	s.t.Helper()
	is, ok := s.lookupRepo(fullName).issues[number]
	if !ok {
		s.t.Fatalf("githubtest: %s has no issue or pull request #%d", fullName, number)
	}
	return is
}

package githubtest

import "slices"

// Read-back accessors for issues, pull request comments and milestones, so
// that tests check the world rather than what the client reported.

// Comment is an issue or pull request comment, for assertions.
type Comment struct {
	ID   int64
	Body string
	User string
}

// Comments lists the live comments of issue or pull request n, oldest first.
func (s *Server) Comments(fullName string, n int) []Comment {
	s.t.Helper()
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []Comment
	for _, it := range s.lookupIssue(fullName, n).timeline {
		if cm := it.comment; cm != nil && !cm.deleted {
			out = append(out, Comment{ID: cm.id, Body: cm.body, User: cm.user})
		}
	}
	return out
}

// AddComment adds a comment by user (the authenticated user when "") to
// issue or pull request n and returns its id.
func (s *Server) AddComment(fullName string, n int, user, body string) int64 {
	s.t.Helper()
	s.mu.Lock()
	defer s.mu.Unlock()
	is := s.lookupIssue(fullName, n)
	if user == "" {
		user = s.user
	}
	now := s.now()
	cm := &comment{id: s.newID(), body: body, user: user, created: now, updated: now}
	is.timeline = append(is.timeline, &timelineItem{id: cm.id, event: "commented", created: now, comment: cm})
	return cm.id
}

// Milestone is a milestone as the world holds it, for assertions.
type Milestone struct {
	Number       int
	Title, State string
}

// Milestone returns milestone n; ok is false when it does not exist.
func (s *Server) Milestone(fullName string, n int) (Milestone, bool) {
	s.t.Helper()
	s.mu.Lock()
	defer s.mu.Unlock()
	m, ok := s.lookupRepo(fullName).milestones[n]
	if !ok {
		return Milestone{}, false
	}
	return Milestone{Number: m.number, Title: m.title, State: m.state}, true
}

// Issue is an issue or pull request's issue side, for assertions.
type Issue struct {
	Number       int
	Title, State string
	Labels       []string
	Milestone    int
	PullRequest  bool
}

// Issue returns issue (or pull request) n; ok is false when it does not exist.
func (s *Server) Issue(fullName string, n int) (Issue, bool) {
	s.t.Helper()
	s.mu.Lock()
	defer s.mu.Unlock()
	is, ok := s.lookupRepo(fullName).issues[n]
	if !ok {
		return Issue{}, false
	}
	return Issue{Number: is.number, Title: is.title, State: is.state, Labels: slices.Clone(is.labels),
		Milestone: is.milestone, PullRequest: is.pr != nil}, true
}

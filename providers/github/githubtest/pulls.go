package githubtest

import (
	"fmt"
	"net/http"
	"time"
)

// pull is the pull request part of an issue.
type pull struct {
	head, base       string // branch names in the same repository
	headSHA, baseSHA string // last known; frozen once the pull request is closed
	draft            bool
	merged           bool
	mergedAt         time.Time
	mergeSHA         string
	mergedBy         string
}

// prHead is the head SHA: the branch's while open, the frozen one after.
func (r *repo) prHead(p *pull) string {
	if sha, ok := r.refs["refs/heads/"+p.head]; ok && !p.merged {
		if c, ok := r.peel(sha); ok {
			return c.sha
		}
	}
	return p.headSHA
}

// refusal is an API failure decided by the model: status and GitHub's message.
type refusal struct {
	status  int
	message string
}

func (r *refusal) Error() string { return fmt.Sprintf("%d %s", r.status, r.message) }

// The merge refusals GitHub answers with.
var (
	notMergeable = &refusal{http.StatusMethodNotAllowed, "Pull Request is not mergeable"}
	headModified = &refusal{http.StatusConflict, "Head branch was modified. Review and try the merge again."}
)

// mergePull merges an open pull request into its base branch. method is
// "merge" (a two-parent commit) or "squash"/"rebase" (one commit on the base
// with the combined tree). expectSHA, when set, must be the head SHA.
// Caller holds mu.
func (s *Server) mergePull(r *repo, is *issue, method, title, expectSHA, by string) (string, *refusal) {
	p := is.pr
	if is.state != "open" || p.merged || p.draft {
		return "", notMergeable
	}
	headSHA := r.prHead(p)
	if expectSHA != "" && expectSHA != headSHA {
		return "", headModified
	}
	base, okB := r.peel(r.refs["refs/heads/"+p.base])
	head, okH := r.commits[headSHA]
	if !okB || !okH {
		return "", notMergeable
	}
	tree, ok := r.merge(base, head)
	if !ok {
		return "", notMergeable
	}
	if title == "" {
		title = fmt.Sprintf("Merge pull request #%d from %s/%s", is.number, r.owner, p.head)
		if method != "merge" && method != "" {
			title = fmt.Sprintf("%s (#%d)", is.title, is.number)
		}
	}
	parents := []string{base.sha, head.sha}
	if method == "squash" || method == "rebase" {
		parents = parents[:1]
	}
	c := s.writeCommit(r, title, tree, parents...)
	r.refs["refs/heads/"+p.base] = c.sha
	p.headSHA, p.baseSHA = head.sha, base.sha
	p.merged, p.mergedAt, p.mergeSHA, p.mergedBy = true, s.now(), c.sha, by
	s.closeIssue(r, is)
	return c.sha, nil
}

// MergePR merges pull request n with a merge commit, as a reviewer pressing
// the button would, and returns the merge commit's SHA. It fails the test
// when GitHub would refuse (closed, draft, conflicting).
func (s *Server) MergePR(fullName string, n int) string {
	s.t.Helper()
	s.mu.Lock()
	defer s.mu.Unlock()
	is := s.lookupIssue(fullName, n)
	if is.pr == nil {
		s.t.Fatalf("githubtest: %s#%d is not a pull request", fullName, n)
	}
	sha, err := s.mergePull(s.lookupRepo(fullName), is, "merge", "", "", "octocat")
	if err != nil {
		s.t.Fatalf("githubtest: merging %s#%d: %v", fullName, n, err)
	}
	return sha
}

// PullRequest is a pull request as the world holds it, for assertions.
type PullRequest struct {
	Number         int
	Title, Body    string
	State          string // "open" or "closed"
	Head, Base     string // branch names
	HeadSHA        string
	Draft, Merged  bool
	MergeCommitSHA string
	Labels         []string
	Milestone      int
}

// PullRequests lists the repository's pull requests by number.
func (s *Server) PullRequests(fullName string) []PullRequest {
	s.t.Helper()
	s.mu.Lock()
	defer s.mu.Unlock()
	r := s.lookupRepo(fullName)
	var out []PullRequest
	for _, is := range r.sortedIssues() {
		if p := is.pr; p != nil {
			out = append(out, PullRequest{
				Number: is.number, Title: is.title, Body: is.body, State: is.state,
				Head: p.head, Base: p.base, HeadSHA: r.prHead(p), Draft: p.draft, Merged: p.merged,
				MergeCommitSHA: p.mergeSHA, Labels: is.labels, Milestone: is.milestone,
			})
		}
	}
	return out
}

package githubtest

import (
	"fmt"
	"maps"
	"slices"
	"strings"
)

// JSON shapes of issues, pull requests, labels, milestones, comments and
// timeline events.

// sortedIssues lists issues and pull requests by number.
func (r *repo) sortedIssues() []*issue {
	out := make([]*issue, 0, len(r.issues))
	for _, n := range slices.Sorted(maps.Keys(r.issues)) {
		out = append(out, r.issues[n])
	}
	return out
}

func (s *Server) labelJSON(r *repo, name string) obj {
	id := userID("label:" + name)
	return obj{"id": id, "node_id": fmt.Sprintf("LA_%d", id), "name": name, "color": "ededed",
		"default": false, "description": nil,
		"url": s.apiURL("repos/" + r.fullName() + "/labels/" + strings.ReplaceAll(name, " ", "%20"))}
}

func (s *Server) milestoneJSON(r *repo, m *milestone) obj {
	open, closed := 0, 0
	for _, is := range r.issues {
		if is.milestone == m.number && is.state == "open" {
			open++
		} else if is.milestone == m.number {
			closed++
		}
	}
	api := s.apiURL(fmt.Sprintf("repos/%s/milestones/%d", r.fullName(), m.number))
	var desc any
	if m.description != "" {
		desc = m.description
	}
	return obj{
		"url": api, "html_url": s.htmlURL(fmt.Sprintf("%s/milestone/%d", r.fullName(), m.number)),
		"labels_url": api + "/labels", "id": m.id, "node_id": fmt.Sprintf("MI_%d", m.id),
		"number": m.number, "state": m.state, "title": m.title, "description": desc,
		"creator": s.userJSON(s.user), "open_issues": open, "closed_issues": closed,
		"created_at": ts(m.created), "updated_at": ts(m.updated), "closed_at": ts(m.closed), "due_on": nil,
	}
}

// issueJSON is an issue (or pull request) as the issues API shows it.
func (s *Server) issueJSON(r *repo, is *issue) obj {
	api := s.apiURL(fmt.Sprintf("repos/%s/issues/%d", r.fullName(), is.number))
	labels := []obj{}
	for _, l := range is.labels {
		labels = append(labels, s.labelJSON(r, l))
	}
	var ms any
	if m := r.milestones[is.milestone]; m != nil {
		ms = s.milestoneJSON(r, m)
	}
	kind := "issues"
	if is.pr != nil {
		kind = "pull"
	}
	out := obj{
		"id": is.id, "node_id": fmt.Sprintf("I_%d", is.id), "url": api,
		"repository_url": s.apiURL("repos/" + r.fullName()), "labels_url": api + "/labels{/name}",
		"comments_url": api + "/comments", "events_url": api + "/events",
		"html_url": s.htmlURL(fmt.Sprintf("%s/%s/%d", r.fullName(), kind, is.number)),
		"number":   is.number, "state": is.state, "state_reason": nilIfEmpty(is.stateReason),
		"title": is.title, "body": nilIfEmpty(is.body), "user": s.userJSON(is.user), "labels": labels,
		"assignee": nil, "assignees": []obj{}, "milestone": ms, "locked": false, "active_lock_reason": nil,
		"comments": is.commentCount(), "created_at": ts(is.created), "updated_at": ts(is.updated),
		"closed_at": ts(is.closed), "author_association": "MEMBER",
	}
	if p := is.pr; p != nil {
		pr := s.apiURL(fmt.Sprintf("repos/%s/pulls/%d", r.fullName(), is.number))
		html := s.htmlURL(fmt.Sprintf("%s/pull/%d", r.fullName(), is.number))
		out["draft"] = p.draft
		out["pull_request"] = obj{"url": pr, "html_url": html, "diff_url": html + ".diff",
			"patch_url": html + ".patch", "merged_at": ts(p.mergedAt)}
	}
	return out
}

func (is *issue) commentCount() int {
	n := 0
	for _, it := range is.timeline {
		if it.comment != nil && !it.comment.deleted {
			n++
		}
	}
	return n
}

func nilIfEmpty(s string) any {
	if s == "" {
		return nil
	}
	return s
}

func (s *Server) branchJSON(r *repo, branch, sha string) obj {
	return obj{"label": r.owner + ":" + branch, "ref": branch, "sha": sha,
		"user": s.userJSON(r.owner), "repo": s.repoJSON(r)}
}

// pullJSON is a pull request as the pulls API shows it.
func (s *Server) pullJSON(r *repo, is *issue) obj {
	p := is.pr
	out := s.issueJSON(r, is)
	for _, k := range []string{"pull_request", "repository_url", "labels_url", "events_url", "comments", "state_reason"} {
		delete(out, k)
	}
	api := s.apiURL(fmt.Sprintf("repos/%s/pulls/%d", r.fullName(), is.number))
	html := out["html_url"].(string)
	base := p.baseSHA
	if c, ok := r.peel(r.refs["refs/heads/"+p.base]); ok && is.state == "open" {
		base = c.sha
	}
	headSHA := r.prHead(p)
	commits, changed := 0, 0
	if head, ok := r.commits[headSHA]; ok {
		commits = len(r.only(headSHA, base))
		if mb, ok := r.mergeBase(base, headSHA); ok {
			files, _, _ := s.diffJSON(r, mb.files, head.files, headSHA)
			changed = len(files)
		}
	}
	maps.Copy(out, obj{
		"url": api, "issue_url": s.apiURL(fmt.Sprintf("repos/%s/issues/%d", r.fullName(), is.number)),
		"diff_url": html + ".diff", "patch_url": html + ".patch",
		"commits_url": api + "/commits", "review_comments_url": api + "/comments",
		"statuses_url": s.apiURL("repos/" + r.fullName() + "/statuses/" + headSHA),
		"head":         s.branchJSON(r, p.head, headSHA), "base": s.branchJSON(r, p.base, base),
		"merged": p.merged, "merged_at": ts(p.mergedAt), "merge_commit_sha": nilIfEmpty(p.mergeSHA),
		"merged_by": nil, "mergeable": nil, "mergeable_state": "unknown", "rebaseable": nil,
		"draft": p.draft, "comments": is.commentCount(), "review_comments": 0, "commits": commits,
		"additions": 0, "deletions": 0, "changed_files": changed, "maintainer_can_modify": false,
		"requested_reviewers": []obj{}, "requested_teams": []obj{}, "auto_merge": nil,
	})
	if p.mergedBy != "" {
		out["merged_by"] = s.userJSON(p.mergedBy)
	}
	if is.state == "open" {
		_, clean := s.mergeable(r, p)
		out["mergeable"], out["rebaseable"], out["mergeable_state"] = clean, clean, map[bool]string{true: "clean", false: "dirty"}[clean]
	}
	return out
}

// mergeable reports whether an open pull request merges without conflict.
func (s *Server) mergeable(r *repo, p *pull) (map[string]string, bool) {
	base, okB := r.peel(r.refs["refs/heads/"+p.base])
	head, okH := r.commits[r.prHead(p)]
	if !okB || !okH {
		return nil, false
	}
	return r.merge(base, head)
}

func (s *Server) commentJSON(r *repo, issueNumber int, c *comment) obj {
	issueURL := s.apiURL(fmt.Sprintf("repos/%s/issues/%d", r.fullName(), issueNumber))
	return obj{
		"id": c.id, "node_id": fmt.Sprintf("IC_%d", c.id), "body": c.body, "user": s.userJSON(c.user),
		"url":       s.apiURL(fmt.Sprintf("repos/%s/issues/comments/%d", r.fullName(), c.id)),
		"html_url":  s.htmlURL(fmt.Sprintf("%s/issues/%d#issuecomment-%d", r.fullName(), issueNumber, c.id)),
		"issue_url": issueURL, "created_at": ts(c.created), "updated_at": ts(c.updated),
		"author_association": "MEMBER",
	}
}

// timelineJSON is one timeline event of issue is in repository r.
func (s *Server) timelineJSON(r *repo, is *issue, it *timelineItem) obj {
	if it.comment != nil {
		out := s.commentJSON(r, is.number, it.comment)
		out["event"], out["actor"] = "commented", s.userJSON(it.comment.user)
		return out
	}
	out := obj{"id": it.id, "node_id": fmt.Sprintf("E_%d", it.id), "event": it.event,
		"actor": s.userJSON(s.user), "created_at": ts(it.created),
		"url": s.apiURL(fmt.Sprintf("repos/%s/issues/events/%d", r.fullName(), it.id))}
	switch it.event {
	case "labeled":
		out["label"] = obj{"name": it.label, "color": "ededed"}
	case "milestoned":
		if m := r.milestones[is.milestone]; m != nil {
			out["milestone"] = obj{"title": m.title}
		}
	case "cross-referenced":
		src := it.source.repo.issues[it.source.number]
		issueObj := s.issueJSON(it.source.repo, src)
		issueObj["repository"] = s.repoJSON(it.source.repo)
		delete(out, "id")
		delete(out, "node_id")
		delete(out, "url")
		out["updated_at"] = ts(it.created)
		out["source"] = obj{"type": "issue", "issue": issueObj}
	}
	return out
}

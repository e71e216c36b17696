package githubtest

import (
	"encoding/base64"
	"fmt"
	"path"
	"strings"
	"time"
)

// This file builds the JSON shapes of git data and repositories, following
// GitHub's REST reference. Timestamps are RFC 3339 in UTC like GitHub's.

func ts(t time.Time) any {
	if t.IsZero() {
		return nil
	}
	return t.UTC().Format(time.RFC3339)
}

func (s *Server) userJSON(login string) obj {
	kind := "User"
	if login != s.user {
		kind = "Organization"
	}
	return obj{
		"login": login, "id": userID(login), "node_id": "U_" + login, "type": kind, "site_admin": false,
		"url": s.apiURL("users/" + login), "html_url": s.htmlURL(login),
		"avatar_url": s.htmlURL(login + ".png"),
	}
}

// userID derives a stable id from a login.
func userID(login string) int64 {
	var h int64 = 7
	for _, c := range login {
		h = (h*31 + int64(c)) % 1_000_000_007
	}
	return h
}

func (s *Server) repoJSON(r *repo) obj {
	api := s.apiURL("repos/" + r.fullName())
	return obj{
		"id": r.id, "node_id": fmt.Sprintf("R_%d", r.id), "name": r.name, "full_name": r.fullName(),
		"owner": s.userJSON(r.owner), "private": false, "visibility": "public", "fork": false,
		"archived": false, "disabled": false, "description": nil,
		"html_url": s.htmlURL(r.fullName()), "url": api,
		"clone_url": s.htmlURL(r.fullName() + ".git"), "git_url": "git://" + strings.TrimPrefix(s.htmlURL(r.fullName()+".git"), "http://"),
		"ssh_url":        "git@" + strings.TrimPrefix(s.ts.URL, "http://") + ":" + r.fullName() + ".git",
		"default_branch": r.defaultBranch, "created_at": ts(gitEpoch), "updated_at": ts(gitEpoch),
		"pushed_at":   ts(gitEpoch),
		"permissions": obj{"admin": true, "maintain": true, "push": true, "triage": true, "pull": true},
	}
}

func (s *Server) signature(t time.Time) obj {
	return obj{"name": gitName, "email": gitEmail, "date": ts(t)}
}

func (s *Server) parentsJSON(r *repo, c *commit) []obj {
	out := []obj{}
	for _, p := range c.parents {
		out = append(out, obj{"sha": p, "url": s.apiURL("repos/" + r.fullName() + "/commits/" + p),
			"html_url": s.htmlURL(r.fullName() + "/commit/" + p)})
	}
	return out
}

// gitCommitJSON is a commit as the git data API shows it.
func (s *Server) gitCommitJSON(r *repo, c *commit) obj {
	return obj{
		"sha": c.sha, "node_id": "C_" + c.sha[:12],
		"url":      s.apiURL("repos/" + r.fullName() + "/git/commits/" + c.sha),
		"html_url": s.htmlURL(r.fullName() + "/commit/" + c.sha),
		"author":   s.signature(c.date), "committer": s.signature(c.date), "message": c.message,
		"tree":         obj{"sha": c.tree, "url": s.apiURL("repos/" + r.fullName() + "/git/trees/" + c.tree)},
		"parents":      s.parentsJSON(r, c),
		"verification": obj{"verified": false, "reason": "unsigned", "signature": nil, "payload": nil},
	}
}

// repoCommitJSON is a commit as the repository commits API shows it; files
// lists the change against the first parent when withFiles is set.
func (s *Server) repoCommitJSON(r *repo, c *commit, withFiles bool) obj {
	inner := s.gitCommitJSON(r, c)
	delete(inner, "sha")
	delete(inner, "node_id")
	delete(inner, "html_url")
	delete(inner, "parents")
	inner["comment_count"] = 0
	out := obj{
		"sha": c.sha, "node_id": "C_" + c.sha[:12], "commit": inner,
		"url":          s.apiURL("repos/" + r.fullName() + "/commits/" + c.sha),
		"html_url":     s.htmlURL(r.fullName() + "/commit/" + c.sha),
		"comments_url": s.apiURL("repos/" + r.fullName() + "/commits/" + c.sha + "/comments"),
		"author":       nil, "committer": nil, "parents": s.parentsJSON(r, c),
	}
	if withFiles {
		var before map[string]string
		if len(c.parents) > 0 {
			before = r.commits[c.parents[0]].files
		}
		files, add, del := s.diffJSON(r, before, c.files, c.sha)
		out["files"] = files
		out["stats"] = obj{"total": add + del, "additions": add, "deletions": del}
	}
	return out
}

// diffJSON lists changed files between two trees with line counts.
func (s *Server) diffJSON(r *repo, before, after map[string]string, sha string) ([]obj, int, int) {
	files := []obj{}
	var adds, dels int
	for _, p := range unionKeys(before, after) {
		b, inB := before[p]
		a, inA := after[p]
		if inA == inB && a == b {
			continue
		}
		status, add, del := "modified", lines(a), lines(b)
		switch {
		case !inB:
			status, del = "added", 0
		case !inA:
			status, add = "removed", 0
		}
		adds, dels = adds+add, dels+del
		f := obj{"filename": p, "status": status, "additions": add, "deletions": del, "changes": add + del,
			"blob_url":     s.htmlURL(r.fullName() + "/blob/" + sha + "/" + p),
			"raw_url":      s.htmlURL(r.fullName() + "/raw/" + sha + "/" + p),
			"contents_url": s.apiURL("repos/" + r.fullName() + "/contents/" + p + "?ref=" + sha)}
		if inA {
			f["sha"] = blobSHA(a)
		} else {
			f["sha"] = blobSHA(b)
		}
		files = append(files, f)
	}
	return files, adds, dels
}

func lines(s string) int {
	if s == "" {
		return 0
	}
	return strings.Count(strings.TrimSuffix(s, "\n"), "\n") + 1
}

func (s *Server) refJSON(r *repo, ref string) obj {
	sha := r.refs[ref]
	kind := r.objectType(sha)
	objPath := "commits/"
	if kind == "tag" {
		objPath = "tags/"
	}
	return obj{
		"ref": ref, "node_id": "REF_" + strings.ReplaceAll(ref, "/", "_"),
		"url":    s.apiURL("repos/" + r.fullName() + "/git/" + ref),
		"object": obj{"sha": sha, "type": kind, "url": s.apiURL("repos/" + r.fullName() + "/git/" + objPath + sha)},
	}
}

func (s *Server) tagJSON(r *repo, t *tagObject) obj {
	objPath := "commits/"
	if t.objType == "tag" {
		objPath = "tags/"
	}
	return obj{
		"node_id": "TAG_" + t.sha[:12], "tag": t.tag, "sha": t.sha, "message": t.message,
		"url":    s.apiURL("repos/" + r.fullName() + "/git/tags/" + t.sha),
		"tagger": s.signature(t.date),
		"object": obj{"type": t.objType, "sha": t.object,
			"url": s.apiURL("repos/" + r.fullName() + "/git/" + objPath + t.object)},
		"verification": obj{"verified": false, "reason": "unsigned", "signature": nil, "payload": nil},
	}
}

// contentJSON describes a file or directory entry of the contents API;
// content is included (base64, wrapped at 60 columns like GitHub) when full.
func (s *Server) contentJSON(r *repo, ref, p, kind, content string, full bool) obj {
	sha := blobSHA(content)
	self := s.apiURL("repos/" + r.fullName() + "/contents/" + p + "?ref=" + ref)
	html := s.htmlURL(r.fullName() + "/blob/" + ref + "/" + p)
	git := s.apiURL("repos/" + r.fullName() + "/git/blobs/" + sha)
	out := obj{
		"type": kind, "name": path.Base(p), "path": p, "sha": sha, "size": len(content),
		"url": self, "html_url": html, "git_url": git,
		"download_url": s.htmlURL(r.fullName() + "/raw/" + ref + "/" + p),
		"_links":       obj{"self": self, "git": git, "html": html},
	}
	if kind == "dir" {
		out["sha"], out["size"], out["download_url"] = treeSHA(map[string]string{p: ""}), 0, nil
	}
	switch {
	case full && len(content) > maxInlineContent:
		// GitHub's JSON answer for files of 1-100 MB: no content, encoding
		// "none"; the blob API (GET git/blobs/{sha}) serves them.
		out["encoding"], out["content"] = "none", ""
	case full:
		out["encoding"] = "base64"
		out["content"] = wrap60(base64.StdEncoding.EncodeToString([]byte(content)))
	}
	return out
}

// maxInlineContent is the largest file the contents API returns with its
// content: 1 MB.
const maxInlineContent = 1 << 20

func wrap60(s string) string {
	var b strings.Builder
	for len(s) > 60 {
		b.WriteString(s[:60] + "\n")
		s = s[60:]
	}
	b.WriteString(s + "\n")
	return b.String()
}

package githubtest

import (
	"encoding/base64"
	"maps"
	"net/http"
	"slices"
	"strings"
)

// Git data endpoints that write objects: trees and commits, so that a client
// can build a commit without a working copy (for instance a root commit on a
// new orphan branch) and then point a ref at it.

// treeEntry is one entry of POST git/trees. Only blobs are supported: the
// fake's trees are flat (full paths), so a nested path is simply a longer
// name. A null "sha" without "content" deletes the path from base_tree.
type treeEntry struct {
	Path    *string `json:"path"`
	Mode    *string `json:"mode"`
	Type    *string `json:"type"`
	SHA     *string `json:"sha"`
	Content *string `json:"content"`
}

func (c *call) createTree() {
	var in struct {
		BaseTree *string     `json:"base_tree"`
		Tree     []treeEntry `json:"tree"`
	}
	if !c.decode(&in) {
		return
	}
	if in.Tree == nil {
		c.fail(http.StatusUnprocessableEntity, "Invalid request.\n\n\"tree\" wasn't supplied.")
		return
	}
	files := map[string]string{}
	if in.BaseTree != nil && *in.BaseTree != "" {
		base, ok := c.repo.trees[*in.BaseTree]
		if !ok {
			c.fail(http.StatusUnprocessableEntity, "base_tree is not a valid tree oid")
			return
		}
		files = maps.Clone(base)
	}
	for _, e := range in.Tree {
		if !c.applyTreeEntry(files, e) {
			return
		}
	}
	sha := c.repo.storeTree(files)
	c.json(http.StatusCreated, c.s.treeJSON(c.repo, sha, files))
}

// applyTreeEntry adds, replaces or deletes one path; false when it answered
// an error.
func (c *call) applyTreeEntry(files map[string]string, e treeEntry) bool {
	switch {
	case e.Path == nil || *e.Path == "" || e.Mode == nil:
		c.fail(http.StatusUnprocessableEntity, "Invalid request.\n\n\"path\", \"mode\" are required.")
	case e.Type != nil && *e.Type != "blob":
		c.fail(http.StatusUnprocessableEntity, "Invalid request.\n\ntype "+*e.Type+" is not supported by this server.")
	case e.Content != nil:
		files[*e.Path] = *e.Content
		return true
	case e.SHA == nil:
		if _, ok := files[*e.Path]; !ok {
			c.fail(http.StatusUnprocessableEntity, "GitRPC::BadObjectState")
			return false
		}
		delete(files, *e.Path)
		return true
	default:
		content, ok := c.repo.blob(*e.SHA)
		if !ok {
			c.fail(http.StatusUnprocessableEntity, "Invalid tree info")
			return false
		}
		files[*e.Path] = content
		return true
	}
	return false
}

func (c *call) createCommit() {
	var in struct {
		Message *string  `json:"message"`
		Tree    *string  `json:"tree"`
		Parents []string `json:"parents"`
	}
	if !c.decode(&in) {
		return
	}
	if in.Message == nil || in.Tree == nil {
		c.fail(http.StatusUnprocessableEntity, "Invalid request.\n\n\"message\", \"tree\" are required.")
		return
	}
	files, ok := c.repo.trees[*in.Tree]
	if !ok {
		c.fail(http.StatusUnprocessableEntity, "Tree SHA does not exist")
		return
	}
	for _, p := range in.Parents {
		if _, ok := c.repo.commits[p]; !ok {
			c.fail(http.StatusUnprocessableEntity, "Parent SHA does not exist or is not a commit object")
			return
		}
	}
	commit := c.s.writeCommit(c.repo, *in.Message, maps.Clone(files), in.Parents...)
	c.json(http.StatusCreated, c.s.gitCommitJSON(c.repo, commit))
}

func (c *call) getBlob() {
	content, ok := c.repo.blob(c.param("sha"))
	if !ok {
		c.notFound()
		return
	}
	if strings.Contains(c.r.Header.Get("Accept"), ".raw") {
		c.w.Header().Set("Content-Type", "application/vnd.github.raw")
		c.w.WriteHeader(http.StatusOK)
		_, _ = c.w.Write([]byte(content))
		return
	}
	sha := blobSHA(content)
	c.json(http.StatusOK, obj{
		"sha": sha, "node_id": "B_" + sha[:12], "size": len(content),
		"url":      c.s.apiURL("repos/" + c.repo.fullName() + "/git/blobs/" + sha),
		"content":  wrap60(base64.StdEncoding.EncodeToString([]byte(content))),
		"encoding": "base64",
	})
}

// storeTree remembers a flat tree and its blobs and returns its SHA.
// Caller holds mu.
func (r *repo) storeTree(files map[string]string) string {
	sha := treeSHA(files)
	if r.trees == nil {
		r.trees, r.blobs = map[string]map[string]string{}, map[string]string{}
	}
	if _, ok := r.trees[sha]; !ok {
		r.trees[sha] = files
		for _, content := range files {
			r.blobs[blobSHA(content)] = content
		}
	}
	return sha
}

// blob finds the content of a blob by SHA.
func (r *repo) blob(sha string) (string, bool) {
	content, ok := r.blobs[sha]
	return content, ok
}

// treeJSON is a tree as POST git/trees answers it: the top-level entries,
// a directory standing for the paths below it.
func (s *Server) treeJSON(r *repo, sha string, files map[string]string) obj {
	entries := []obj{}
	dirs := map[string]map[string]string{}
	for _, p := range slices.Sorted(maps.Keys(files)) {
		if dir, rest, nested := strings.Cut(p, "/"); nested {
			if dirs[dir] == nil {
				dirs[dir] = map[string]string{}
			}
			dirs[dir][rest] = files[p]
			continue
		}
		b := blobSHA(files[p])
		entries = append(entries, obj{"path": p, "mode": "100644", "type": "blob", "sha": b,
			"size": len(files[p]), "url": s.apiURL("repos/" + r.fullName() + "/git/blobs/" + b)})
	}
	for _, dir := range slices.Sorted(maps.Keys(dirs)) {
		t := treeSHA(dirs[dir])
		entries = append(entries, obj{"path": dir, "mode": "040000", "type": "tree", "sha": t,
			"url": s.apiURL("repos/" + r.fullName() + "/git/trees/" + t)})
	}
	return obj{"sha": sha, "url": s.apiURL("repos/" + r.fullName() + "/git/trees/" + sha),
		"tree": entries, "truncated": false}
}

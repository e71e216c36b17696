package githubtest

import (
	"encoding/base64"
	"maps"
	"net/http"
)

// The contents API: read a file or directory, create/update or delete a file
// (each change is one commit on the branch).

func (c *call) getContents() {
	p, ref := c.param("path"), c.query("ref")
	if ref == "" {
		ref = c.repo.defaultBranch
	}
	commit, ok := c.repo.resolve(ref)
	if !ok {
		c.fail(http.StatusNotFound, "No commit found for the ref "+ref)
		return
	}
	if content, ok := commit.files[p]; ok {
		c.json(http.StatusOK, c.s.contentJSON(c.repo, ref, p, "file", content, true))
		return
	}
	files, dirs := dirEntries(commit.files, p)
	if len(files)+len(dirs) == 0 && p != "" {
		c.notFound()
		return
	}
	out := []obj{}
	for _, d := range dirs {
		out = append(out, c.s.contentJSON(c.repo, ref, d, "dir", "", false))
	}
	for _, f := range files {
		out = append(out, c.s.contentJSON(c.repo, ref, f, "file", commit.files[f], false))
	}
	c.json(http.StatusOK, out)
}

// fileChange is the body of PUT and DELETE on contents.
type fileChange struct {
	Message *string `json:"message"`
	Content *string `json:"content"`
	SHA     *string `json:"sha"`
	Branch  *string `json:"branch"`
}

// branchHead checks the request's branch (default branch when absent).
func (c *call) branchHead(in fileChange) (string, *commit, bool) {
	branch := c.repo.defaultBranch
	if in.Branch != nil && *in.Branch != "" {
		branch = *in.Branch
	}
	head, ok := c.repo.peel(c.repo.refs["refs/heads/"+branch])
	if !ok {
		c.fail(http.StatusNotFound, "Branch "+branch+" not found")
	}
	return branch, head, ok
}

// checkBlobSHA enforces GitHub's optimistic locking on an existing file:
// 422 without "sha", 409 when it is not the file's current blob SHA.
func (c *call) checkBlobSHA(p, content string, in fileChange) bool {
	switch {
	case in.SHA == nil || *in.SHA == "":
		c.fail(http.StatusUnprocessableEntity, "Invalid request.\n\n\"sha\" wasn't supplied.")
	case *in.SHA != blobSHA(content):
		c.fail(http.StatusConflict, p+" does not match "+*in.SHA)
	default:
		return true
	}
	return false
}

func (c *call) putContents() {
	p := c.param("path")
	var in fileChange
	if !c.decode(&in) {
		return
	}
	if in.Message == nil || in.Content == nil {
		c.fail(http.StatusUnprocessableEntity, "Invalid request.\n\n\"message\", \"content\" are required.")
		return
	}
	data, err := base64.StdEncoding.DecodeString(*in.Content)
	if err != nil {
		c.fail(http.StatusUnprocessableEntity, "content is not valid Base64")
		return
	}
	branch, head, ok := c.branchHead(in)
	if !ok {
		return
	}
	old, exists := head.files[p]
	if exists && !c.checkBlobSHA(p, old, in) {
		return
	}
	tree := maps.Clone(head.files)
	tree[p] = string(data)
	commit := c.s.writeCommit(c.repo, *in.Message, tree, head.sha)
	c.repo.refs["refs/heads/"+branch] = commit.sha
	status := http.StatusCreated
	if exists {
		status = http.StatusOK
	}
	content := c.s.contentJSON(c.repo, branch, p, "file", string(data), false)
	c.json(status, obj{"content": content, "commit": c.s.gitCommitJSON(c.repo, commit)})
}

func (c *call) deleteContents() {
	p := c.param("path")
	var in fileChange
	if !c.decode(&in) {
		return
	}
	if in.Message == nil {
		c.fail(http.StatusUnprocessableEntity, "Invalid request.\n\n\"message\" wasn't supplied.")
		return
	}
	branch, head, ok := c.branchHead(in)
	if !ok {
		return
	}
	old, exists := head.files[p]
	if !exists {
		c.notFound()
		return
	}
	if !c.checkBlobSHA(p, old, in) {
		return
	}
	tree := maps.Clone(head.files)
	delete(tree, p)
	commit := c.s.writeCommit(c.repo, *in.Message, tree, head.sha)
	c.repo.refs["refs/heads/"+branch] = commit.sha
	c.json(http.StatusOK, obj{"content": nil, "commit": c.s.gitCommitJSON(c.repo, commit)})
}

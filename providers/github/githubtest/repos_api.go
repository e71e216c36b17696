package githubtest

import (
	"maps"
	"net/http"
	"slices"
	"strings"
)

// Repository endpoints: the repository, branches, tags, commits, compare.

func (c *call) getRepo() { c.json(http.StatusOK, c.s.repoJSON(c.repo)) }

func (c *call) refNames(prefix string) []string {
	var names []string
	for ref := range c.repo.refs {
		if name, ok := strings.CutPrefix(ref, prefix); ok {
			names = append(names, name)
		}
	}
	slices.Sort(names)
	return names
}

func (c *call) listBranches() {
	out := []obj{}
	for _, name := range paginate(c, c.refNames("refs/heads/")) {
		sha := c.repo.refs["refs/heads/"+name]
		out = append(out, obj{"name": name, "protected": false,
			"commit": obj{"sha": sha, "url": c.s.apiURL("repos/" + c.repo.fullName() + "/commits/" + sha)}})
	}
	c.json(http.StatusOK, out)
}

func (c *call) getBranch() {
	name := c.param("branch")
	commit, ok := c.repo.peel(c.repo.refs["refs/heads/"+name])
	if !ok {
		c.fail(http.StatusNotFound, "Branch not found")
		return
	}
	self := c.s.apiURL("repos/" + c.repo.fullName() + "/branches/" + name)
	c.json(http.StatusOK, obj{
		"name": name, "commit": c.s.repoCommitJSON(c.repo, commit, false), "protected": false,
		"_links":         obj{"self": self, "html": c.s.htmlURL(c.repo.fullName() + "/tree/" + name)},
		"protection":     obj{"enabled": false, "required_status_checks": obj{"enforcement_level": "off", "contexts": []string{}, "checks": []string{}}},
		"protection_url": self + "/protection",
	})
}

// listTags lists tags newest name first, each with the commit it peels to.
func (c *call) listTags() {
	names := c.refNames("refs/tags/")
	slices.Reverse(names)
	out := []obj{}
	for _, name := range paginate(c, names) {
		commit, _ := c.repo.peel(c.repo.refs["refs/tags/"+name])
		out = append(out, obj{
			"name": name, "node_id": "TAGREF_" + name,
			"commit":      obj{"sha": commit.sha, "url": c.s.apiURL("repos/" + c.repo.fullName() + "/commits/" + commit.sha)},
			"zipball_url": c.s.apiURL("repos/" + c.repo.fullName() + "/zipball/refs/tags/" + name),
			"tarball_url": c.s.apiURL("repos/" + c.repo.fullName() + "/tarball/refs/tags/" + name),
		})
	}
	c.json(http.StatusOK, out)
}

func (c *call) getCommit() {
	ref := c.param("ref")
	commit, ok := c.repo.resolve(ref)
	if !ok {
		c.fail(http.StatusUnprocessableEntity, "No commit found for SHA: "+ref)
		return
	}
	c.json(http.StatusOK, c.s.repoCommitJSON(c.repo, commit, true))
}

// compare answers GET compare/{base}...{head} with GitHub's status words:
// identical, ahead, behind or diverged.
func (c *call) compare() {
	baseName, headName, ok := strings.Cut(c.param("basehead"), "...")
	if !ok {
		c.notFound()
		return
	}
	base, okB := c.repo.resolve(baseName)
	head, okH := c.repo.resolve(headName)
	if !okB || !okH {
		c.notFound()
		return
	}
	mb, _ := c.repo.mergeBase(base.sha, head.sha)
	ahead, behind := c.repo.only(head.sha, base.sha), c.repo.only(base.sha, head.sha)
	status := "diverged"
	switch {
	case len(ahead) == 0 && len(behind) == 0:
		status = "identical"
	case len(behind) == 0:
		status = "ahead"
	case len(ahead) == 0:
		status = "behind"
	}
	commits := []obj{}
	for _, cm := range ahead {
		commits = append(commits, c.s.repoCommitJSON(c.repo, cm, false))
	}
	var mbFiles map[string]string
	mbJSON := any(nil)
	if mb != nil {
		mbFiles, mbJSON = mb.files, c.s.repoCommitJSON(c.repo, mb, false)
	}
	files, _, _ := c.s.diffJSON(c.repo, mbFiles, head.files, head.sha)
	rel := c.repo.fullName() + "/compare/" + baseName + "..." + headName
	c.json(http.StatusOK, obj{
		"url": c.s.apiURL("repos/" + rel), "html_url": c.s.htmlURL(rel),
		"permalink_url": c.s.htmlURL(c.repo.fullName() + "/compare/" + base.sha + "..." + head.sha),
		"diff_url":      c.s.htmlURL(rel + ".diff"), "patch_url": c.s.htmlURL(rel + ".patch"),
		"base_commit": c.s.repoCommitJSON(c.repo, base, false), "merge_base_commit": mbJSON,
		"status": status, "ahead_by": len(ahead), "behind_by": len(behind), "total_commits": len(ahead),
		"commits": commits, "files": files,
	})
}

// dirEntries lists the direct children of dir ("" for the root) in tree.
func dirEntries(tree map[string]string, dir string) (files, dirs []string) {
	prefix := ""
	if dir != "" {
		prefix = dir + "/"
	}
	seen := map[string]bool{}
	for _, p := range slices.Sorted(maps.Keys(tree)) {
		rest, ok := strings.CutPrefix(p, prefix)
		if !ok {
			continue
		}
		if first, _, nested := strings.Cut(rest, "/"); nested {
			if !seen[first] {
				seen[first] = true
				dirs = append(dirs, prefix+first)
			}
			continue
		}
		files = append(files, p)
	}
	return files, dirs
}

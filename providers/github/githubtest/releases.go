package githubtest

import (
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"time"
)

type release struct {
	id                      int64
	tag, target, name, body string
	draft, prerelease       bool
	immutable               bool // published while the repository had immutable releases
	author                  string
	created, published      time.Time
}

// Release is a release as the world holds it, for assertions.
type Release struct {
	ID                int64
	TagName, Target   string
	Name, Body        string
	Draft, Prerelease bool
	Immutable         bool
}

// Releases lists the repository's releases, oldest first.
func (s *Server) Releases(fullName string) []Release {
	s.t.Helper()
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []Release
	for _, rl := range s.lookupRepo(fullName).releases {
		out = append(out, Release{ID: rl.id, TagName: rl.tag, Target: rl.target, Name: rl.name,
			Body: rl.body, Draft: rl.draft, Prerelease: rl.prerelease, Immutable: rl.immutable})
	}
	return out
}

func (s *Server) releaseJSON(r *repo, rl *release) obj {
	api := s.apiURL(fmt.Sprintf("repos/%s/releases/%d", r.fullName(), rl.id))
	html := s.htmlURL(r.fullName() + "/releases/tag/" + rl.tag)
	if rl.draft {
		html = s.htmlURL(fmt.Sprintf("%s/releases/tag/untagged-%d", r.fullName(), rl.id))
	}
	return obj{
		"url": api, "html_url": html, "assets_url": api + "/assets",
		"upload_url":  s.ts.URL + "/api/uploads/repos/" + fmt.Sprintf("%s/releases/%d/assets{?name,label}", r.fullName(), rl.id),
		"tarball_url": s.apiURL("repos/" + r.fullName() + "/tarball/" + rl.tag),
		"zipball_url": s.apiURL("repos/" + r.fullName() + "/zipball/" + rl.tag),
		"id":          rl.id, "node_id": fmt.Sprintf("RE_%d", rl.id), "tag_name": rl.tag,
		"target_commitish": rl.target, "name": nilIfEmpty(rl.name), "body": nilIfEmpty(rl.body),
		"draft": rl.draft, "prerelease": rl.prerelease, "immutable": rl.immutable, "author": s.userJSON(rl.author),
		"created_at": ts(rl.created), "published_at": ts(rl.published), "assets": []obj{},
	}
}

// releaseInput is the body of POST and PATCH on releases.
type releaseInput struct {
	TagName         *string `json:"tag_name"`
	TargetCommitish *string `json:"target_commitish"`
	Name            *string `json:"name"`
	Body            *string `json:"body"`
	Draft           *bool   `json:"draft"`
	Prerelease      *bool   `json:"prerelease"`
}

func (c *call) releaseByTag(tag string) *release {
	for _, rl := range c.repo.releases {
		if rl.tag == tag {
			return rl
		}
	}
	return nil
}

func (c *call) createRelease() {
	var in releaseInput
	if !c.decode(&in) {
		return
	}
	if in.TagName == nil || *in.TagName == "" {
		c.invalid(fieldError{Resource: "Release", Field: "tag_name", Code: "missing_field"})
		return
	}
	if c.releaseByTag(*in.TagName) != nil {
		c.invalid(fieldError{Resource: "Release", Field: "tag_name", Code: "already_exists"})
		return
	}
	if c.repo.locked[*in.TagName] {
		c.invalid(fieldError{Resource: "Release", Field: "tag_name", Code: "custom", Message: "tag_name was used by an immutable release"})
		return
	}
	rl := &release{id: c.s.newID(), tag: *in.TagName, target: c.repo.defaultBranch,
		author: c.s.user, created: c.s.now()}
	if !c.applyRelease(rl, in) {
		return
	}
	c.repo.releases = append(c.repo.releases, rl)
	c.json(http.StatusCreated, c.s.releaseJSON(c.repo, rl))
}

// applyRelease copies the input onto rl; publishing a release whose tag does
// not exist creates the tag at target_commitish, as GitHub does.
func (c *call) applyRelease(rl *release, in releaseInput) bool {
	next := *rl
	setIf(&next.tag, in.TagName)
	setIf(&next.target, in.TargetCommitish)
	setIf(&next.name, in.Name)
	setIf(&next.body, in.Body)
	setIf(&next.draft, in.Draft)
	setIf(&next.prerelease, in.Prerelease)
	_, tagged := c.repo.refs["refs/tags/"+next.tag]
	target, targetOK := c.repo.resolve(next.target)
	if !tagged && !targetOK {
		c.invalid(fieldError{Resource: "Release", Field: "target_commitish", Code: "invalid"})
		return false
	}
	if !next.draft && !tagged {
		c.repo.refs["refs/tags/"+next.tag] = target.sha
	}
	if !next.draft && next.published.IsZero() {
		next.published = c.s.now()
		c.publish(&next)
	}
	*rl = next
	return true
}

func setIf[T any](dst *T, v *T) {
	if v != nil {
		*dst = *v
	}
}

// listReleases lists releases newest first.
func (c *call) listReleases() {
	list := slices.Clone(c.repo.releases)
	slices.Reverse(list)
	out := []obj{}
	for _, rl := range paginate(c, list) {
		out = append(out, c.s.releaseJSON(c.repo, rl))
	}
	c.json(http.StatusOK, out)
}

// getReleaseByTag finds a published release; drafts have no tag yet.
func (c *call) getReleaseByTag() {
	rl := c.releaseByTag(c.param("tag"))
	if rl == nil || rl.draft {
		c.notFound()
		return
	}
	c.json(http.StatusOK, c.s.releaseJSON(c.repo, rl))
}

func (c *call) releaseByID() (int, bool) {
	id, err := strconv.ParseInt(c.param("id"), 10, 64)
	for i, rl := range c.repo.releases {
		if err == nil && rl.id == id {
			return i, true
		}
	}
	c.notFound()
	return 0, false
}

func (c *call) getRelease() {
	if i, ok := c.releaseByID(); ok {
		c.json(http.StatusOK, c.s.releaseJSON(c.repo, c.repo.releases[i]))
	}
}

func (c *call) updateRelease() {
	i, ok := c.releaseByID()
	if !ok {
		return
	}
	var in releaseInput
	if !c.decode(&in) {
		return
	}
	rl := c.repo.releases[i]
	if in.TagName != nil && *in.TagName != rl.tag && c.releaseByTag(*in.TagName) != nil {
		c.invalid(fieldError{Resource: "Release", Field: "tag_name", Code: "already_exists"})
		return
	}
	if rl.immutable && (in.TagName != nil && *in.TagName != rl.tag || in.TargetCommitish != nil || in.Draft != nil && *in.Draft) {
		c.invalid(fieldError{Resource: "Release", Code: "custom", Message: "Cannot modify an immutable release: only its title and notes can be changed"})
		return
	}
	if c.applyRelease(rl, in) {
		c.json(http.StatusOK, c.s.releaseJSON(c.repo, rl))
	}
}

// publish makes a release published while the repository has immutable
// releases immutable, and locks its tag for good.
func (c *call) publish(rl *release) {
	if !c.repo.immutable {
		return
	}
	rl.immutable = true
	if c.repo.locked == nil {
		c.repo.locked = map[string]bool{}
	}
	c.repo.locked[rl.tag] = true
}

// getImmutableReleases answers whether the repository has immutable
// releases: 200 with the setting, 404 when it is off.
func (c *call) getImmutableReleases() {
	if !c.repo.immutable {
		c.notFound()
		return
	}
	c.json(http.StatusOK, obj{"enabled": true, "enforced_by_owner": false})
}

// EnableImmutableReleases turns on the repository's immutable releases, as
// its settings page does; it applies to the releases published from then on.
func (s *Server) EnableImmutableReleases(fullName string) {
	s.t.Helper()
	s.mu.Lock()
	defer s.mu.Unlock()
	s.lookupRepo(fullName).immutable = true
}

// deleteRelease removes the release; its tag stays, as on GitHub.
func (c *call) deleteRelease() {
	if i, ok := c.releaseByID(); ok {
		c.repo.releases = slices.Delete(c.repo.releases, i, i+1)
		c.noContent()
	}
}

package github

import (
	"context"
	"fmt"
	"net/http"
	"strconv"
	"strings"

	gh "github.com/google/go-github/v57/github"

	"github.com/relctl/relctl/providers"
)

// listComments lists the comments of an issue or pull request, oldest
// first, 100 per page.
func (p *Provider) listComments(ctx context.Context, r repoRef, number int) ([]*gh.IssueComment, error) {
	opts := &gh.IssueListCommentsOptions{ListOptions: gh.ListOptions{PerPage: perPage}}
	var all []*gh.IssueComment
	for {
		page, resp, err := p.client.Issues.ListComments(ctx, r.owner, r.name, number, opts)
		if err != nil {
			return nil, apiErr(err, "listing the comments of %s#%d", r, number)
		}
		all = append(all, page...)
		if resp.NextPage == 0 {
			return all, nil
		}
		opts.Page = resp.NextPage
	}
}

// PublishComments makes req.Parts the content of relctl's comments on the
// issue or pull request: the comments whose first line is the marker
// (part 1) or its part marker (see PartMarker) are edited in place, in
// order; missing parts are added and surplus old parts deleted. Each part
// gets its marker as first line.
func (p *Provider) PublishComments(ctx context.Context, req providers.PublishCommentsRequest) (providers.PublishCommentsResponse, error) {
	var res providers.PublishCommentsResponse
	repo, number, marker, parts := req.Repo, req.Number, req.Marker, req.Parts
	if p.client == nil {
		return res, fmt.Errorf("github provider is not configured")
	}
	r, err := p.repo(repo)
	if err != nil {
		return res, err
	}
	all, err := p.listComments(ctx, r, number)
	if err != nil {
		return res, err
	}
	var ours []*gh.IssueComment
	for _, c := range all {
		if IsPart(c.GetBody(), marker) {
			ours = append(ours, c)
		}
	}
	for i, part := range parts {
		body := PartMarker(marker, i+1) + "\n" + part
		var c *gh.IssueComment
		switch {
		case i < len(ours) && ours[i].GetBody() == body:
			c = ours[i]
			res.Unchanged++
		case i < len(ours):
			c, _, err = p.client.Issues.EditComment(ctx, r.owner, r.name, ours[i].GetID(), &gh.IssueComment{Body: gh.String(body)})
			if err != nil {
				return res, apiErr(err, "editing comment %d of %s#%d", ours[i].GetID(), r, number)
			}
			res.Updated++
		default:
			c, _, err = p.client.Issues.CreateComment(ctx, r.owner, r.name, number, &gh.IssueComment{Body: gh.String(body)})
			if err != nil {
				return res, apiErr(err, "commenting on %s#%d", r, number)
			}
			res.Created++
		}
		res.URLs = append(res.URLs, c.GetHTMLURL())
	}
	for _, c := range ours[min(len(parts), len(ours)):] {
		if err := p.deleteComment(ctx, r, c.GetID()); err != nil {
			return res, err
		}
		res.Deleted++
	}
	return res, nil
}

func (p *Provider) deleteComment(ctx context.Context, r repoRef, id int64) error {
	resp, err := p.client.Issues.DeleteComment(ctx, r.owner, r.name, id)
	if err != nil && !isStatus(err, resp, http.StatusNotFound) {
		return apiErr(err, "deleting comment %d of %s", id, r)
	}
	return nil
}

// PartMarker is the marker of part n (from 1) of a comment split in
// several: marker itself for the first, "<!-- X (part n) -->" for the
// others when marker is "<!-- X -->".
func PartMarker(marker string, n int) string {
	if n == 1 {
		return marker
	}
	return strings.TrimSuffix(marker, " -->") + " (part " + strconv.Itoa(n) + ") -->"
}

// IsPart reports whether a comment body starts with marker or one of its
// part markers on its first line.
func IsPart(body, marker string) bool {
	first, _, _ := strings.Cut(body, "\n")
	first = strings.TrimRight(first, "\r")
	if first == marker {
		return true
	}
	rest, ok := strings.CutPrefix(first, strings.TrimSuffix(marker, " -->")+" (part ")
	if !ok {
		return false
	}
	n, ok := strings.CutSuffix(rest, ") -->")
	if !ok {
		return false
	}
	_, err := strconv.Atoi(n)
	return err == nil
}

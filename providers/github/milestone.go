package github

import (
	"context"
	"fmt"
	"sort"

	gh "github.com/google/go-github/v57/github"
	"golang.org/x/sync/errgroup"

	"github.com/relctl/relctl/providers"
)

// timelineConcurrency bounds the timeline reads in flight at once: GitHub
// asks integrations not to make many concurrent requests.
const timelineConcurrency = 4

// ReadMilestone reads a milestone by number, or by title among all
// milestones, with its issues and pull requests in every state, 100 per
// page. With LinkedPullRequests, each issue's timeline is read for the
// pull requests that reference it.
func (p *Provider) ReadMilestone(ctx context.Context, req providers.MilestoneRequest) (providers.Milestone, error) {
	r, err := p.repo(req.Repo)
	if err != nil {
		return providers.Milestone{}, err
	}
	m, err := p.findMilestone(ctx, r, req.Number, req.Title)
	if err != nil {
		return providers.Milestone{}, err
	}
	out := providers.Milestone{Repo: r.String(), Number: m.GetNumber(), Title: m.GetTitle(),
		URL: m.GetHTMLURL(), State: m.GetState()}
	if out.Issues, err = p.milestoneIssues(ctx, r, m.GetNumber()); err != nil {
		return out, err
	}
	if req.LinkedPullRequests {
		if err := p.linkPullRequests(ctx, r, out.Issues); err != nil {
			return out, err
		}
	}
	return out, nil
}

func (p *Provider) findMilestone(ctx context.Context, r repoRef, number int, title string) (*gh.Milestone, error) {
	if number > 0 {
		m, _, err := p.client.Issues.GetMilestone(ctx, r.owner, r.name, number)
		if err != nil {
			return nil, apiErr(err, "reading milestone #%d of %s", number, r)
		}
		return m, nil
	}
	if title == "" {
		return nil, fmt.Errorf("a milestone needs a number or a title")
	}
	opts := &gh.MilestoneListOptions{State: "all", ListOptions: gh.ListOptions{PerPage: perPage}}
	for {
		ms, resp, err := p.client.Issues.ListMilestones(ctx, r.owner, r.name, opts)
		if err != nil {
			return nil, apiErr(err, "listing milestones of %s", r)
		}
		for _, m := range ms {
			if m.GetTitle() == title {
				return m, nil
			}
		}
		if resp.NextPage == 0 {
			return nil, fmt.Errorf("%s has no milestone titled %q", r, title)
		}
		opts.Page = resp.NextPage
	}
}

// milestoneIssues lists the milestone's issues and pull requests, oldest
// first.
func (p *Provider) milestoneIssues(ctx context.Context, r repoRef, number int) ([]providers.Issue, error) {
	opts := &gh.IssueListByRepoOptions{Milestone: fmt.Sprint(number), State: "all", Direction: "asc",
		Sort: "created", ListOptions: gh.ListOptions{PerPage: perPage}}
	var out []providers.Issue
	for {
		page, resp, err := p.client.Issues.ListByRepo(ctx, r.owner, r.name, opts)
		if err != nil {
			return nil, apiErr(err, "listing the issues of milestone #%d of %s", number, r)
		}
		for _, is := range page {
			out = append(out, toIssue(is))
		}
		if resp.NextPage == 0 {
			break
		}
		opts.Page = resp.NextPage
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Number < out[j].Number })
	return out, nil
}

func toIssue(is *gh.Issue) providers.Issue {
	labels := make([]string, 0, len(is.Labels))
	for _, l := range is.Labels {
		labels = append(labels, l.GetName())
	}
	return providers.Issue{Number: is.GetNumber(), Title: is.GetTitle(), URL: is.GetHTMLURL(),
		State: is.GetState(), PullRequest: is.IsPullRequest(), Labels: labels}
}

// linkPullRequests fills LinkedRepos from each issue's timeline: the
// repositories of the pull requests that cross-reference the issue. Pull
// requests of the milestone map by their labels only.
func (p *Provider) linkPullRequests(ctx context.Context, r repoRef, issues []providers.Issue) error {
	g, gctx := errgroup.WithContext(ctx)
	g.SetLimit(timelineConcurrency)
	for i := range issues {
		is := &issues[i]
		if is.PullRequest {
			continue
		}
		g.Go(func() error {
			prs, err := p.linkedPullRequests(gctx, r, is.Number)
			is.LinkedPullRequests = prs
			is.LinkedRepos = reposOf(prs)
			return err
		})
	}
	return g.Wait()
}

// linkedPullRequests reads the pull requests that cross-reference issue
// number, sorted by repository and number, each once.
func (p *Provider) linkedPullRequests(ctx context.Context, r repoRef, number int) ([]providers.PullRequestRef, error) {
	seen := map[providers.PullRequestRef]bool{}
	out := []providers.PullRequestRef{}
	opts := &gh.ListOptions{PerPage: perPage}
	for {
		events, resp, err := p.client.Issues.ListIssueTimeline(ctx, r.owner, r.name, number, opts)
		if err != nil {
			return nil, apiErr(err, "reading the timeline of %s#%d", r, number)
		}
		for _, ev := range events {
			src := ev.GetSource().GetIssue()
			if ev.GetEvent() != "cross-referenced" || src == nil || !src.IsPullRequest() {
				continue
			}
			name := src.GetRepository().GetFullName()
			if name == "" {
				continue
			}
			pr := providers.PullRequestRef{Repo: name, Number: src.GetNumber(), Title: src.GetTitle(), URL: src.GetHTMLURL()}
			if !seen[pr] {
				seen[pr] = true
				out = append(out, pr)
			}
		}
		if resp.NextPage == 0 {
			break
		}
		opts.Page = resp.NextPage
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].Repo != out[j].Repo {
			return out[i].Repo < out[j].Repo
		}
		return out[i].Number < out[j].Number
	})
	return out, nil
}

// reposOf are the distinct repositories of prs, sorted.
func reposOf(prs []providers.PullRequestRef) []string {
	out := []string{}
	for _, pr := range prs {
		if len(out) == 0 || out[len(out)-1] != pr.Repo {
			out = append(out, pr.Repo)
		}
	}
	return out
}

package github

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"sync"

	gh "github.com/google/go-github/v57/github"

	"github.com/relctl/relctl/providers"
)

// ReadMilestone reads a milestone by number, or by title among all
// milestones, with its issues and pull requests in every state, 100 per
// page. With LinkedPullRequests, each issue's timeline is read for the
// pull requests that reference it; the timelines of a page's issues are
// read as soon as the page arrives, while the other pages are read.
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
	if out.Issues, err = p.milestoneIssues(ctx, r, m.GetNumber(), req.LinkedPullRequests); err != nil {
		return out, err
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

// milestoneIssues lists the milestone's issues and pull requests, sorted
// by number. With linked, each issue's LinkedPullRequests and LinkedRepos
// come from its timeline (pull requests of the milestone map by their
// labels only).
func (p *Provider) milestoneIssues(ctx context.Context, r repoRef, number int, linked bool) ([]providers.Issue, error) {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	var links *timelines
	var each func([]*gh.Issue)
	if linked {
		links = newTimelines(ctx, cancel, p, r)
		each = func(page []*gh.Issue) {
			for _, is := range page {
				if !is.IsPullRequest() {
					links.start(is.GetNumber())
				}
			}
		}
	}
	list, err := listAll(ctx, func(ctx context.Context, page int) ([]*gh.Issue, *gh.Response, error) {
		return p.client.Issues.ListByRepo(ctx, r.owner, r.name, &gh.IssueListByRepoOptions{Milestone: fmt.Sprint(number),
			State: "all", Direction: "asc", Sort: "created", ListOptions: gh.ListOptions{Page: page, PerPage: perPage}})
	}, each)
	if links != nil {
		if err != nil {
			cancel()
		}
		links.wait()
		// A failed timeline stops the list; its error is the cause.
		if lerr := links.failure(); lerr != nil && (err == nil || errors.Is(err, context.Canceled)) {
			return nil, lerr
		}
	}
	if err != nil {
		return nil, apiErr(err, "listing the issues of milestone #%d of %s", number, r)
	}
	out := make([]providers.Issue, 0, len(list))
	for _, is := range list {
		out = append(out, toIssue(is))
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Number < out[j].Number })
	if links == nil {
		return out, nil
	}
	for i := range out {
		if is := &out[i]; !is.PullRequest {
			is.LinkedPullRequests = links.result(is.Number)
			is.LinkedRepos = reposOf(is.LinkedPullRequests)
		}
	}
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

// timelines reads the timelines of issues, readConcurrency at a time,
// as their numbers become known. The first failure cancels the others.
type timelines struct {
	ctx    context.Context
	cancel context.CancelFunc
	p      *Provider
	r      repoRef
	sem    chan struct{}
	wg     sync.WaitGroup

	mu   sync.Mutex
	read map[int][]providers.PullRequestRef
	err  error
}

func newTimelines(ctx context.Context, cancel context.CancelFunc, p *Provider, r repoRef) *timelines {
	return &timelines{ctx: ctx, cancel: cancel, p: p, r: r, sem: make(chan struct{}, readConcurrency),
		read: map[int][]providers.PullRequestRef{}}
}

// start reads the timeline of issue number, once, without waiting for it.
func (ts *timelines) start(number int) {
	ts.mu.Lock()
	defer ts.mu.Unlock()
	if _, ok := ts.read[number]; ok {
		return
	}
	ts.read[number] = nil
	ts.wg.Add(1)
	go func() {
		defer ts.wg.Done()
		ts.sem <- struct{}{}
		defer func() { <-ts.sem }()
		prs, err := ts.p.linkedPullRequests(ts.ctx, ts.r, number)
		ts.mu.Lock()
		defer ts.mu.Unlock()
		if err != nil {
			if ts.err == nil {
				ts.err = err
				ts.cancel()
			}
			return
		}
		ts.read[number] = prs
	}()
}

// wait returns when every timeline started has been read.
func (ts *timelines) wait() { ts.wg.Wait() }

// failure is the first error, after wait.
func (ts *timelines) failure() error {
	ts.mu.Lock()
	defer ts.mu.Unlock()
	return ts.err
}

// result is the pull requests of issue number's timeline, after wait.
func (ts *timelines) result(number int) []providers.PullRequestRef {
	ts.mu.Lock()
	defer ts.mu.Unlock()
	return ts.read[number]
}

// linkedPullRequests reads the pull requests that cross-reference issue
// number, sorted by repository and number, each once.
func (p *Provider) linkedPullRequests(ctx context.Context, r repoRef, number int) ([]providers.PullRequestRef, error) {
	events, err := listAll(ctx, func(ctx context.Context, page int) ([]*gh.Timeline, *gh.Response, error) {
		return p.client.Issues.ListIssueTimeline(ctx, r.owner, r.name, number, &gh.ListOptions{Page: page, PerPage: perPage})
	}, nil)
	if err != nil {
		return nil, apiErr(err, "reading the timeline of %s#%d", r, number)
	}
	seen := map[providers.PullRequestRef]bool{}
	out := []providers.PullRequestRef{}
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

package githubtest_test

import (
	"fmt"
	"net/http"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-github/v57/github"
	"github.com/relctl/relctl/providers/github/githubtest"
)

func TestMilestoneIssues(t *testing.T) {
	t.Parallel()
	srv, _, gh := setup(t)
	srv.AddRepo("acme/api", "master")
	ms := srv.AddMilestone("acme/app", "3.4.7", "open")
	srv.AddMilestone("acme/app", "3.4.6", "closed")
	for i := range 120 {
		srv.AddIssue("acme/app", githubtest.IssueSpec{Title: fmt.Sprintf("issue %d", i), Milestone: ms,
			Labels: []string{"type: bug"}, State: "closed"})
	}
	prNum := srv.AddIssue("acme/app", githubtest.IssueSpec{Title: "a PR", Milestone: ms, PullRequest: true, Merged: true})
	srv.AddIssue("acme/app", githubtest.IssueSpec{Title: "elsewhere"})

	all, _, err := gh.Issues.ListMilestones(ctx, "acme", "app", &github.MilestoneListOptions{State: "all"})
	ok(t, err)
	if len(all) != 2 || all[0].GetTitle() != "3.4.7" || all[0].GetClosedIssues() != 121 {
		t.Errorf("ListMilestones: %d, first %q closed=%d", len(all), all[0].GetTitle(), all[0].GetClosedIssues())
	}

	var got []*github.Issue
	opts := &github.IssueListByRepoOptions{Milestone: fmt.Sprint(ms), State: "all", ListOptions: github.ListOptions{PerPage: 100}}
	for {
		page, resp, err := gh.Issues.ListByRepo(ctx, "acme", "app", opts)
		ok(t, err)
		got = append(got, page...)
		if resp.NextPage == 0 {
			break
		}
		opts.Page = resp.NextPage
	}
	if n := srv.Count("GET /repos/{owner}/{repo}/issues"); n != 2 {
		t.Errorf("listing 121 issues took %d requests, want 2", n)
	}
	if len(got) != 121 || !got[0].IsPullRequest() || got[0].GetNumber() != prNum {
		t.Fatalf("got %d issues, first #%d pr=%v", len(got), got[0].GetNumber(), got[0].IsPullRequest())
	}
	if l := got[1].Labels; len(l) != 1 || l[0].GetName() != "type: bug" || got[1].GetMilestone().GetNumber() != ms {
		t.Errorf("labels %v milestone %v", l, got[1].GetMilestone())
	}

	m, _, err := gh.Issues.EditMilestone(ctx, "acme", "app", ms, &github.Milestone{State: github.String("closed")})
	ok(t, err)
	if world, _ := srv.Milestone("acme/app", ms); m.GetState() != "closed" || world.State != "closed" || m.ClosedAt == nil {
		t.Errorf("EditMilestone: api %s world %s", m.GetState(), world.State)
	}
	_, _, err = gh.Issues.GetMilestone(ctx, "acme", "app", 42)
	wantStatus(t, err, http.StatusNotFound, "Not Found")
	_, _, err = gh.Issues.ListByRepo(ctx, "acme", "app", &github.IssueListByRepoOptions{Milestone: "42"})
	er := wantStatus(t, err, http.StatusUnprocessableEntity, "Validation Failed")
	if len(er.Errors) != 1 || er.Errors[0].Field != "milestone" || er.Errors[0].Code != "invalid" {
		t.Errorf("unknown milestone errors = %+v", er.Errors)
	}
}

func TestTimelineCrossReference(t *testing.T) {
	t.Parallel()
	srv, _, gh := setup(t)
	srv.AddRepo("acme/api", "master")
	issue := srv.AddIssue("acme/app", githubtest.IssueSpec{Title: "bug", Labels: []string{"bug"}})
	pr := srv.AddIssue("acme/api", githubtest.IssueSpec{Title: "fix", PullRequest: true, Merged: true})
	srv.LinkPR("acme/app", issue, "acme/api", pr)

	events, _, err := gh.Issues.ListIssueTimeline(ctx, "acme", "app", issue, nil)
	ok(t, err)
	var kinds []string
	var src *github.Issue
	for _, e := range events {
		kinds = append(kinds, e.GetEvent())
		if e.GetEvent() == "cross-referenced" {
			src = e.GetSource().GetIssue()
		}
	}
	if diff := cmp.Diff([]string{"labeled", "cross-referenced"}, kinds); diff != "" {
		t.Fatalf("timeline events (-want +got):\n%s", diff)
	}
	if src.GetNumber() != pr || !src.IsPullRequest() || src.GetRepository().GetFullName() != "acme/api" {
		t.Errorf("source = #%d pr=%v repo=%s", src.GetNumber(), src.IsPullRequest(), src.GetRepository().GetFullName())
	}
	p, _, err := gh.PullRequests.Get(ctx, "acme", "api", src.GetNumber())
	ok(t, err)
	if !p.GetMerged() {
		t.Error("linked pull request is not merged")
	}
}

func TestComments(t *testing.T) {
	t.Parallel()
	srv, _, gh := setup(t)
	n := srv.AddIssue("acme/app", githubtest.IssueSpec{Title: "release", PullRequest: true})
	srv.AddComment("acme/app", n, "someone", "first")

	c, resp, err := gh.Issues.CreateComment(ctx, "acme", "app", n, &github.IssueComment{Body: github.String("<!-- relctl --> plan")})
	ok(t, err)
	if resp.StatusCode != http.StatusCreated || c.GetUser().GetLogin() != githubtest.DefaultUser {
		t.Errorf("CreateComment: %d by %s", resp.StatusCode, c.GetUser().GetLogin())
	}
	_, _, err = gh.Issues.EditComment(ctx, "acme", "app", c.GetID(), &github.IssueComment{Body: github.String("<!-- relctl --> plan v2")})
	ok(t, err)

	tests := map[string]struct {
		body string
		ok   bool
	}{
		"at the limit": {body: strings.Repeat("é", 65536), ok: true},
		"too long":     {body: strings.Repeat("x", 65537)},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			_, _, err := gh.Issues.CreateComment(ctx, "acme", "app", n, &github.IssueComment{Body: &tc.body})
			if tc.ok {
				ok(t, err)
				return
			}
			er := wantStatus(t, err, http.StatusUnprocessableEntity, "Validation Failed")
			if len(er.Errors) != 1 || er.Errors[0].Message != "Body is too long (maximum is 65536 characters)" {
				t.Errorf("errors = %+v", er.Errors)
			}
		})
	}

	list, _, err := gh.Issues.ListComments(ctx, "acme", "app", n, nil)
	ok(t, err)
	if len(list) != 3 || list[1].GetBody() != "<!-- relctl --> plan v2" {
		t.Errorf("ListComments: %d comments", len(list))
	}
	_, err = gh.Issues.DeleteComment(ctx, "acme", "app", c.GetID())
	ok(t, err)
	var lengths []int
	for _, cm := range srv.Comments("acme/app", n) {
		lengths = append(lengths, utf8.RuneCountInString(cm.Body))
	}
	if diff := cmp.Diff([]int{len("first"), 65536}, lengths); diff != "" {
		t.Errorf("world comments (-want +got):\n%s", diff)
	}
	_, err = gh.Issues.DeleteComment(ctx, "acme", "app", c.GetID())
	wantStatus(t, err, http.StatusNotFound, "Not Found")
}

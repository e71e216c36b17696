package github

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/relctl/relctl/providers"
	"github.com/relctl/relctl/providers/github/githubtest"
)

func TestReadMilestone(t *testing.T) {
	t.Parallel()
	f := setup(t, nil)
	f.srv.AddRepo("acme/issues", "main")
	f.srv.AddRepo("acme/gateway", "main")
	f.srv.AddMilestone("acme/issues", "APIM 3.4.6", "closed")
	ms := f.srv.AddMilestone("acme/issues", "APIM 3.4.7", "open")
	labelled := f.srv.AddIssue("acme/issues", githubtest.IssueSpec{Title: "Fix NPE", Labels: []string{"project: gravitee-common", "bug"}, Milestone: ms})
	linked := f.srv.AddIssue("acme/issues", githubtest.IssueSpec{Title: "Timeout", Milestone: ms, State: "closed"})
	f.srv.AddIssue("acme/issues", githubtest.IssueSpec{Title: "Elsewhere"})
	pr := f.srv.AddIssue("acme/gateway", githubtest.IssueSpec{Title: "Fix timeout", PullRequest: true, Head: "main"})
	f.srv.LinkPR("acme/issues", linked, "acme/gateway", pr)

	for name, req := range map[string]providers.MilestoneRequest{
		"by title":  {Repo: "issues", Title: "APIM 3.4.7", LinkedPullRequests: true},
		"by number": {Repo: "acme/issues", Number: ms, LinkedPullRequests: true},
	} {
		got, err := f.p.ReadMilestone(context.Background(), req)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		for i := range got.Issues {
			got.Issues[i].URL = ""
			for j, l := range got.Issues[i].LinkedPullRequests {
				if !strings.HasSuffix(l.URL, "/acme/gateway/pull/1") {
					t.Errorf("%s: linked pull request URL %s", name, l.URL)
				}
				got.Issues[i].LinkedPullRequests[j].URL = ""
			}
		}
		want := []providers.Issue{
			{Number: labelled, Title: "Fix NPE", State: "open", Labels: []string{"project: gravitee-common", "bug"},
				LinkedRepos: []string{}, LinkedPullRequests: []providers.PullRequestRef{}},
			{Number: linked, Title: "Timeout", State: "closed", Labels: []string{}, LinkedRepos: []string{"acme/gateway"},
				LinkedPullRequests: []providers.PullRequestRef{{Repo: "acme/gateway", Number: pr, Title: "Fix timeout"}}},
		}
		if diff := cmp.Diff(want, got.Issues); diff != "" {
			t.Errorf("%s: issues (-want +got):\n%s", name, diff)
		}
		if got.Number != ms || got.Title != "APIM 3.4.7" || got.Repo != "acme/issues" {
			t.Errorf("%s: milestone = %+v", name, got)
		}
	}
	if _, err := f.p.ReadMilestone(context.Background(), providers.MilestoneRequest{Repo: "issues", Title: "APIM 9"}); err == nil {
		t.Errorf("a missing milestone read without error")
	}
}

// TestMilestoneRequestCount pins the cost of planning reads: a milestone of
// 1,000 issues costs ⌈1000/100⌉ pages of issues plus the milestone lookup.
func TestMilestoneRequestCount(t *testing.T) {
	t.Parallel()
	f := setup(t, nil)
	f.srv.AddRepo("acme/issues", "main")
	ms := f.srv.AddMilestone("acme/issues", "Big", "open")
	for i := range 1000 {
		f.srv.AddIssue("acme/issues", githubtest.IssueSpec{Title: fmt.Sprintf("Issue %d", i), Milestone: ms,
			Labels: []string{fmt.Sprintf("project: c%d", i%7)}})
	}
	got, err := f.p.ReadMilestone(context.Background(), providers.MilestoneRequest{Repo: "issues", Number: ms})
	if err != nil {
		t.Fatal(err)
	}
	if len(got.Issues) != 1000 {
		t.Fatalf("%d issues, want 1000", len(got.Issues))
	}
	if n := f.srv.Count("GET /repos/{owner}/{repo}/issues"); n != 10 {
		t.Errorf("%d pages of issues, want 10", n)
	}
	if n, want := f.srv.RequestCount(), 10+1; n != want {
		t.Errorf("%d requests, want %d (10 pages and the milestone)", n, want)
	}
	if st := f.p.Stats(); st.Requests != 11 {
		t.Errorf("transport counted %+v, want 11 requests", st)
	}
}

// TestReadMilestoneLinkedConcurrent reads a milestone of 250 issues with
// their timelines against a GitHub that takes its time: the pages after
// the first are read at once, the timelines of a page's issues start as
// the page arrives, before the last page is in, no more than eight
// requests are in flight, and the issues come back in number order with
// their own pull requests whatever order the answers came in.
func TestReadMilestoneLinkedConcurrent(t *testing.T) {
	t.Parallel()
	f := setup(t, nil)
	f.srv.AddRepo("acme/issues", "main")
	f.srv.AddRepo("acme/gateway", "main")
	ms := f.srv.AddMilestone("acme/issues", "Big", "open")
	const issues = 250
	linked := map[int]int{} // issue -> pull request
	for i := range issues {
		n := f.srv.AddIssue("acme/issues", githubtest.IssueSpec{Title: fmt.Sprintf("Issue %d", i), Milestone: ms})
		if i%3 == 0 {
			pr := f.srv.AddIssue("acme/gateway", githubtest.IssueSpec{Title: fmt.Sprintf("Fix %d", i), PullRequest: true, Head: "main"})
			f.srv.LinkPR("acme/issues", n, "acme/gateway", pr)
			linked[n] = pr
		}
	}
	f.srv.Latency(5 * time.Millisecond)
	got, err := f.p.ReadMilestone(context.Background(), providers.MilestoneRequest{Repo: "issues", Number: ms, LinkedPullRequests: true})
	if err != nil {
		t.Fatal(err)
	}
	if len(got.Issues) != issues {
		t.Fatalf("%d issues, want %d", len(got.Issues), issues)
	}
	for i, is := range got.Issues {
		if i > 0 && got.Issues[i-1].Number >= is.Number {
			t.Fatalf("issue #%d after #%d", is.Number, got.Issues[i-1].Number)
		}
		pr, ok := linked[is.Number]
		switch {
		case ok && (len(is.LinkedPullRequests) != 1 || is.LinkedPullRequests[0].Number != pr ||
			!cmp.Equal(is.LinkedRepos, []string{"acme/gateway"})):
			t.Errorf("issue #%d: linked %+v, want acme/gateway#%d", is.Number, is.LinkedPullRequests, pr)
		case !ok && (len(is.LinkedPullRequests) != 0 || is.LinkedPullRequests == nil || len(is.LinkedRepos) != 0):
			t.Errorf("issue #%d: linked %+v, want none", is.Number, is.LinkedPullRequests)
		}
	}
	if n, want := f.srv.RequestCount(), 1+3+issues; n != want {
		t.Errorf("%d requests, want %d (the milestone, 3 pages, a timeline per issue)", n, want)
	}
	var lastPage, firstTimeline time.Time
	for _, r := range f.srv.Requests() {
		switch r.Route {
		case "GET /repos/{owner}/{repo}/issues":
			if r.Answered.After(lastPage) {
				lastPage = r.Answered
			}
		case "GET /repos/{owner}/{repo}/issues/{number}/timeline":
			if firstTimeline.IsZero() || r.Received.Before(firstTimeline) {
				firstTimeline = r.Received
			}
		}
	}
	if !firstTimeline.Before(lastPage) {
		t.Errorf("the first timeline was read at %s, after the last page of issues (%s)", firstTimeline, lastPage)
	}
	if st := f.p.Stats(); st.MaxInFlight < 2 || st.MaxInFlight > 8 {
		t.Errorf("%d requests in flight at most, want 2 to 8", st.MaxInFlight)
	}
}

// TestReadMilestoneTimelineFails: a timeline that cannot be read fails
// the read with its error, and stops the other reads.
func TestReadMilestoneTimelineFails(t *testing.T) {
	t.Parallel()
	f := setup(t, nil)
	f.srv.AddRepo("acme/issues", "main")
	ms := f.srv.AddMilestone("acme/issues", "Big", "open")
	for i := range 150 {
		f.srv.AddIssue("acme/issues", githubtest.IssueSpec{Title: fmt.Sprintf("Issue %d", i), Milestone: ms})
	}
	f.srv.FailNth(3, http.StatusNotFound) // after the milestone and the first page
	_, err := f.p.ReadMilestone(context.Background(), providers.MilestoneRequest{Repo: "issues", Number: ms, LinkedPullRequests: true})
	if err == nil || !strings.Contains(err.Error(), "GitHub answered 404") {
		t.Fatalf("error = %v, want GitHub's 404", err)
	}
	if n := f.srv.RequestCount(); n >= 1+2+150 {
		t.Errorf("%d requests: every timeline was read after one failed", n)
	}
}

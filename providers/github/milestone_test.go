package github

import (
	"context"
	"fmt"
	"strings"
	"testing"

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

package githubtest_test

import (
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-github/v57/github"
	"github.com/relctl/relctl/providers/github/githubtest"
)

func TestPaginationLinks(t *testing.T) {
	t.Parallel()
	srv, repo, gh := setup(t)
	for i := range 25 {
		repo.Tag(fmt.Sprintf("v%02d", i), srv.Ref("acme/app", "heads/main"))
	}
	tests := map[string]struct {
		page, perPage    int
		next, prev, last int
		first, count     int
		links            string
	}{
		"first page": {page: 1, perPage: 10, next: 2, last: 3, count: 10,
			links: `<U?page=2&per_page=10>; rel="next", <U?page=3&per_page=10>; rel="last"`},
		"middle page": {page: 2, perPage: 10, next: 3, prev: 1, last: 3, count: 10,
			links: `<U?page=1&per_page=10>; rel="prev", <U?page=3&per_page=10>; rel="next", <U?page=3&per_page=10>; rel="last", <U?page=1&per_page=10>; rel="first"`},
		"last page": {page: 3, perPage: 10, prev: 2, count: 5,
			links: `<U?page=2&per_page=10>; rel="prev", <U?page=1&per_page=10>; rel="first"`},
		"one page": {page: 1, perPage: 100, count: 25},
		"clamped":  {page: 1, perPage: 500, count: 25},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			tags, resp, err := gh.Repositories.ListTags(ctx, "acme", "app", &github.ListOptions{Page: tc.page, PerPage: tc.perPage})
			ok(t, err)
			got := []int{len(tags), resp.NextPage, resp.PrevPage, resp.LastPage}
			if diff := cmp.Diff([]int{tc.count, tc.next, tc.prev, tc.last}, got); diff != "" {
				t.Errorf("count/next/prev/last (-want +got):\n%s", diff)
			}
			want := strings.ReplaceAll(tc.links, "U", srv.URL()+"repos/acme/app/tags")
			if diff := cmp.Diff(want, resp.Header.Get("Link")); diff != "" {
				t.Errorf("Link (-want +got):\n%s", diff)
			}
		})
	}
}

func TestETagNotModified(t *testing.T) {
	t.Parallel()
	srv, _, _ := setup(t)
	url := srv.URL() + "repos/acme/app"
	first := raw(t, http.MethodGet, url, nil)
	etag := first.Header.Get("ETag")
	remaining := first.Header.Get("X-RateLimit-Remaining")
	if !strings.HasPrefix(etag, `W/"`) {
		t.Fatalf("ETag = %q", etag)
	}
	second := raw(t, http.MethodGet, url, http.Header{"If-None-Match": {etag}})
	body, _ := io.ReadAll(second.Body)
	got := []any{second.StatusCode, len(body), second.Header.Get("X-RateLimit-Remaining")}
	if diff := cmp.Diff([]any{http.StatusNotModified, 0, remaining}, got); diff != "" {
		t.Errorf("conditional GET (-want +got):\n%s", diff)
	}
	gh := client(t, srv)
	req, err := gh.NewRequest(http.MethodGet, "repos/acme/app", nil)
	ok(t, err)
	req.Header.Set("If-None-Match", etag)
	_, err = gh.Do(ctx, req, nil)
	apiErr := apiError(t, err)
	if apiErr.Response.StatusCode != http.StatusNotModified {
		t.Errorf("go-github on 304: %v", err)
	}
	stale := raw(t, http.MethodGet, url, http.Header{"If-None-Match": {`W/"stale"`}})
	if stale.StatusCode != http.StatusOK {
		t.Errorf("stale ETag answered %d", stale.StatusCode)
	}
}

func TestRateLimit(t *testing.T) {
	t.Parallel()
	srv, _, gh := setup(t)
	reset := time.Now().Add(30 * time.Minute).Truncate(time.Second)
	srv.SetRateLimit(100, 2, reset)

	_, resp, err := gh.Repositories.Get(ctx, "acme", "app")
	ok(t, err)
	h := resp.Header
	got := []string{h.Get("X-RateLimit-Limit"), h.Get("X-RateLimit-Remaining"), h.Get("X-RateLimit-Used"),
		h.Get("X-RateLimit-Resource"), h.Get("X-RateLimit-Reset")}
	if diff := cmp.Diff([]string{"100", "1", "99", "core", fmt.Sprint(reset.Unix())}, got); diff != "" {
		t.Errorf("headers (-want +got):\n%s", diff)
	}
	limits, _, err := gh.RateLimit.Get(ctx)
	ok(t, err)
	if limits.GetCore().Remaining != 1 {
		t.Errorf("GET /rate_limit core remaining = %d", limits.GetCore().Remaining)
	}
	_, _, err = gh.Repositories.Get(ctx, "acme", "app")
	ok(t, err)

	// gh has seen Remaining: 0 with a future reset: go-github refuses by itself.
	sent := srv.RequestCount()
	_, _, err = gh.Repositories.Get(ctx, "acme", "app")
	if !errors.As(err, new(*github.RateLimitError)) || srv.RequestCount() != sent {
		t.Errorf("known-exhausted client: err %v, %d requests sent", err, srv.RequestCount()-sent)
	}

	// The budget is spent: the server refuses (a fresh client, which does not
	// yet know, so the request is sent).
	_, _, err = client(t, srv).Repositories.Get(ctx, "acme", "app")
	var rle *github.RateLimitError
	if !errors.As(err, &rle) || rle.Response.StatusCode != http.StatusForbidden || rle.Rate.Remaining != 0 ||
		!rle.Rate.Reset.Time.Equal(reset) || !strings.HasPrefix(rle.Message, "API rate limit exceeded") {
		t.Fatalf("err = %v (%T)", err, err)
	}
	srv.SetRateLimit(100, 0, time.Now().Add(-time.Second))
	_, _, err = client(t, srv).Repositories.Get(ctx, "acme", "app")
	ok(t, err)
	if srv.RateRemaining() != 99 {
		t.Errorf("budget after reset = %d, want 99", srv.RateRemaining())
	}
}

func TestSecondaryRateLimit(t *testing.T) {
	t.Parallel()
	tests := map[string]struct {
		retryAfter time.Duration
		want       time.Duration
	}{
		"with Retry-After":    {retryAfter: 7 * time.Second, want: 7 * time.Second},
		"without Retry-After": {retryAfter: 0},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			srv, _, gh := setup(t)
			srv.SecondaryRateLimit(1, tc.retryAfter)
			_, resp, err := gh.Repositories.Get(ctx, "acme", "app")
			var abuse *github.AbuseRateLimitError
			if !errors.As(err, &abuse) || abuse.RetryAfter == nil {
				t.Fatalf("err = %v (%T)", err, err)
			}
			if tc.want != 0 && *abuse.RetryAfter != tc.want {
				t.Errorf("RetryAfter = %v, want %v", *abuse.RetryAfter, tc.want)
			}
			if tc.want == 0 && resp.Header.Get("Retry-After") != "" {
				t.Errorf("Retry-After header present: %q", resp.Header.Get("Retry-After"))
			}
		})
	}
}

func TestFaultInjection(t *testing.T) {
	t.Parallel()
	srv, _, gh := setup(t)
	srv.FailNth(2, http.StatusBadGateway)
	srv.FailBurst(4, 2, http.StatusServiceUnavailable)
	var statuses []int
	for range 6 {
		_, resp, _ := gh.Repositories.Get(ctx, "acme", "app")
		statuses = append(statuses, resp.StatusCode)
	}
	srv.FailNext(1, http.StatusInternalServerError)
	_, _, err := gh.Issues.CreateComment(ctx, "acme", "app", 1, &github.IssueComment{Body: github.String("x")})
	wantStatus(t, err, http.StatusInternalServerError, "Server Error")
	if diff := cmp.Diff([]int{200, 502, 200, 503, 503, 200}, statuses); diff != "" {
		t.Errorf("statuses (-want +got):\n%s", diff)
	}
	var logged []int
	for _, r := range srv.Requests() {
		logged = append(logged, r.Status)
	}
	if diff := cmp.Diff([]int{200, 502, 200, 503, 503, 200, 500}, logged); diff != "" {
		t.Errorf("request log (-want +got):\n%s", diff)
	}
	if srv.Mutations() != 0 {
		t.Errorf("a failed request changed the world")
	}
}

func TestAuthentication(t *testing.T) {
	t.Parallel()
	srv, _, _ := setup(t)
	tests := map[string]struct {
		header string
		status int
		msg    string
	}{
		"bearer":  {header: "Bearer " + token, status: http.StatusOK},
		"token":   {header: "token " + token, status: http.StatusOK},
		"missing": {status: http.StatusUnauthorized, msg: "Requires authentication"},
		"wrong":   {header: "Bearer nope", status: http.StatusUnauthorized, msg: "Bad credentials"},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			gh := github.NewClient(nil)
			gh, _ = gh.WithEnterpriseURLs(srv.URL(), srv.URL())
			req, err := gh.NewRequest("GET", "repos/acme/app", nil)
			ok(t, err)
			req.Header.Set("Authorization", tc.header)
			resp, err := gh.Do(ctx, req, nil)
			if tc.status == http.StatusOK {
				ok(t, err)
				return
			}
			wantStatus(t, err, tc.status, tc.msg)
			_ = resp
		})
	}
	for _, r := range srv.Requests() {
		if r.Header.Get("Authorization") != "" {
			t.Errorf("request log keeps Authorization")
		}
	}
}

// TestUnexpectedRequests checks that requests the fake does not know, or
// that leak the token into the URL, fail the test that made them.
func TestUnexpectedRequests(t *testing.T) {
	t.Parallel()
	rec := &recordingTB{TB: t}
	srv := githubtest.New(rec, githubtest.WithToken(token))
	srv.AddRepo("acme/app", "main")
	tests := map[string]string{
		"outside the base path": srv.Origin() + "/repos/acme/app",
		"unknown endpoint":      srv.URL() + "repos/acme/app/hooks",
		"token in the URL":      srv.URL() + "repos/acme/app?access_token=" + token,
	}
	for name, url := range tests {
		t.Run(name, func(t *testing.T) {
			before := len(rec.errors())
			raw(t, http.MethodGet, url, nil)
			if len(rec.errors()) != before+1 {
				t.Errorf("%s did not fail the test", url)
			}
		})
	}
	if leaks := srv.TokenLeaks(); len(leaks) != 1 {
		t.Errorf("TokenLeaks = %v", leaks)
	}
	wrongMethod := raw(t, http.MethodPut, srv.URL()+"repos/acme/app", nil)
	if wrongMethod.StatusCode != http.StatusNotFound || len(rec.errors()) != 4 {
		t.Errorf("PUT on a GET-only path: %d, %d errors", wrongMethod.StatusCode, len(rec.errors()))
	}
}

// TestConcurrentClients exercises the server from many goroutines (run with
// -race) with latency, so requests overlap.
func TestConcurrentClients(t *testing.T) {
	t.Parallel()
	srv, repo, gh := setup(t)
	srv.Latency(5 * time.Millisecond)
	n := srv.AddIssue("acme/app", githubtest.IssueSpec{Title: "release"})
	var wg sync.WaitGroup
	for i := range 16 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			_, _, err := gh.Issues.CreateComment(ctx, "acme", "app", n, &github.IssueComment{Body: github.String(fmt.Sprint(i))})
			if err != nil {
				t.Error(err)
			}
			_, _, _ = gh.Git.GetRef(ctx, "acme", "app", "heads/main")
			repo.Commit(fmt.Sprintf("b%d", i), "c", map[string]string{"f": fmt.Sprint(i)})
		}()
	}
	wg.Wait()
	if got := len(srv.Comments("acme/app", n)); got != 16 {
		t.Errorf("%d comments, want 16", got)
	}
	if got := srv.Count("POST /repos/{owner}/{repo}/issues/{number}/comments"); got != 16 {
		t.Errorf("Count = %d", got)
	}
}

package github

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	gh "github.com/google/go-github/v57/github"

	"github.com/relctl/relctl/providers"
	"github.com/relctl/relctl/providers/github/githubtest"
)

// pagedList is a list of n pages of one item each (the page number) that
// answers later pages sooner, so that the pages complete in reverse.
type pagedList struct {
	pages     int
	noLast    bool
	grown     int // pages that appear once the listed last page is read
	fail      int // the page that fails, 0 for none
	mu        sync.Mutex
	asked     []int
	inFlight  int
	most      int
	cancelled int
}

func (l *pagedList) list(ctx context.Context, page int) ([]int, *gh.Response, error) {
	if page == 0 {
		page = 1
	}
	l.mu.Lock()
	l.asked = append(l.asked, page)
	l.inFlight++
	l.most = max(l.most, l.inFlight)
	l.mu.Unlock()
	defer func() { l.mu.Lock(); l.inFlight--; l.mu.Unlock() }()
	if page == l.fail {
		return nil, nil, fmt.Errorf("page %d failed", page)
	}
	if page > 1 {
		select {
		case <-time.After(time.Duration(l.pages-page) * 3 * time.Millisecond):
		case <-ctx.Done():
			l.mu.Lock()
			l.cancelled++
			l.mu.Unlock()
			return nil, nil, ctx.Err()
		}
	}
	resp := &gh.Response{}
	total := l.pages
	if page >= l.pages {
		total += l.grown
	}
	if page < total {
		resp.NextPage = page + 1
		if !l.noLast {
			resp.LastPage = l.pages
		}
	}
	return []int{page}, resp, nil
}

func TestListAll(t *testing.T) {
	t.Parallel()
	upTo := func(n int) []int {
		var out []int
		for i := 1; i <= n; i++ {
			out = append(out, i)
		}
		return out
	}
	for name, tc := range map[string]struct {
		list       *pagedList
		want       []int
		concurrent bool
	}{
		"one page":              {list: &pagedList{pages: 1}, want: upTo(1)},
		"pages in reverse":      {list: &pagedList{pages: 20}, want: upTo(20), concurrent: true},
		"no last page":          {list: &pagedList{pages: 5, noLast: true}, want: upTo(5)},
		"grew while being read": {list: &pagedList{pages: 4, grown: 2}, want: upTo(6), concurrent: true},
	} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			var mu sync.Mutex
			var seen []int
			got, err := listAll(context.Background(), tc.list.list, func(items []int) {
				mu.Lock()
				seen = append(seen, items...)
				mu.Unlock()
			})
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tc.want, got); diff != "" {
				t.Errorf("items (-want +got):\n%s", diff)
			}
			slices.Sort(seen)
			if diff := cmp.Diff(tc.want, seen); diff != "" {
				t.Errorf("pages given to each (-want +got):\n%s", diff)
			}
			asked := slices.Sorted(slices.Values(tc.list.asked))
			if diff := cmp.Diff(tc.want, asked); diff != "" {
				t.Errorf("pages asked for, each once (-want +got):\n%s", diff)
			}
			if tc.concurrent != (tc.list.most > 1) || tc.list.most > readConcurrency {
				t.Errorf("%d pages read at once, want concurrency %v and at most %d", tc.list.most, tc.concurrent, readConcurrency)
			}
		})
	}
	t.Run("a failed page stops the list", func(t *testing.T) {
		t.Parallel()
		l := &pagedList{pages: 30, fail: 3}
		_, err := listAll(context.Background(), l.list, nil)
		if err == nil || err.Error() != "page 3 failed" {
			t.Fatalf("error = %v, want page 3's", err)
		}
		if l.cancelled == 0 {
			t.Errorf("the pages in flight went on after the failure")
		}
	})
}

// TestReadRepositoryConcurrent reads a repository of several pages of
// branches and tags against a GitHub that takes its time: the repository,
// the branches and the tags are read at once, and so are the pages after
// the first, for as many requests as one after another.
func TestReadRepositoryConcurrent(t *testing.T) {
	t.Parallel()
	f := setup(t, nil)
	repo := f.srv.AddRepo("acme/api", "main")
	sha := repo.Commit("main", "Initial", map[string]string{"VERSION": "1\n"})
	want := providers.RepositoryRefs{DefaultBranch: "main", Branches: map[string]string{"main": sha}, Tags: map[string]string{}}
	for i := range 250 {
		repo.Branch(fmt.Sprintf("b%03d", i), sha)
		want.Branches[fmt.Sprintf("b%03d", i)] = sha
	}
	for i := range 330 {
		repo.Tag(fmt.Sprintf("v1.%d.0", i), sha)
		want.Tags[fmt.Sprintf("v1.%d.0", i)] = sha
	}
	f.srv.Latency(100 * time.Millisecond)
	got, err := f.p.ReadRepository(context.Background(), providers.Repository{Repo: "api"})
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("refs (-want +got):\n%s", diff)
	}
	// The repository, 3 pages of branches and 4 of tags.
	log := f.srv.Requests()
	if len(log) != 1+3+4 {
		t.Errorf("%d requests, want 8", len(log))
	}
	// Two round trips: the repository and the first pages at once, then
	// the other five pages at once; one after another, one at a time.
	if n := mostAtOnce(log); n < 5 {
		t.Errorf("at most %d requests in flight at once, want the 5 later pages together", n)
	}
	if st := f.p.Stats(); st.MaxInFlight > 8 {
		t.Errorf("%d requests in flight at most, want 8 at most", st.MaxInFlight)
	}
}

// mostAtOnce is the largest number of requests of the log that the server
// held at the same time, from their arrival to their answer.
func mostAtOnce(log []githubtest.Request) int {
	most := 0
	for _, r := range log {
		n := 0
		for _, o := range log {
			if !o.Received.After(r.Received) && o.Answered.After(r.Received) {
				n++
			}
		}
		most = max(most, n)
	}
	return most
}

// TestReadRefsWithoutDefaultBranch: a read that does not need the
// default branch does not ask for the repository.
func TestReadRefsWithoutDefaultBranch(t *testing.T) {
	t.Parallel()
	f := setup(t, nil)
	repo := f.srv.AddRepo("acme/api", "main")
	sha := repo.Commit("main", "Initial", map[string]string{"VERSION": "1\n"})
	repo.Tag("v1.0.0", sha)
	got, err := f.p.ReadRefs(context.Background(), providers.Repository{Repo: "api"}, false)
	if err != nil {
		t.Fatal(err)
	}
	want := providers.RepositoryRefs{Branches: map[string]string{"main": sha}, Tags: map[string]string{"v1.0.0": sha}}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("refs (-want +got):\n%s", diff)
	}
	if n := f.srv.Count("GET /repos/{owner}/{repo}"); n != 0 || f.srv.RequestCount() != 2 {
		t.Errorf("%d requests, %d for the repository: want the branches and the tags only", f.srv.RequestCount(), n)
	}
	if _, err := f.p.ReadRefs(context.Background(), providers.Repository{Repo: "missing"}, false); err == nil ||
		!strings.Contains(err.Error(), "listing branches of acme/missing") {
		t.Errorf("reading a missing repository: %v", err)
	}
}

package ghhttp

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// etagServer serves one repository with an ETag that changes when the
// repository's description does, answering If-None-Match with 304.
type etagServer struct {
	*httptest.Server
	mu          sync.Mutex
	description string
	conditional []string // If-None-Match of every request, "" for none
	statuses    []int
}

func newETagServer(t *testing.T) *etagServer {
	t.Helper()
	s := &etagServer{description: "first"}
	s.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != apiPath+"repos/o/r" {
			t.Errorf("unexpected request %s %s", r.Method, r.URL.Path)
			http.NotFound(w, r)
			return
		}
		s.mu.Lock()
		defer s.mu.Unlock()
		etag := fmt.Sprintf("%q", "v-"+s.description+"-"+r.Header.Get("Accept"))
		s.conditional = append(s.conditional, r.Header.Get("If-None-Match"))
		w.Header().Set("ETag", etag)
		w.Header().Set("X-RateLimit-Remaining", "4999")
		if r.Header.Get("If-None-Match") == etag {
			s.statuses = append(s.statuses, 304)
			w.WriteHeader(http.StatusNotModified)
			return
		}
		s.statuses = append(s.statuses, 200)
		w.Header().Set("Content-Type", "application/json")
		fmt.Fprintf(w, `{"name":"r","full_name":"o/r","description":%q}`, s.description)
	}))
	t.Cleanup(s.Close)
	return s
}

func TestConditionalReadsCostNotModified(t *testing.T) {
	t.Parallel()
	srv := newETagServer(t)
	client, tr, err := NewClient(testOptions(NewVirtualClock(t0), srv.URL+apiPath))
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	var descriptions []string
	var statuses []int
	read := func() {
		repo, resp, err := client.Repositories.Get(ctx, "o", "r")
		if err != nil {
			t.Fatalf("Repositories.Get: %v", err)
		}
		descriptions = append(descriptions, repo.GetDescription())
		statuses = append(statuses, resp.StatusCode)
	}
	read()
	read()
	srv.mu.Lock()
	srv.description = "second"
	srv.mu.Unlock()
	read()
	read()

	if diff := cmp.Diff([]string{"first", "first", "second", "second"}, descriptions); diff != "" {
		t.Errorf("descriptions seen by go-github (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff([]int{200, 200, 200, 200}, statuses); diff != "" {
		t.Errorf("statuses seen by go-github (-want +got):\n%s", diff)
	}
	srv.mu.Lock()
	defer srv.mu.Unlock()
	if diff := cmp.Diff([]int{200, 304, 200, 304}, srv.statuses); diff != "" {
		t.Errorf("statuses sent by the server (-want +got):\n%s", diff)
	}
	var revalidated []string // the version each request revalidated, "" for none
	for _, inm := range srv.conditional {
		version, _, _ := strings.Cut(strings.TrimPrefix(inm, `"v-`), "-")
		revalidated = append(revalidated, version)
	}
	if diff := cmp.Diff([]string{"", "first", "first", "second"}, revalidated); diff != "" {
		t.Errorf("If-None-Match sent (-want +got):\n%s", diff)
	}
	if s := tr.Stats(); s.Requests != 4 || s.NotModified != 2 {
		t.Errorf("stats: %d requests, %d not modified; want 4, 2", s.Requests, s.NotModified)
	}
}

func TestConditionalReadsAreKeyedByAcceptAndIdentity(t *testing.T) {
	t.Parallel()
	srv := newETagServer(t)
	get := func(tr http.RoundTripper, accept string) {
		req := mustRequest(t, context.Background(), "GET", srv.URL+apiPath+"repos/o/r")
		req.Header.Set("Accept", accept)
		resp, err := tr.RoundTrip(req)
		if err != nil {
			t.Fatal(err)
		}
		drain(resp)
	}
	alice := newTransport(t, Options{BaseURL: srv.URL + apiPath, Token: "alice"})
	bob := newTransport(t, Options{BaseURL: srv.URL + apiPath, Token: "bob"})
	get(alice, "application/vnd.github+json")
	get(alice, "application/vnd.github.raw")
	get(alice, "application/vnd.github+json")
	get(bob, "application/vnd.github+json")
	srv.mu.Lock()
	defer srv.mu.Unlock()
	if diff := cmp.Diff([]int{200, 200, 304, 200}, srv.statuses); diff != "" {
		t.Errorf("statuses (-want +got):\n%s", diff)
	}
}

func TestCallerConditionalRequestsPassThrough(t *testing.T) {
	t.Parallel()
	srv := newETagServer(t)
	tr := newTransport(t, Options{BaseURL: srv.URL + apiPath})
	req := mustRequest(t, context.Background(), "GET", srv.URL+apiPath+"repos/o/r")
	req.Header.Set("Accept", "x")
	req.Header.Set("If-None-Match", `"v-first-x"`)
	resp, err := tr.RoundTrip(req)
	if err != nil {
		t.Fatal(err)
	}
	drain(resp)
	if resp.StatusCode != http.StatusNotModified {
		t.Errorf("status = %d, want the caller's own 304", resp.StatusCode)
	}
	if s := tr.Stats(); s.NotModified != 0 {
		t.Errorf("counted %d cache revalidations for a caller's conditional request", s.NotModified)
	}
}

func TestETagCacheIsBounded(t *testing.T) {
	t.Parallel()
	c := newETagCache()
	for i := range cacheMaxEntries + 10 {
		c.put(fmt.Sprint(i), &cacheEntry{etag: fmt.Sprint(i)})
	}
	if c.get("0") != nil || c.get(fmt.Sprint(cacheMaxEntries+9)) == nil {
		t.Error("least recently used entries should go first")
	}
	if n := c.order.Len(); n != cacheMaxEntries {
		t.Errorf("cache holds %d entries, want %d", n, cacheMaxEntries)
	}
}

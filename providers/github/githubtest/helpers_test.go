package githubtest_test

import (
	"context"
	"errors"
	"net/http"
	"sync"
	"testing"

	"github.com/google/go-github/v57/github"
	"github.com/relctl/relctl/providers/github/githubtest"
)

const token = "canary-token-5f1e"

// setup starts a fake with one repository and a go-github client for it.
func setup(t *testing.T, opts ...githubtest.Option) (*githubtest.Server, *githubtest.Repo, *github.Client) {
	t.Helper()
	srv := githubtest.New(t, append([]githubtest.Option{githubtest.WithToken(token)}, opts...)...)
	repo := srv.AddRepo("acme/app", "main")
	return srv, repo, client(t, srv)
}

func client(t *testing.T, srv *githubtest.Server) *github.Client {
	t.Helper()
	c, err := github.NewClient(nil).WithAuthToken(token).WithEnterpriseURLs(srv.URL(), srv.URL())
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// apiError asserts err is a *github.ErrorResponse and returns it.
func apiError(t *testing.T, err error) *github.ErrorResponse {
	t.Helper()
	var er *github.ErrorResponse
	if !errors.As(err, &er) {
		t.Fatalf("error %v (%T) is not a *github.ErrorResponse", err, err)
	}
	return er
}

// wantStatus asserts an API error with status and message.
func wantStatus(t *testing.T, err error, status int, message string) *github.ErrorResponse {
	t.Helper()
	er := apiError(t, err)
	if er.Response.StatusCode != status || er.Message != message {
		t.Fatalf("got %d %q, want %d %q", er.Response.StatusCode, er.Message, status, message)
	}
	return er
}

func ok(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

var ctx = context.Background()

// recordingTB captures Errorf so a test can assert the fake failed "its" test.
type recordingTB struct {
	testing.TB
	mu   sync.Mutex
	errs []string
}

func (r *recordingTB) Helper() {}

func (r *recordingTB) Errorf(format string, args ...any) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.errs = append(r.errs, format)
}

func (r *recordingTB) errors() []string {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]string(nil), r.errs...)
}

// raw sends a request with the test token and returns the response.
func raw(t *testing.T, method, url string, header http.Header) *http.Response {
	t.Helper()
	req, err := http.NewRequest(method, url, nil)
	ok(t, err)
	req.Header.Set("Authorization", "Bearer "+token)
	for k, v := range header {
		req.Header[k] = v
	}
	resp, err := http.DefaultClient.Do(req)
	ok(t, err)
	t.Cleanup(func() { resp.Body.Close() })
	return resp
}

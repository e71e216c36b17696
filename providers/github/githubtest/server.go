package githubtest

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"
)

// DefaultBasePath is where the API is mounted. It is GitHub Enterprise Server's path, so that a go-github client
// made with WithEnterpriseURLs(srv.URL(), srv.URL()) talks to the fake as is.
const DefaultBasePath = "/api/v3/"

// DefaultUser is the login of the authenticated user: the author of the pull
// requests, comments, releases and workflow runs created through the API.
const DefaultUser = "relctl-bot"

// Option configures a Server.
type Option func(*Server)

// WithToken makes the server require "Authorization: Bearer <token>" (or
// "token <token>") on every request; others get 401 like GitHub. It also
// arms the check that the token never appears in a request URL.
func WithToken(token string) Option { return func(s *Server) { s.token = token } }

// WithUser sets the login of the authenticated user (default DefaultUser).
func WithUser(login string) Option { return func(s *Server) { s.user = login } }

// WithClock sets the clock used for API timestamps (created_at, merged_at,
// run times) and rate-limit resets. Git objects never use it: their dates come
// from a logical clock so that commit SHAs are the same on every run.
func WithClock(now func() time.Time) Option { return func(s *Server) { s.clock = now } }

// Server is a stateful fake of GitHub's REST API. All methods are safe for
// concurrent use.
type Server struct {
	t     testing.TB
	ts    *httptest.Server
	mux   *http.ServeMux
	base  string
	token string
	user  string
	clock func() time.Time

	mu      sync.Mutex
	routes  map[string]route // by ServeMux pattern
	repos   map[string]*repo // by "owner/name"
	nextID  int64
	gitTick int
	seq     int
	log     []Request
	faults  faults
	rate    rateLimit
	leaks   []string
	runs    runConfig
}

// New starts a fake GitHub server for the test. It is closed by t.Cleanup.
// Any request the fake does not know fails the test through t.Errorf.
func New(t testing.TB, opts ...Option) *Server {
	t.Helper()
	s := &Server{
		t:      t,
		base:   DefaultBasePath,
		user:   DefaultUser,
		clock:  time.Now,
		repos:  map[string]*repo{},
		routes: map[string]route{},
		nextID: 1000,
		runs:   runConfig{polls: 1, conclusion: map[string]string{}},
	}
	for _, o := range opts {
		o(s)
	}
	if s.base == "/" {
		t.Fatalf("githubtest: the base path must not be the root")
	}
	s.rate = newRateLimit(s.now())
	s.mux = http.NewServeMux()
	s.register()
	s.ts = httptest.NewServer(http.HandlerFunc(s.serve))
	t.Cleanup(s.ts.Close)
	return s
}

// URL is the API base URL with a trailing slash, e.g.
// "http://127.0.0.1:PORT/api/v3/". Give it to go-github as BaseURL.
func (s *Server) URL() string { return s.ts.URL + s.base }

// Origin is the server's scheme and host without the base path; a request
// built on it instead of URL() is outside the API and fails the test.
func (s *Server) Origin() string { return s.ts.URL }

// Close shuts the server down early; t.Cleanup does it otherwise.
func (s *Server) Close() { s.ts.Close() }

func (s *Server) now() time.Time { return s.clock().UTC().Truncate(time.Second) }

// newID hands out ids for issues, comments, releases, runs... Caller holds mu.
func (s *Server) newID() int64 {
	s.nextID++
	return s.nextID
}

// apiURL is the absolute API URL of a path relative to the base.
func (s *Server) apiURL(rel string) string { return s.ts.URL + s.base + rel }

// htmlURL is the web URL of a path such as "owner/repo/pull/1".
func (s *Server) htmlURL(rel string) string { return s.ts.URL + "/" + rel }

// lookupRepo finds a repository for a test helper, failing the test when it
// is unknown. Caller holds mu.
func (s *Server) lookupRepo(fullName string) *repo {
	s.t.Helper()
	r, ok := s.repos[strings.ToLower(fullName)]
	if !ok {
		s.t.Fatalf("githubtest: unknown repository %q (add it with AddRepo)", fullName)
	}
	return r
}

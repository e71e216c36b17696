package circlecitest

import (
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"
)

// BasePath is where the API is mounted.
const BasePath = "/api/v2/"

// Project is a CircleCI project of the fake.
type Project struct {
	// Slug is vcs/org/repo ("gh/acme/api").
	Slug string
	// Branches and Tags that exist; a trigger naming another is refused.
	// Nil Branches accepts any branch.
	Branches, Tags []string
	// Parameters are the names of the declared pipeline parameters.
	Parameters []string
	// Workflows are what every pipeline of the project runs.
	Workflows []Workflow
	// WorkflowsAfter is how many listings show no workflow yet.
	WorkflowsAfter int
	// ConfigError makes every pipeline error with this message.
	ConfigError string
}

// Workflow scripts one workflow: Statuses[i] is its status at the i-th
// listing after it appeared; the last one stays.
type Workflow struct {
	Name     string
	Statuses []string
}

// Pipeline is a triggered pipeline as the fake recorded it.
type Pipeline struct {
	ID, Project, Branch, Tag string
	Number                   int
	Parameters               map[string]string
	// Listings counts the first-page listings of its workflows.
	Listings int
}

// Request is a request the fake received (never its token).
type Request struct {
	Method, Path, Query, Body string
}

// Server is the fake CircleCI API.
type Server struct {
	// URL is the API's base URL, ending in /api/v2/.
	URL string
	// PageSize is the number of workflows per page (default 20).
	PageSize int

	t     testing.TB
	srv   *httptest.Server
	token string

	mu        sync.Mutex
	projects  map[string]*Project
	pipelines []*Pipeline
	numbers   map[string]int
	faults    []*Fault
	requests  []Request
}

// New starts a fake accepting token; it is closed when the test ends.
func New(t testing.TB, token string) *Server {
	s := &Server{t: t, token: token, PageSize: 20, projects: map[string]*Project{}, numbers: map[string]int{}}
	s.srv = httptest.NewServer(http.HandlerFunc(s.serve))
	t.Cleanup(s.srv.Close)
	s.URL = s.srv.URL + BasePath
	return s
}

// Client returns an HTTP client for the fake.
func (s *Server) Client() *http.Client { return s.srv.Client() }

// AddProject adds or replaces a project.
func (s *Server) AddProject(p Project) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.projects[p.Slug] = &p
}

// Pipelines returns copies of the pipelines triggered on the project, in
// order.
func (s *Server) Pipelines(slug string) []Pipeline {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []Pipeline
	for _, p := range s.pipelines {
		if p.Project == slug {
			out = append(out, *p)
		}
	}
	return out
}

// Requests returns the requests received so far.
func (s *Server) Requests() []Request {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Request(nil), s.requests...)
}

func (s *Server) serve(w http.ResponseWriter, r *http.Request) {
	body := readBody(r)
	path, ok := strings.CutPrefix(r.URL.Path, BasePath)
	s.mu.Lock()
	s.requests = append(s.requests, Request{Method: r.Method, Path: r.URL.Path, Query: r.URL.RawQuery, Body: body})
	f := s.fault(r.Method, path)
	s.mu.Unlock()
	if f != nil && !f.Process {
		f.answer(w)
		return
	}
	if r.Header.Get("Circle-Token") != s.token || s.token == "" {
		writeJSON(w, http.StatusUnauthorized, message("You must log in first."))
		return
	}
	rec := httptest.NewRecorder()
	if !ok || !s.route(rec, r.Method, path, r.URL.Query().Get("page-token"), body) {
		s.t.Errorf("circlecitest: unexpected request %s %s", r.Method, r.URL)
		writeJSON(rec, http.StatusNotFound, message("Not found"))
	}
	if f != nil {
		f.answer(w)
		return
	}
	for k, v := range rec.Header() {
		w.Header()[k] = v
	}
	w.WriteHeader(rec.Code)
	w.Write(rec.Body.Bytes())
}

// route dispatches an authenticated request; false when it knows no such
// endpoint.
func (s *Server) route(w http.ResponseWriter, method, path, pageToken, body string) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	parts := strings.Split(path, "/")
	switch {
	case method == "GET" && len(parts) == 4 && parts[0] == "project":
		s.getProject(w, strings.Join(parts[1:], "/"))
	case method == "POST" && len(parts) == 5 && parts[0] == "project" && parts[4] == "pipeline":
		s.trigger(w, strings.Join(parts[1:4], "/"), body)
	case method == "GET" && len(parts) == 2 && parts[0] == "pipeline":
		s.getPipeline(w, parts[1])
	case method == "GET" && len(parts) == 3 && parts[0] == "pipeline" && parts[2] == "workflow":
		s.listWorkflows(w, parts[1], pageToken)
	default:
		return false
	}
	return true
}

func message(m string) map[string]string { return map[string]string{"message": m} }

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	json.NewEncoder(w).Encode(v)
}

func readBody(r *http.Request) string {
	b, _ := io.ReadAll(io.LimitReader(r.Body, 1<<20))
	return string(b)
}

func now() string { return time.Now().UTC().Format(time.RFC3339Nano) }

package githubtest

import (
	"net/http"
	"net/url"
	"time"
)

// Request is one request the server received, for assertions.
type Request struct {
	Seq    int    // 1-based arrival order, the number FailNth and friends use
	Method string // "GET", "POST", ...
	Path   string // escaped path below the base path: "repos/o/r/git/ref/heads/main"
	// Route names the endpoint matched, e.g. "GET /repos/{owner}/{repo}/issues";
	// "" for an unexpected request.
	Route  string
	Query  url.Values
	Body   string      // the request body as sent
	Header http.Header // request headers, without Authorization
	Status int         // status code answered
	// Received is when the request arrived, before the latency wait;
	// Answered is when its answer was written. Between them the
	// request was in flight, which is what a benchmark needs to find
	// the chain of requests that waited on one another.
	Received time.Time
	Answered time.Time
}

// Requests returns a copy of the request log in arrival order.
func (s *Server) Requests() []Request {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Request(nil), s.log...)
}

// RequestCount is the number of requests received so far.
func (s *Server) RequestCount() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.seq
}

// Count is the number of requests that matched route, written as in
// Request.Route ("GET /repos/{owner}/{repo}/issues").
func (s *Server) Count(route string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	n := 0
	for _, r := range s.log {
		if r.Route == route {
			n++
		}
	}
	return n
}

// Mutations is the number of requests with a method other than GET or HEAD
// that the server answered with a 2xx status: what actually changed the world.
func (s *Server) Mutations() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	n := 0
	for _, r := range s.log {
		if r.Method != http.MethodGet && r.Method != http.MethodHead && r.Status/100 == 2 {
			n++
		}
	}
	return n
}

// TokenLeaks lists the requests ("METHOD /path") whose URL contained the
// configured token; each has already failed the test.
func (s *Server) TokenLeaks() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]string(nil), s.leaks...)
}

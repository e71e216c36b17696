package githubtest

import (
	"net/http"
	"net/http/httptest"
	"strconv"
	"time"
)

// secondaryDoc ends in "secondary-rate-limits", which is how go-github tells a
// secondary rate limit (*github.AbuseRateLimitError) from other 403s.
const secondaryDoc = "https://docs.github.com/free-pro-team@latest/rest/overview/rate-limits-for-the-rest-api#about-secondary-rate-limits"

// faults holds the failures to inject, keyed by request sequence number.
type faults struct {
	status    map[int]int           // seq -> HTTP status
	secondary map[int]time.Duration // seq -> Retry-After (0: no header)
	latency   time.Duration
}

// FailNth makes the n-th request (1-based, counting every request the server
// receives, see Request.Seq) fail with status and a GitHub error body, before
// it reaches authentication, the rate limit or the handler: the world is not
// changed.
func (s *Server) FailNth(n, status int) { s.FailBurst(n, 1, status) }

// FailBurst makes count requests starting with the from-th fail with status.
func (s *Server) FailBurst(from, count, status int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.faults.status == nil {
		s.faults.status = map[int]int{}
	}
	for i := range count {
		s.faults.status[from+i] = status
	}
}

// FailNext makes the next count requests fail with status, counting from the
// requests already received.
func (s *Server) FailNext(count, status int) {
	s.FailBurst(s.RequestCount()+1, count, status)
}

// SecondaryRateLimit makes the n-th request hit GitHub's secondary rate
// limit: 403 with the "secondary-rate-limits" documentation URL and
// Retry-After in whole seconds, or no Retry-After header when retryAfter is 0
// (go-github then derives the wait from X-RateLimit-Reset, as GitHub asks).
func (s *Server) SecondaryRateLimit(n int, retryAfter time.Duration) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.faults.secondary == nil {
		s.faults.secondary = map[int]time.Duration{}
	}
	s.faults.secondary[n] = retryAfter
}

// Latency delays every later response by d (0 turns it off). The wait happens
// outside the server's lock, so concurrent requests overlap as on GitHub, and
// ends early when the client cancels the request.
func (s *Server) Latency(d time.Duration) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.faults.latency = d
}

// injectFault answers request seq with its injected failure, if any. Caller
// holds mu.
func (s *Server) injectFault(rec *httptest.ResponseRecorder, seq int) bool {
	if retry, ok := s.faults.secondary[seq]; ok {
		if retry > 0 {
			rec.Header().Set("Retry-After", strconv.Itoa(int(retry.Round(time.Second)/time.Second)))
		}
		writeError(rec, http.StatusForbidden, apiError{
			Message:          "You have exceeded a secondary rate limit. Please wait a few minutes before you try again.",
			DocumentationURL: secondaryDoc,
		})
		return true
	}
	status, ok := s.faults.status[seq]
	if !ok {
		return false
	}
	msg := http.StatusText(status)
	if status >= 500 {
		msg = "Server Error"
	}
	writeError(rec, status, apiError{Message: msg, DocumentationURL: docRoot})
	return true
}

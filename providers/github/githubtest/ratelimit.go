package githubtest

import (
	"fmt"
	"net/http"
	"strconv"
	"time"
)

// primaryDoc is the documentation URL GitHub puts on primary-limit 403s.
const primaryDoc = "https://docs.github.com/rest/overview/rate-limits-for-the-rest-api#about-primary-rate-limits"

// rateLimit is the budget of the "core" resource.
type rateLimit struct {
	limit, remaining int
	reset            time.Time
}

func newRateLimit(now time.Time) rateLimit {
	return rateLimit{limit: 5000, remaining: 5000, reset: now.Add(time.Hour)}
}

// SetRateLimit sets the core budget. When remaining reaches 0, counted
// requests get GitHub's 403 with X-RateLimit-Remaining: 0 (go-github returns
// *github.RateLimitError) until reset passes, when the budget refills to limit
// for another hour. Responses of 304 Not Modified, injected faults and
// GET /rate_limit do not spend the budget, as on GitHub.
func (s *Server) SetRateLimit(limit, remaining int, reset time.Time) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.rate = rateLimit{limit: limit, remaining: remaining, reset: reset.UTC().Truncate(time.Second)}
}

// RateRemaining is what is left of the core budget.
func (s *Server) RateRemaining() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.rate.remaining
}

// exhausted reports whether a counted request must be refused, refilling the
// budget first when its reset time has passed.
func (r *rateLimit) exhausted(now time.Time) bool {
	if !now.Before(r.reset) {
		r.remaining = r.limit
		r.reset = now.Add(time.Hour)
	}
	return r.remaining <= 0
}

func (r *rateLimit) spend() {
	if r.remaining > 0 {
		r.remaining--
	}
}

func (r *rateLimit) writeHeaders(h http.Header) {
	h.Set("X-RateLimit-Limit", strconv.Itoa(r.limit))
	h.Set("X-RateLimit-Remaining", strconv.Itoa(r.remaining))
	h.Set("X-RateLimit-Used", strconv.Itoa(r.limit-r.remaining))
	h.Set("X-RateLimit-Reset", strconv.FormatInt(r.reset.Unix(), 10))
	h.Set("X-RateLimit-Resource", "core")
}

func (r *rateLimit) exceededError(user string) apiError {
	return apiError{
		Message:          fmt.Sprintf("API rate limit exceeded for user %s.", user),
		DocumentationURL: primaryDoc,
	}
}

// json is the body of GET /rate_limit.
func (r *rateLimit) json() obj {
	core := obj{"limit": r.limit, "remaining": r.remaining, "used": r.limit - r.remaining,
		"reset": r.reset.Unix(), "resource": "core"}
	other := func(name string, limit int) obj {
		return obj{"limit": limit, "remaining": limit, "used": 0, "reset": r.reset.Unix(), "resource": name}
	}
	return obj{
		"resources": obj{
			"core":                 core,
			"search":               other("search", 30),
			"graphql":              other("graphql", 5000),
			"integration_manifest": other("integration_manifest", 5000),
			"code_scanning_upload": other("code_scanning_upload", 1000),
		},
		"rate": core,
	}
}

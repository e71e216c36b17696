package ghhttp

import (
	"sort"
	"sync"
	"time"
)

// Stats counts what a Transport did during a run.
type Stats struct {
	// Requests is the number of HTTP requests sent, retries included.
	Requests int
	// Retries is the number of requests sent again after a failure or a
	// rate-limit answer.
	Retries int
	// NotModified is the number of 304 answers to conditional GETs (served
	// from the ETag cache, not counted by GitHub against the quota).
	NotModified int
	// RateLimitWaits is the number of waits for a primary or secondary rate
	// limit, and RateLimitWaited their total duration.
	RateLimitWaits  int
	RateLimitWaited time.Duration
	// MutationWaited is the total time spent spacing mutations.
	MutationWaited time.Duration
	// ByMethod is Requests by HTTP method.
	ByMethod map[string]int
	// MaxInFlight is the most requests that were in flight at once.
	MaxInFlight int
}

// counters is the concurrency-safe store behind Stats.
type counters struct {
	mu sync.Mutex
	s  Stats
}

func (c *counters) update(f func(s *Stats)) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.s.ByMethod == nil {
		c.s.ByMethod = map[string]int{}
	}
	f(&c.s)
}

func (c *counters) sent(method string, retry bool) {
	c.update(func(s *Stats) {
		s.Requests++
		s.ByMethod[method]++
		if retry {
			s.Retries++
		}
	})
}

// inFlight notes n requests in flight at once.
func (c *counters) inFlight(n int) {
	c.update(func(s *Stats) { s.MaxInFlight = max(s.MaxInFlight, n) })
}

func (c *counters) snapshot() Stats {
	c.mu.Lock()
	defer c.mu.Unlock()
	out := c.s
	out.ByMethod = make(map[string]int, len(c.s.ByMethod))
	for k, v := range c.s.ByMethod {
		out.ByMethod[k] = v
	}
	return out
}

// Stats returns a snapshot of the counters. It is safe for concurrent use.
func (t *Transport) Stats() Stats { return t.counters.snapshot() }

// LogSummary logs the counters at debug level: the per-run request count that
// -log-level=debug reports.
func (t *Transport) LogSummary() {
	s := t.Stats()
	args := []any{
		"requests", s.Requests,
		"retries", s.Retries,
		"not_modified", s.NotModified,
		"rate_limit_waits", s.RateLimitWaits,
		"rate_limit_waited", s.RateLimitWaited,
		"mutation_waited", s.MutationWaited,
	}
	methods := make([]string, 0, len(s.ByMethod))
	for m := range s.ByMethod {
		methods = append(methods, m)
	}
	sort.Strings(methods)
	for _, m := range methods {
		args = append(args, "requests_"+m, s.ByMethod[m])
	}
	t.log.Debug("github requests summary", args...)
}

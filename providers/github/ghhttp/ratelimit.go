package ghhttp

import (
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"
)

// RateLimitError reports a GitHub rate limit whose wait is longer than
// Options.MaxRateLimitWait. Callers classify it with errors.As.
type RateLimitError struct {
	// Secondary is true for GitHub's secondary (abuse) limit, false for the
	// primary quota.
	Secondary bool
	// Resource is the primary quota's resource (core, search, graphql).
	Resource string
	// Until is when GitHub accepts requests again.
	Until time.Time
	// Wait is how long that is from now; MaxWait the configured bound.
	Wait, MaxWait time.Duration
	// Message is GitHub's message, when the limit came from an answer.
	Message string
}

func (e *RateLimitError) Error() string {
	kind := "rate limit (" + e.Resource + ")"
	if e.Secondary {
		kind = "secondary rate limit"
	}
	msg := fmt.Sprintf("github %s: requests allowed again at %s, in %s, longer than the %s relctl waits",
		kind, e.Until.UTC().Format(time.RFC3339), e.Wait.Round(time.Second), e.MaxWait)
	if e.Message != "" {
		msg += ": " + e.Message
	}
	return msg
}

// quota is the last known state of one primary rate-limit resource.
type quota struct {
	remaining int
	reset     time.Time
}

// limiter holds what the transport knows about GitHub's limits and the
// spacing of mutations. It is shared by all requests of a transport.
type limiter struct {
	mu           sync.Mutex
	quotas       map[string]quota
	pauseUntil   time.Time // secondary limit: no request before this
	nextMutation time.Time // earliest start of the next mutation
}

func newLimiter() *limiter {
	return &limiter{quotas: map[string]quota{}}
}

// observe records the quota a response reports. An exhausted quota whose
// reset is already past (clock skew) is taken to reset now, so that the
// retry still waits the extra second.
func (l *limiter) observe(resource string, resp *http.Response, now time.Time) {
	remaining, err1 := strconv.Atoi(resp.Header.Get("X-RateLimit-Remaining"))
	resetUnix, err2 := strconv.ParseInt(resp.Header.Get("X-RateLimit-Reset"), 10, 64)
	if err1 != nil || err2 != nil {
		return
	}
	reset := time.Unix(resetUnix, 0)
	if remaining <= 0 && reset.Before(now) {
		reset = now
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	l.quotas[resource] = quota{remaining: remaining, reset: reset}
}

// pause holds every request until at least until (secondary limit).
func (l *limiter) pause(until time.Time) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if until.After(l.pauseUntil) {
		l.pauseUntil = until
	}
}

// pending returns how long a request for resource must wait before it is
// sent, when it may go, and whether the wait is the secondary limit's.
func (l *limiter) pending(resource string, now time.Time) (time.Duration, time.Time, bool) {
	l.mu.Lock()
	defer l.mu.Unlock()
	until, secondary := l.pauseUntil, true
	if q, ok := l.quotas[resource]; ok && q.remaining <= 0 {
		if after := q.reset.Add(time.Second); after.After(until) {
			until, secondary = after, false
		}
	}
	if !until.After(now) {
		return 0, now, false
	}
	return until.Sub(now), until, secondary
}

// mutationSlot reserves the next start for a mutation, at least interval
// after the previous one, and returns how long to wait for it.
func (l *limiter) mutationSlot(now time.Time, interval time.Duration) time.Duration {
	l.mu.Lock()
	defer l.mu.Unlock()
	slot := now
	if l.nextMutation.After(slot) {
		slot = l.nextMutation
	}
	l.nextMutation = slot.Add(interval)
	return slot.Sub(now)
}

// exhaustedUntil reports an exhausted primary quota with a readable reset
// time.
func exhaustedUntil(h http.Header) (time.Time, bool) {
	if strings.TrimSpace(h.Get("X-RateLimit-Remaining")) != "0" {
		return time.Time{}, false
	}
	reset, err := strconv.ParseInt(h.Get("X-RateLimit-Reset"), 10, 64)
	if err != nil {
		return time.Time{}, false
	}
	return time.Unix(reset, 0), true
}

// resourceOf maps a request path to GitHub's rate-limit resource, as GitHub
// counts them (https://docs.github.com/rest/rate-limit).
func resourceOf(path string) string {
	switch {
	case strings.Contains(path, "/search/"):
		return "search"
	case strings.HasSuffix(path, "/graphql"):
		return "graphql"
	default:
		return "core"
	}
}

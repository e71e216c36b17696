package httpretry

import (
	"net/http"
	"time"
)

// Policy says how many times and after how long a client sends a request
// again: capped exponential backoff with equal jitter, or the server's
// Retry-After when it gives one. Which failures are retried at all is the
// client's decision.
type Policy struct {
	// MaxAttempts bounds the attempts of one request (the first included).
	MaxAttempts int
	// BaseBackoff is the backoff ceiling before the first retry; it doubles
	// per retry up to MaxBackoff.
	BaseBackoff, MaxBackoff time.Duration
	// MaxRetryAfter is the longest Retry-After honoured; a longer one fails
	// the request at once.
	MaxRetryAfter time.Duration
	// Rand returns a number in [0, 1) for the jitter.
	Rand func() float64
}

// Backoff is the wait before retry n (1-based): half the ceiling
// min(MaxBackoff, BaseBackoff*2^(n-1)) plus a random part of the other half.
func (p Policy) Backoff(n int) time.Duration {
	return EqualJitter(Ceiling(p.BaseBackoff, p.MaxBackoff, n), p.Rand())
}

// Wait is the wait before retry n of a request whose answer carried h: the
// Retry-After when h has one, else the backoff. ok is false when the
// Retry-After asks for longer than MaxRetryAfter.
func (p Policy) Wait(h http.Header, n int, now time.Time) (wait time.Duration, ok bool) {
	wait = p.Backoff(n)
	if ra, ok := RetryAfter(h, now); ok {
		if ra > p.MaxRetryAfter {
			return 0, false
		}
		wait = ra
	}
	return wait, true
}

package circleci

import (
	"context"
	"math/rand/v2"
	"net/http"
	"strconv"
	"time"
)

// Clock is the time source of every wait (backoff, Retry-After, polling,
// timeouts), so that tests run on a virtual clock without sleeping.
type Clock interface {
	Now() time.Time
	// Sleep waits for d or until ctx is done, and then returns ctx.Err().
	Sleep(ctx context.Context, d time.Duration) error
}

// realClock is the wall clock.
type realClock struct{}

func (realClock) Now() time.Time { return time.Now() }

func (realClock) Sleep(ctx context.Context, d time.Duration) error {
	if d <= 0 {
		return ctx.Err()
	}
	timer := time.NewTimer(d)
	defer timer.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-timer.C:
		return nil
	}
}

// RetryPolicy says how transient failures are retried: capped exponential
// backoff with jitter, or the server's Retry-After when it gives one.
type RetryPolicy struct {
	// MaxAttempts bounds the attempts of one request (the first included).
	MaxAttempts int
	// BaseBackoff is the backoff ceiling before the first retry; it doubles
	// per retry up to MaxBackoff.
	BaseBackoff, MaxBackoff time.Duration
	// MaxRetryAfter is the longest Retry-After honoured; a longer one fails
	// the request at once with CircleCI's message.
	MaxRetryAfter time.Duration
	// Rand returns a number in [0, 1) for the jitter.
	Rand func() float64
}

// DefaultRetryPolicy is used unless WithRetryPolicy says otherwise.
var DefaultRetryPolicy = RetryPolicy{
	MaxAttempts:   6,
	BaseBackoff:   time.Second,
	MaxBackoff:    30 * time.Second,
	MaxRetryAfter: 5 * time.Minute,
	Rand:          rand.Float64,
}

// backoff is the wait before retry n (1-based): half the ceiling
// min(MaxBackoff, BaseBackoff*2^(n-1)) plus a random part of the other half.
func (p RetryPolicy) backoff(n int) time.Duration {
	ceiling := min(p.BaseBackoff, p.MaxBackoff)
	for i := 1; i < n && ceiling < p.MaxBackoff; i++ {
		ceiling = min(2*ceiling, p.MaxBackoff)
	}
	return ceiling/2 + time.Duration(p.Rand()*float64(ceiling/2))
}

// attempt is what one try of a request produced.
type attempt struct {
	status int
	header http.Header
	err    error
	// sent is false when the request certainly did not reach CircleCI.
	sent bool
}

// retryable decides whether the attempt is retried and after how long.
// GET is retried on network errors, 5xx and 429. POST triggers a pipeline
// and is not idempotent: it is retried only where CircleCI did not act on
// it (the request was never written, 429, or 502/503/504 from the front
// proxies); a 500 or a connection lost after sending is returned, since a
// retry could start a second pipeline.
func (p RetryPolicy) retryable(method string, a attempt, n int, now time.Time) (time.Duration, bool) {
	idempotent := method == http.MethodGet || method == http.MethodHead
	switch {
	case a.err != nil:
		return p.backoff(n), idempotent || !a.sent
	case a.status == http.StatusTooManyRequests:
		wait := p.backoff(n)
		if ra, ok := retryAfter(a.header, now); ok {
			if ra > p.MaxRetryAfter {
				return 0, false
			}
			wait = ra
		}
		return wait, true
	case a.status >= 500:
		gateway := a.status == http.StatusBadGateway || a.status == http.StatusServiceUnavailable ||
			a.status == http.StatusGatewayTimeout
		wait := p.backoff(n)
		if ra, ok := retryAfter(a.header, now); ok && ra > wait && ra <= p.MaxRetryAfter {
			wait = ra
		}
		return wait, idempotent || gateway
	}
	return 0, false
}

// retryAfter reads a Retry-After header: seconds or an HTTP date.
func retryAfter(h http.Header, now time.Time) (time.Duration, bool) {
	v := h.Get("Retry-After")
	if v == "" {
		return 0, false
	}
	if secs, err := strconv.Atoi(v); err == nil && secs >= 0 {
		return time.Duration(secs) * time.Second, true
	}
	if at, err := http.ParseTime(v); err == nil {
		return max(at.Sub(now), 0), true
	}
	return 0, false
}

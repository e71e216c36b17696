package circleci

import (
	"math/rand/v2"
	"net/http"
	"time"

	"github.com/relctl/relctl/providers/httpretry"
)

// Clock is the time source of every wait (backoff, Retry-After, polling,
// timeouts), so that tests run on a virtual clock without sleeping.
type Clock = httpretry.Clock

// RetryPolicy says how transient failures are retried: capped exponential
// backoff with jitter, or the server's Retry-After when it gives one. A
// Retry-After longer than MaxRetryAfter fails the request at once with
// CircleCI's message.
type RetryPolicy = httpretry.Policy

// DefaultRetryPolicy is used unless WithRetryPolicy says otherwise.
var DefaultRetryPolicy = RetryPolicy{
	MaxAttempts:   6,
	BaseBackoff:   time.Second,
	MaxBackoff:    30 * time.Second,
	MaxRetryAfter: 5 * time.Minute,
	Rand:          rand.Float64,
}

// retryable decides whether an attempt is retried and after how long.
// GET is retried on network errors, 5xx and 429. POST triggers a pipeline
// and is not idempotent: it is retried only where CircleCI did not act on
// it (the request was never written, 429, or 502/503/504 from the front
// proxies); a 500 or a connection lost after sending is returned, since a
// retry could start a second pipeline.
func retryable(p RetryPolicy, method string) httpretry.Decide {
	idempotent := method == http.MethodGet || method == http.MethodHead
	return func(a httpretry.Attempt, n int, now time.Time) (time.Duration, bool) {
		switch {
		case a.Err != nil:
			return p.Backoff(n), idempotent || !a.Sent
		case a.Status == http.StatusTooManyRequests:
			return p.Wait(a.Header, n, now)
		case a.Status >= 500:
			gateway := a.Status == http.StatusBadGateway || a.Status == http.StatusServiceUnavailable ||
				a.Status == http.StatusGatewayTimeout
			wait := p.Backoff(n)
			if ra, ok := httpretry.RetryAfter(a.Header, now); ok && ra > wait && ra <= p.MaxRetryAfter {
				wait = ra
			}
			return wait, idempotent || gateway
		}
		return 0, false
	}
}

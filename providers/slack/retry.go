package slack

import (
	"math/rand/v2"
	"net/http"
	"time"

	"github.com/relctl/relctl/providers/httpretry"
)

// Clock is the time source of every wait, so that tests run on a virtual
// clock without sleeping.
type Clock = httpretry.Clock

// RetryPolicy says how transient failures are retried; MaxAttempts bounds
// the attempts of one message (the first included).
type RetryPolicy = httpretry.Policy

// DefaultRetryPolicy is used unless WithRetryPolicy says otherwise.
var DefaultRetryPolicy = RetryPolicy{
	MaxAttempts:   5,
	BaseBackoff:   time.Second,
	MaxBackoff:    30 * time.Second,
	MaxRetryAfter: 2 * time.Minute,
	Rand:          rand.Float64,
}

// retryWait decides whether an attempt is retried, and after how long:
// network errors, 429 and 5xx are, after the backoff or Retry-After.
func retryWait(p RetryPolicy) httpretry.Decide {
	return func(a httpretry.Attempt, n int, now time.Time) (time.Duration, bool) {
		if a.Err == nil && a.Status != http.StatusTooManyRequests && a.Status < 500 {
			return 0, false
		}
		return p.Wait(a.Header, n, now)
	}
}

package slack

import (
	"context"
	"math/rand/v2"
	"net/http"
	"strconv"
	"time"
)

// Clock is the time source of every wait, so that tests run on a virtual
// clock without sleeping.
type Clock interface {
	Now() time.Time
	// Sleep waits for d or until ctx is done, and then returns ctx.Err().
	Sleep(ctx context.Context, d time.Duration) error
}

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

// RetryPolicy says how transient failures are retried.
type RetryPolicy struct {
	// MaxAttempts bounds the attempts of one message (the first included).
	MaxAttempts int
	// BaseBackoff is the backoff ceiling before the first retry; it doubles
	// per retry up to MaxBackoff.
	BaseBackoff, MaxBackoff time.Duration
	// MaxRetryAfter is the longest Retry-After honoured; a longer one
	// fails at once.
	MaxRetryAfter time.Duration
	// Rand returns a number in [0, 1) for the jitter.
	Rand func() float64
}

// DefaultRetryPolicy is used unless WithRetryPolicy says otherwise.
var DefaultRetryPolicy = RetryPolicy{
	MaxAttempts:   5,
	BaseBackoff:   time.Second,
	MaxBackoff:    30 * time.Second,
	MaxRetryAfter: 2 * time.Minute,
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

// wait decides whether an answer (status 0: a network error) is retried,
// and after how long.
func (p RetryPolicy) wait(status int, h http.Header, n int, now time.Time) (time.Duration, bool) {
	if status != 0 && status != http.StatusTooManyRequests && status < 500 {
		return 0, false
	}
	wait := p.backoff(n)
	if ra, ok := retryAfter(h, now); ok {
		if ra > p.MaxRetryAfter {
			return 0, false
		}
		wait = ra
	}
	return wait, true
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

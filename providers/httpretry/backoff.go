package httpretry

import (
	"net/http"
	"strconv"
	"strings"
	"time"
)

// Ceiling is the backoff ceiling before retry n (1-based): base, doubled
// per retry, capped at limit: min(limit, base*2^(n-1)).
func Ceiling(base, limit time.Duration, n int) time.Duration {
	ceiling := min(base, limit)
	for i := 1; i < n && ceiling < limit; i++ {
		ceiling = min(2*ceiling, limit)
	}
	return ceiling
}

// FullJitter is a wait uniform in [0, ceiling), for r in [0, 1).
func FullJitter(ceiling time.Duration, r float64) time.Duration {
	return time.Duration(r * float64(ceiling))
}

// EqualJitter is half the ceiling plus r, in [0, 1), of the other half.
func EqualJitter(ceiling time.Duration, r float64) time.Duration {
	return ceiling/2 + time.Duration(r*float64(ceiling/2))
}

// maxRetryAfterSecs keeps absurd Retry-After values from overflowing a
// time.Duration; such a wait is far beyond any limit a client honours.
const maxRetryAfterSecs = 1 << 30

// RetryAfter reads a Retry-After header: delay-seconds or an HTTP date
// (a date already passed reads as zero). ok is false when the header is
// absent or neither form.
func RetryAfter(h http.Header, now time.Time) (wait time.Duration, ok bool) {
	v := strings.TrimSpace(h.Get("Retry-After"))
	if v == "" {
		return 0, false
	}
	if secs, err := strconv.Atoi(v); err == nil && secs >= 0 {
		return time.Duration(min(secs, maxRetryAfterSecs)) * time.Second, true
	}
	if at, err := http.ParseTime(v); err == nil {
		return max(at.Sub(now), 0), true
	}
	return 0, false
}

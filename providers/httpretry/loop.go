package httpretry

import (
	"context"
	"net/http"
	"time"
)

// Attempt is what one try of a request produced.
type Attempt struct {
	// Status is the answer's status code; 0 when Err is set.
	Status int
	Header http.Header
	// Err is a network error (no answer was read).
	Err error
	// Sent is false when the request certainly did not reach the server.
	Sent bool
}

// Decide says whether an attempt is tried again (retry) and after how long.
// n is the attempt's number (1-based). It is never asked about the last
// attempt MaxAttempts allows.
type Decide func(a Attempt, n int, now time.Time) (wait time.Duration, retry bool)

// Do is the retry loop of relctl's HTTP clients: it calls try until decide
// says stop, MaxAttempts is reached or ctx ends, sleeping on clock between
// tries, and returns the last attempt. onRetry (which may be nil) is told
// of each retry before its wait, for logging. err is set only when ctx
// ended a wait; the attempt is then the last one made.
func (p Policy) Do(ctx context.Context, clock Clock, try func() Attempt, decide Decide,
	onRetry func(a Attempt, n int, wait time.Duration)) (Attempt, error) {
	for n := 1; ; n++ {
		a := try()
		if n >= p.MaxAttempts || ctx.Err() != nil {
			return a, nil
		}
		wait, retry := decide(a, n, clock.Now())
		if !retry {
			return a, nil
		}
		if onRetry != nil {
			onRetry(a, n, wait)
		}
		if err := clock.Sleep(ctx, wait); err != nil {
			return a, err
		}
	}
}

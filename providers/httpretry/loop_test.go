package httpretry_test

import (
	"context"
	"errors"
	"net/http"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/relctl/relctl/providers/httpretry"
)

func TestDo(t *testing.T) {
	t.Parallel()
	policy := httpretry.Policy{MaxAttempts: 4, BaseBackoff: time.Second, MaxBackoff: 8 * time.Second, MaxRetryAfter: time.Minute,
		Rand: func() float64 { return 0 }}
	retry5xx := func(a httpretry.Attempt, n int, now time.Time) (time.Duration, bool) {
		if a.Err == nil && a.Status < 500 {
			return 0, false
		}
		return policy.Backoff(n), true
	}
	tests := map[string]struct {
		answers   []int // 0: a network error
		wantTries int
		wantLast  int
		wantWaits []time.Duration
	}{
		"success at once":            {answers: []int{200}, wantTries: 1, wantLast: 200},
		"client error not retried":   {answers: []int{404, 200}, wantTries: 1, wantLast: 404},
		"retried until success":      {answers: []int{503, 0, 200}, wantTries: 3, wantLast: 200, wantWaits: []time.Duration{500 * time.Millisecond, time.Second}},
		"gives up after MaxAttempts": {answers: []int{500, 500, 500, 500, 500}, wantTries: 4, wantLast: 500, wantWaits: []time.Duration{500 * time.Millisecond, time.Second, 2 * time.Second}},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			clock := httpretry.NewVirtualClock(time.Unix(0, 0))
			tries := 0
			var waits []time.Duration
			last, err := policy.Do(context.Background(), clock, func() httpretry.Attempt {
				status := tc.answers[tries]
				tries++
				if status == 0 {
					return httpretry.Attempt{Err: errors.New("connection reset"), Sent: true}
				}
				return httpretry.Attempt{Status: status, Header: http.Header{}, Sent: true}
			}, retry5xx, func(_ httpretry.Attempt, _ int, wait time.Duration) { waits = append(waits, wait) })
			if err != nil {
				t.Fatal(err)
			}
			if tries != tc.wantTries || last.Status != tc.wantLast {
				t.Errorf("tries %d, last status %d; want %d, %d", tries, last.Status, tc.wantTries, tc.wantLast)
			}
			if diff := cmp.Diff(tc.wantWaits, waits); diff != "" {
				t.Errorf("waits (-want +got):\n%s", diff)
			}
		})
	}
}

func TestDoStopsWhenContextEnds(t *testing.T) {
	t.Parallel()
	policy := httpretry.Policy{MaxAttempts: 10, BaseBackoff: time.Hour, MaxBackoff: time.Hour, Rand: func() float64 { return 0 }}
	ctx, cancel := context.WithCancel(context.Background())
	tries := 0
	_, err := policy.Do(ctx, httpretry.RealClock{}, func() httpretry.Attempt {
		tries++
		cancel()
		return httpretry.Attempt{Status: 503}
	}, func(httpretry.Attempt, int, time.Time) (time.Duration, bool) { return time.Hour, true }, nil)
	if tries != 1 || err != nil {
		t.Fatalf("tries %d, err %v; want one try and the last attempt returned", tries, err)
	}
}

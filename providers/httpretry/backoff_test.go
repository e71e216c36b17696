package httpretry

import (
	"net/http"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

func TestCeiling(t *testing.T) {
	t.Parallel()
	tests := map[string]struct {
		base, limit time.Duration
		want        []time.Duration
	}{
		"doubles up to the cap": {base: time.Second, limit: 30 * time.Second,
			want: []time.Duration{time.Second, 2 * time.Second, 4 * time.Second, 8 * time.Second, 16 * time.Second, 30 * time.Second, 30 * time.Second}},
		"base above the cap": {base: time.Minute, limit: 10 * time.Second,
			want: []time.Duration{10 * time.Second, 10 * time.Second}},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			var got []time.Duration
			for n := 1; n <= len(tc.want); n++ {
				got = append(got, Ceiling(tc.base, tc.limit, n))
			}
			if diff := cmp.Diff(tc.want, got); diff != "" {
				t.Errorf("ceilings (-want +got):\n%s", diff)
			}
		})
	}
}

func TestJitter(t *testing.T) {
	t.Parallel()
	tests := map[string]struct {
		r          float64
		full, half time.Duration
	}{
		"lowest":  {r: 0, full: 0, half: 4 * time.Second},
		"middle":  {r: 0.5, full: 4 * time.Second, half: 6 * time.Second},
		"highest": {r: 0.999, full: 7992 * time.Millisecond, half: 7996 * time.Millisecond},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			if got := FullJitter(8*time.Second, tc.r); got != tc.full {
				t.Errorf("FullJitter(8s, %v) = %s, want %s", tc.r, got, tc.full)
			}
			if got := EqualJitter(8*time.Second, tc.r); got != tc.half {
				t.Errorf("EqualJitter(8s, %v) = %s, want %s", tc.r, got, tc.half)
			}
		})
	}
}

func TestRetryAfter(t *testing.T) {
	t.Parallel()
	tests := map[string]struct {
		value  string
		want   time.Duration
		wantOK bool
	}{
		"seconds":       {value: "120", want: 2 * time.Minute, wantOK: true},
		"padded":        {value: " 30 ", want: 30 * time.Second, wantOK: true},
		"http date":     {value: t0.Add(90 * time.Second).Format(http.TimeFormat), want: 90 * time.Second, wantOK: true},
		"date passed":   {value: t0.Add(-time.Minute).Format(http.TimeFormat), want: 0, wantOK: true},
		"absent":        {value: "", wantOK: false},
		"garbage":       {value: "soon", wantOK: false},
		"negative secs": {value: "-5", wantOK: false},
		"absurd secs":   {value: "99999999999999", want: (1 << 30) * time.Second, wantOK: true},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			got, ok := RetryAfter(retryAfterHeader(tc.value), t0)
			if got != tc.want || ok != tc.wantOK {
				t.Errorf("RetryAfter(%q) = %s, %v; want %s, %v", tc.value, got, ok, tc.want, tc.wantOK)
			}
		})
	}
}

func TestPolicyWait(t *testing.T) {
	t.Parallel()
	p := Policy{MaxAttempts: 5, BaseBackoff: time.Second, MaxBackoff: 30 * time.Second, MaxRetryAfter: time.Minute,
		Rand: func() float64 { return 0.5 }}
	tests := map[string]struct {
		retryAfter string
		n          int
		want       time.Duration
		wantOK     bool
	}{
		"backoff without Retry-After": {n: 3, want: 3 * time.Second, wantOK: true},
		"Retry-After replaces it":     {retryAfter: "7", n: 3, want: 7 * time.Second, wantOK: true},
		"Retry-After at the limit":    {retryAfter: "60", n: 1, want: time.Minute, wantOK: true},
		"Retry-After too long":        {retryAfter: "61", n: 1, want: 0, wantOK: false},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			got, ok := p.Wait(retryAfterHeader(tc.retryAfter), tc.n, t0)
			if got != tc.want || ok != tc.wantOK {
				t.Errorf("Wait(%q, %d) = %s, %v; want %s, %v", tc.retryAfter, tc.n, got, ok, tc.want, tc.wantOK)
			}
		})
	}
}

// retryAfterHeader is a header with Retry-After v, or none when v is "".
func retryAfterHeader(v string) http.Header {
	h := http.Header{}
	if v != "" {
		h.Set("Retry-After", v)
	}
	return h
}

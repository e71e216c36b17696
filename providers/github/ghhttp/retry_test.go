package ghhttp

import (
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

func TestBackoffIsCappedWithFullJitter(t *testing.T) {
	t.Parallel()
	tests := map[string]struct {
		rand float64
		want []time.Duration
	}{
		"no jitter draw": {rand: 0, want: []time.Duration{0, 0, 0, 0, 0, 0, 0}},
		"half":           {rand: 0.5, want: []time.Duration{500 * time.Millisecond, time.Second, 2 * time.Second, 4 * time.Second, 8 * time.Second, 15 * time.Second, 15 * time.Second}},
		"almost one": {rand: 0.999, want: []time.Duration{999 * time.Millisecond, 1998 * time.Millisecond, 3996 * time.Millisecond,
			7992 * time.Millisecond, 15984 * time.Millisecond, 29970 * time.Millisecond, 29970 * time.Millisecond}},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			tr := newTransport(t, Options{Rand: func() float64 { return tc.rand }})
			var got []time.Duration
			for n := 1; n <= len(tc.want); n++ {
				got = append(got, tr.backoff(n))
			}
			if diff := cmp.Diff(tc.want, got); diff != "" {
				t.Errorf("backoff sequence (-want +got):\n%s", diff)
			}
		})
	}
}

func TestBackoffStaysWithinBounds(t *testing.T) {
	t.Parallel()
	tr := newTransport(t, Options{BaseBackoff: time.Second, MaxBackoff: 30 * time.Second})
	ceiling := time.Second
	for n := 1; n <= 100; n, ceiling = n+1, min(2*ceiling, 30*time.Second) {
		for range 20 {
			if d := tr.backoff(n); d < 0 || d >= ceiling {
				t.Fatalf("backoff(%d) = %s, want in [0, %s)", n, d, ceiling)
			}
		}
	}
}

const secondaryBody = `{"message":"You have exceeded a secondary rate limit. Please wait a few minutes before you try again.","documentation_url":"https://docs.github.com/rest/overview/rate-limits-for-the-rest-api#about-secondary-rate-limits"}`

func TestRetriesAndRateLimits(t *testing.T) {
	t.Parallel()
	reset := t0.Add(10 * time.Minute)
	exhausted := map[string]string{"X-RateLimit-Remaining": "0", "X-RateLimit-Reset": resetHeader(reset)}
	ok := step{status: 200, body: `{"ok":true}`}
	tests := map[string]struct {
		method     string
		steps      []step
		maxRetries int
		wantStatus int
		wantBody   string
		wantSleeps []time.Duration
		wantSent   int
	}{
		"5xx burst then success": {
			method: "GET", steps: []step{{status: 502}, {status: 503}, {status: 500}, ok},
			wantStatus: 200, wantBody: `{"ok":true}`,
			wantSleeps: []time.Duration{500 * time.Millisecond, time.Second, 2 * time.Second}, wantSent: 4,
		},
		"5xx until retries run out returns GitHub's answer": {
			method: "GET", maxRetries: 2, steps: []step{{status: 502, body: `{"message":"Server Error"}`}},
			wantStatus: 502, wantBody: `{"message":"Server Error"}`,
			wantSleeps: []time.Duration{500 * time.Millisecond, time.Second}, wantSent: 3,
		},
		"503 with Retry-After longer than the backoff": {
			method: "GET", steps: []step{{status: 503, header: map[string]string{"Retry-After": "10"}}, ok},
			wantStatus: 200, wantBody: `{"ok":true}`, wantSleeps: []time.Duration{10 * time.Second}, wantSent: 2,
		},
		"429 with Retry-After": {
			method: "GET", steps: []step{{status: 429, header: map[string]string{"Retry-After": "7"}}, ok},
			wantStatus: 200, wantBody: `{"ok":true}`, wantSleeps: []time.Duration{7 * time.Second}, wantSent: 2,
		},
		"403 secondary limit without Retry-After waits a minute": {
			method: "GET", steps: []step{{status: 403, body: secondaryBody}, ok},
			wantStatus: 200, wantBody: `{"ok":true}`, wantSleeps: []time.Duration{time.Minute}, wantSent: 2,
		},
		"repeated secondary limits wait exponentially longer": {
			method: "GET", steps: []step{{status: 403, body: secondaryBody}, {status: 403, body: secondaryBody}, {status: 429, header: map[string]string{"Retry-After": "30"}}, ok},
			wantStatus: 200, wantBody: `{"ok":true}`, wantSleeps: []time.Duration{time.Minute, 2 * time.Minute, 2 * time.Minute}, wantSent: 4,
		},
		"primary limit waits until the reset": {
			method: "GET", steps: []step{{status: 403, header: exhausted, body: `{"message":"API rate limit exceeded for user ID 1."}`}, ok},
			wantStatus: 200, wantBody: `{"ok":true}`, wantSleeps: []time.Duration{10*time.Minute + time.Second}, wantSent: 2,
		},
		"exhausted quota without a reset time waits a minute": {
			method: "GET", steps: []step{{status: 403, header: map[string]string{"X-RateLimit-Remaining": "0"}}, ok},
			wantStatus: 200, wantBody: `{"ok":true}`, wantSleeps: []time.Duration{time.Minute}, wantSent: 2,
		},
		"primary limit answered with 429": {
			method: "POST", steps: []step{{status: 429, header: exhausted}, {status: 201, body: `{"id":1}`}},
			wantStatus: 201, wantBody: `{"id":1}`, wantSleeps: []time.Duration{10*time.Minute + time.Second}, wantSent: 2,
		},
		"POST retried on 429, which GitHub did not process": {
			method: "POST", steps: []step{{status: 429, header: map[string]string{"Retry-After": "1"}}, {status: 201, body: `{"id":1}`}},
			wantStatus: 201, wantBody: `{"id":1}`, wantSleeps: []time.Duration{time.Second}, wantSent: 2,
		},
		"POST not retried on 502, which GitHub may have processed": {
			method: "POST", steps: []step{{status: 502, body: `{"message":"Server Error"}`}, {status: 201}},
			wantStatus: 502, wantBody: `{"message":"Server Error"}`, wantSent: 1,
		},
		"PATCH not retried on 500": {
			method: "PATCH", steps: []step{{status: 500}, {status: 200}}, wantStatus: 500, wantSent: 1,
		},
		"PUT retried on 500": {
			method: "PUT", steps: []step{{status: 500}, {status: 200, body: `{"ok":true}`}},
			wantStatus: 200, wantBody: `{"ok":true}`, wantSleeps: []time.Duration{500 * time.Millisecond}, wantSent: 2,
		},
		"403 without rate-limit signs is final": {
			method: "GET", steps: []step{{status: 403, body: `{"message":"Resource not accessible by integration"}`}, ok},
			wantStatus: 403, wantBody: `{"message":"Resource not accessible by integration"}`, wantSent: 1,
		},
		"404 is final": {
			method: "GET", steps: []step{{status: 404, body: `{"message":"Not Found"}`}, ok},
			wantStatus: 404, wantBody: `{"message":"Not Found"}`, wantSent: 1,
		},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			clock := NewVirtualClock(t0)
			srv := newScriptedServer(t, clock, tc.steps...)
			o := testOptions(clock, srv.base())
			o.MaxRetries = tc.maxRetries
			tr := newTransport(t, o)
			body := ""
			if tc.method != "GET" {
				body = `{"title":"x"}`
			}
			status, got, err := do(t, tr, tc.method, srv.base()+"repos/o/r", body)
			if err != nil {
				t.Fatalf("request failed: %v", err)
			}
			if status != tc.wantStatus || got != tc.wantBody {
				t.Errorf("got %d %q, want %d %q", status, got, tc.wantStatus, tc.wantBody)
			}
			if diff := cmp.Diff(tc.wantSleeps, clock.Sleeps()); diff != "" {
				t.Errorf("sleeps (-want +got):\n%s", diff)
			}
			seen := srv.arrivals()
			if len(seen) != tc.wantSent {
				t.Errorf("server saw %d requests, want %d", len(seen), tc.wantSent)
			}
			for i, a := range seen {
				if a.Body != body {
					t.Errorf("request %d body = %q, want the replayed %q", i, a.Body, body)
				}
			}
			if s := tr.Stats(); s.Requests != tc.wantSent || s.Retries != tc.wantSent-1 {
				t.Errorf("stats: %d requests, %d retries; want %d, %d", s.Requests, s.Retries, tc.wantSent, tc.wantSent-1)
			}
		})
	}
}

func TestPrimaryLimitRetryIsSentAfterTheReset(t *testing.T) {
	t.Parallel()
	clock := NewVirtualClock(t0)
	reset := t0.Add(10 * time.Minute)
	srv := newScriptedServer(t, clock,
		step{status: 403, header: map[string]string{"X-RateLimit-Remaining": "0", "X-RateLimit-Reset": resetHeader(reset)}},
		step{status: 200})
	tr := newTransport(t, testOptions(clock, srv.base()))
	if _, _, err := do(t, tr, "GET", srv.base()+"rate", ""); err != nil {
		t.Fatal(err)
	}
	seen := srv.arrivals()
	if len(seen) != 2 || !seen[1].At.After(reset) {
		t.Fatalf("retry arrived at %v, want after the reset %v", seen[len(seen)-1].At, reset)
	}
	if s := tr.Stats(); s.RateLimitWaits != 1 || s.RateLimitWaited != 10*time.Minute+time.Second {
		t.Errorf("stats: %d waits for %s, want 1 for 10m1s", s.RateLimitWaits, s.RateLimitWaited)
	}
}

func TestExhaustedQuotaHoldsTheNextRequestUntilTheReset(t *testing.T) {
	t.Parallel()
	clock := NewVirtualClock(t0)
	reset := t0.Add(5 * time.Minute)
	srv := newScriptedServer(t, clock,
		step{status: 200, header: map[string]string{"X-RateLimit-Remaining": "0", "X-RateLimit-Reset": resetHeader(reset)}},
		step{status: 200, header: map[string]string{"X-RateLimit-Remaining": "4999", "X-RateLimit-Reset": resetHeader(reset.Add(time.Hour))}})
	tr := newTransport(t, testOptions(clock, srv.base()))
	for range 3 {
		if _, _, err := do(t, tr, "GET", srv.base()+"repos/o/r", ""); err != nil {
			t.Fatal(err)
		}
	}
	if diff := cmp.Diff([]time.Duration{5*time.Minute + time.Second}, clock.Sleeps()); diff != "" {
		t.Errorf("sleeps (-want +got):\n%s", diff)
	}
	if seen := srv.arrivals(); len(seen) != 3 || seen[1].At.Before(reset) {
		t.Errorf("second request arrived at %v, want after %v", seen[1].At, reset)
	}
}

func TestSecondaryLimitRecognition(t *testing.T) {
	t.Parallel()
	for body, want := range map[string]bool{
		secondaryBody: true,
		`{"message":"You have triggered an abuse detection mechanism."}`: true,
		`{"message":"Must have admin rights to Repository."}`:            false,
	} {
		if got := mentionsSecondaryLimit([]byte(body)); got != want {
			t.Errorf("mentionsSecondaryLimit(%s) = %v, want %v", strings.TrimSpace(body), got, want)
		}
	}
}

func TestBodiesWithoutGetBodyAreReplayed(t *testing.T) {
	t.Parallel()
	clock := NewVirtualClock(t0)
	srv := newScriptedServer(t, clock, step{status: 500}, step{status: 500}, step{status: 200})
	tr := newTransport(t, testOptions(clock, srv.base()))
	req := mustRequest(t, t.Context(), http.MethodPut, srv.base()+"repos/o/r/contents/VERSION")
	req.Body = io.NopCloser(strings.NewReader(`{"content":"MS4wLjA="}`)) // no GetBody
	resp, err := tr.RoundTrip(req)
	if err != nil {
		t.Fatal(err)
	}
	drain(resp)
	var bodies []string
	for _, a := range srv.arrivals() {
		bodies = append(bodies, a.Body)
	}
	want := []string{`{"content":"MS4wLjA="}`, `{"content":"MS4wLjA="}`, `{"content":"MS4wLjA="}`}
	if diff := cmp.Diff(want, bodies); diff != "" {
		t.Errorf("bodies received (-want +got):\n%s", diff)
	}
}

func TestRetriesCanBeDisabled(t *testing.T) {
	t.Parallel()
	clock := NewVirtualClock(t0)
	srv := newScriptedServer(t, clock, step{status: 503}, step{status: 200})
	o := testOptions(clock, srv.base())
	o.MaxRetries = Disabled
	status, _, err := do(t, newTransport(t, o), http.MethodGet, srv.base()+"repos/o/r", "")
	if err != nil || status != 503 || len(srv.arrivals()) != 1 {
		t.Errorf("got %d, %v after %d requests; want the first 503 alone", status, err, len(srv.arrivals()))
	}
}

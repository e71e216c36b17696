package ghhttp

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/google/go-github/v57/github"
)

func TestWaitsLongerThanTheLimitFailWithTheResetTime(t *testing.T) {
	t.Parallel()
	tests := map[string]struct {
		steps         []step
		wantSecondary bool
		wantText      []string
	}{
		"primary quota resets in two hours": {
			steps: []step{{status: 403, body: `{"message":"API rate limit exceeded for user ID 1."}`,
				header: map[string]string{"X-RateLimit-Remaining": "0", "X-RateLimit-Reset": resetHeader(t0.Add(2 * time.Hour))}}},
			wantText: []string{"github rate limit (core)", "2024-05-01T14:00:01Z", "in 2h0m1s", "longer than the 15m0s", "API rate limit exceeded for user ID 1."},
		},
		"secondary limit asks for an hour": {
			steps:         []step{{status: 403, body: secondaryBody, header: map[string]string{"Retry-After": "3600"}}},
			wantSecondary: true,
			wantText:      []string{"github secondary rate limit", "2024-05-01T13:00:00Z", "You have exceeded a secondary rate limit"},
		},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			clock := NewVirtualClock(t0)
			srv := newScriptedServer(t, clock, tc.steps...)
			client, tr, err := NewClient(testOptions(clock, srv.base()))
			if err != nil {
				t.Fatal(err)
			}
			_, _, err = client.Repositories.Get(context.Background(), "o", "r")
			var rl *RateLimitError
			if !errors.As(err, &rl) {
				t.Fatalf("error = %v (%T), want a *RateLimitError", err, err)
			}
			if rl.Secondary != tc.wantSecondary {
				t.Errorf("Secondary = %v, want %v", rl.Secondary, tc.wantSecondary)
			}
			for _, want := range tc.wantText {
				if !strings.Contains(err.Error(), want) {
					t.Errorf("error %q does not say %q", err, want)
				}
			}
			if len(clock.Sleeps()) != 0 || len(srv.arrivals()) != 1 {
				t.Errorf("slept %v and sent %d requests; want no sleep and one request", clock.Sleeps(), len(srv.arrivals()))
			}
			if s := tr.Stats(); s.RateLimitWaits != 0 {
				t.Errorf("counted %d rate-limit waits for a wait not taken", s.RateLimitWaits)
			}
		})
	}
}

func TestExhaustedRetriesKeepGitHubsMessage(t *testing.T) {
	t.Parallel()
	tests := map[string]struct {
		steps    []step
		wantType func(error) bool
		wantText string
	}{
		"server errors": {
			steps: []step{{status: 502, body: `{"message":"Server Error"}`}},
			wantType: func(err error) bool {
				var e *github.ErrorResponse
				return errors.As(err, &e) && e.Response.StatusCode == 502
			},
			wantText: "502 Server Error",
		},
		"secondary limits": {
			steps:    []step{{status: 403, body: secondaryBody, header: map[string]string{"Retry-After": "1"}}},
			wantType: func(err error) bool { var e *github.AbuseRateLimitError; return errors.As(err, &e) },
			wantText: "403 You have exceeded a secondary rate limit",
		},
		"permission denied, never retried": {
			steps: []step{{status: 403, body: `{"message":"Resource not accessible by integration"}`}},
			wantType: func(err error) bool {
				var e *github.ErrorResponse
				return errors.As(err, &e) && e.Response.StatusCode == 403
			},
			wantText: "403 Resource not accessible by integration",
		},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			clock := NewVirtualClock(t0)
			srv := newScriptedServer(t, clock, tc.steps...)
			o := testOptions(clock, srv.base())
			o.MaxRetries = 2
			client, _, err := NewClient(o)
			if err != nil {
				t.Fatal(err)
			}
			_, _, err = client.Repositories.Get(context.Background(), "o", "r")
			if err == nil || !tc.wantType(err) || !strings.Contains(err.Error(), tc.wantText) {
				t.Fatalf("error = %v (%T), want GitHub's %q", err, err, tc.wantText)
			}
		})
	}
}

func TestGoGithubDoesNotPreemptTheResetWait(t *testing.T) {
	t.Parallel()
	// The last request of the quota answers 200 with remaining 0; go-github
	// would refuse the next call outright, while relctl waits for the reset.
	clock := NewVirtualClock(time.Now()) // go-github compares with the wall clock
	reset := clock.Now().Add(time.Hour)
	srv := newScriptedServer(t, clock,
		step{status: 200, body: `{"name":"r"}`, header: map[string]string{"X-RateLimit-Remaining": "0", "X-RateLimit-Reset": resetHeader(reset)}},
		step{status: 200, body: `{"name":"r"}`})
	o := testOptions(clock, srv.base())
	o.MaxRateLimitWait = 2 * time.Hour
	client, _, err := NewClient(o)
	if err != nil {
		t.Fatal(err)
	}
	for i := range 2 {
		if _, _, err := client.Repositories.Get(context.Background(), "o", "r"); err != nil {
			t.Fatalf("call %d: %v", i+1, err)
		}
	}
	if n := len(clock.Sleeps()); n != 1 {
		t.Errorf("slept %d times, want one wait for the reset", n)
	}
}

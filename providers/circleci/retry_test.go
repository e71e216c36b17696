package circleci

import (
	"context"
	"net"
	"net/http"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/zclconf/go-cty/cty"

	"github.com/relctl/relctl/providers"
	"github.com/relctl/relctl/providers/circleci/circlecitest"
	"github.com/relctl/relctl/providers/httpretry"
)

const triggerPath = "project/gh/gravitee-io/gravitee-common/pipeline"

func TestRetries(t *testing.T) {
	t.Parallel()
	tests := map[string]struct {
		faults    []circlecitest.Fault
		wantErr   string
		triggered int
		posts     int
		// sleeps are the backoff waits (Rand is 0.5: 3/4 of the ceiling);
		// the poll interval sleeps of the no-wait apply are none.
		sleeps []time.Duration
	}{
		"5xx burst on the trigger from the proxy": {
			faults:    []circlecitest.Fault{{Method: "POST", Status: http.StatusServiceUnavailable, Count: 2}, {Method: "POST", Status: http.StatusBadGateway}},
			triggered: 1, posts: 4,
			sleeps: []time.Duration{750 * time.Millisecond, 1500 * time.Millisecond, 3 * time.Second},
		},
		"429 with Retry-After": {
			faults:    []circlecitest.Fault{{Method: "POST", Status: http.StatusTooManyRequests, RetryAfter: "7"}},
			triggered: 1, posts: 2, sleeps: []time.Duration{7 * time.Second},
		},
		"429 with an HTTP date": {
			faults: []circlecitest.Fault{{Method: "POST", Status: http.StatusTooManyRequests,
				RetryAfter: time.Date(2024, 5, 2, 9, 0, 20, 0, time.UTC).Format(http.TimeFormat)}},
			triggered: 1, posts: 2, sleeps: []time.Duration{20 * time.Second},
		},
		"429 without Retry-After backs off": {
			faults:    []circlecitest.Fault{{Method: "POST", Status: http.StatusTooManyRequests}},
			triggered: 1, posts: 2, sleeps: []time.Duration{750 * time.Millisecond},
		},
		"429 asking too long a wait fails at once": {
			faults:  []circlecitest.Fault{{Method: "POST", Status: http.StatusTooManyRequests, RetryAfter: "3600", Message: "Rate limit exceeded"}},
			wantErr: "with 429: Rate limit exceeded", posts: 1,
		},
		"500 after the pipeline was created is not retried": {
			faults:  []circlecitest.Fault{{Method: "POST", Status: http.StatusInternalServerError, Process: true, Message: "internal error"}},
			wantErr: "with 500: internal error", triggered: 1, posts: 1,
		},
		"connection lost after sending the trigger is not retried": {
			faults:  []circlecitest.Fault{{Method: "POST", Drop: true}},
			wantErr: "POST project/gh/gravitee-io/gravitee-common/pipeline: Post", posts: 1,
		},
		"4xx fails at once with the message": {
			faults:  []circlecitest.Fault{{Method: "POST", Status: http.StatusForbidden, Message: "Permission denied"}},
			wantErr: "with 403: Permission denied", posts: 1,
		},
		"retries run out": {
			faults:  []circlecitest.Fault{{Method: "POST", Status: http.StatusServiceUnavailable, Count: 10, Message: "maintenance"}},
			wantErr: "with 503: maintenance", posts: 6,
			sleeps: []time.Duration{750 * time.Millisecond, 1500 * time.Millisecond, 3 * time.Second, 6 * time.Second, 12 * time.Second},
		},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			f := setup(t, defaultProject(), nil)
			f.srv.Inject(tc.faults...)
			_, err := f.apply(context.Background(), releaseArgs(map[string]cty.Value{"wait": cty.False}))
			if tc.wantErr == "" && err != nil {
				t.Fatal(err)
			}
			if tc.wantErr != "" && !containsAll(errorOf(err), tc.wantErr) {
				t.Errorf("error %q lacks %q", errorOf(err), tc.wantErr)
			}
			if got := f.triggered(); got != tc.triggered {
				t.Errorf("%d pipelines triggered, want %d", got, tc.triggered)
			}
			posts := 0
			for _, r := range f.srv.Requests() {
				if r.Method == "POST" {
					posts++
				}
			}
			if posts != tc.posts {
				t.Errorf("%d trigger requests, want %d", posts, tc.posts)
			}
			if diff := cmp.Diff(tc.sleeps, f.clock.Sleeps()); diff != "" {
				t.Errorf("sleeps (-want +got):\n%s", diff)
			}
		})
	}
}

// TestPollingRidesOutFaults: reads during the wait are retried on 5xx,
// 429 and dropped connections.
func TestPollingRidesOutFaults(t *testing.T) {
	t.Parallel()
	f := setup(t, defaultProject(), nil)
	f.srv.Inject(
		circlecitest.Fault{Method: "GET", PathPrefix: "pipeline/", Status: http.StatusInternalServerError, Count: 3},
		// net/http itself sends a GET again once when a kept-alive
		// connection dies; the second drop reaches relctl's retry.
		circlecitest.Fault{Method: "GET", PathPrefix: "pipeline/", Drop: true, Count: 2},
		circlecitest.Fault{Method: "GET", PathPrefix: "pipeline/", Status: http.StatusTooManyRequests, RetryAfter: "2"},
	)
	resp, err := f.apply(context.Background(), releaseArgs(nil))
	if err != nil {
		t.Fatal(err)
	}
	if got := render(resp.Outputs)["state"]; got != "success" {
		t.Errorf("state = %q, want success", got)
	}
	want := []time.Duration{750 * time.Millisecond, 1500 * time.Millisecond, 3 * time.Second, 6 * time.Second, 2 * time.Second,
		10 * time.Second, 10 * time.Second, 10 * time.Second}
	if diff := cmp.Diff(want, f.clock.Sleeps()); diff != "" {
		t.Errorf("sleeps (-want +got):\n%s", diff)
	}
	if got := f.triggered(); got != 1 {
		t.Errorf("%d pipelines triggered, want 1", got)
	}
}

// TestUnsentTriggerIsRetried: a trigger that never reached CircleCI (the
// connection was refused) is sent again.
func TestUnsentTriggerIsRetried(t *testing.T) {
	t.Parallel()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	base := "http://" + l.Addr().String() + "/api/v2/"
	l.Close()
	clock := httpretry.NewVirtualClock(time.Time{})
	retry := DefaultRetryPolicy
	retry.Rand = func() float64 { return 0 }
	p := NewProvider(WithClock(clock), WithRetryPolicy(retry), WithEnv(func(string) string { return canaryToken }))
	if err := p.Configure(context.Background(), providers.ConfigureRequest{Config: configValue(map[string]cty.Value{"base_url": str(base)}), Dir: t.TempDir()}); err != nil {
		t.Fatal(err)
	}
	_, err = p.ApplyAction(context.Background(), providers.ApplyActionRequest{Address: addr, Type: ActionPipeline, Args: releaseArgs(nil)})
	if !containsAll(errorOf(err), "connection refused") {
		t.Errorf("error = %v, want connection refused", err)
	}
	want := []time.Duration{500 * time.Millisecond, time.Second, 2 * time.Second, 4 * time.Second, 8 * time.Second}
	if diff := cmp.Diff(want, clock.Sleeps()); diff != "" {
		t.Errorf("sleeps (-want +got):\n%s", diff)
	}
}

func TestBackoff(t *testing.T) {
	t.Parallel()
	tests := map[string]struct {
		rand float64
		want []time.Duration
	}{
		"lowest jitter":  {rand: 0, want: []time.Duration{500 * time.Millisecond, time.Second, 2 * time.Second, 4 * time.Second, 8 * time.Second, 15 * time.Second, 15 * time.Second}},
		"highest jitter": {rand: 0.999999, want: []time.Duration{999 * time.Millisecond, 1999 * time.Millisecond, 3999 * time.Millisecond, 7999 * time.Millisecond, 15999 * time.Millisecond, 29999 * time.Millisecond, 29999 * time.Millisecond}},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			p := DefaultRetryPolicy
			p.Rand = func() float64 { return tc.rand }
			var got []time.Duration
			for n := 1; n <= len(tc.want); n++ {
				got = append(got, p.Backoff(n).Truncate(time.Millisecond))
			}
			if diff := cmp.Diff(tc.want, got); diff != "" {
				t.Errorf("backoff (-want +got):\n%s", diff)
			}
		})
	}
}

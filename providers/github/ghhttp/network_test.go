package ghhttp

import (
	"context"
	"errors"
	"net"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

// closedURL returns an API root on which nothing listens.
func closedURL(t *testing.T) string {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	l.Close()
	return "http://" + addr + apiPath
}

func TestNetworkErrors(t *testing.T) {
	t.Parallel()
	tests := map[string]struct {
		method     string
		steps      []step // nil: nothing listens
		wantStatus int
		wantErr    string
		wantSent   int // requests the transport sent
		wantSleeps []time.Duration
	}{
		"GET retried after the connection drops": {
			method: "GET", steps: []step{{hangUp: true}, {hangUp: true}, {status: 200}},
			wantStatus: 200, wantSent: 3, wantSleeps: []time.Duration{500 * time.Millisecond, time.Second},
		},
		"DELETE retried after the connection drops": {
			method: "DELETE", steps: []step{{hangUp: true}, {status: 204}},
			wantStatus: 204, wantSent: 2, wantSleeps: []time.Duration{500 * time.Millisecond},
		},
		"POST not retried once sent": {
			method: "POST", steps: []step{{hangUp: true}, {status: 201}},
			wantErr: "EOF", wantSent: 1,
		},
		"PATCH not retried once sent": {
			method: "PATCH", steps: []step{{hangUp: true}, {status: 200}},
			wantErr: "EOF", wantSent: 1,
		},
		"POST retried when it never left (connection refused)": {
			method: "POST", wantErr: "after 6 attempts", wantSent: 6,
			wantSleeps: []time.Duration{500 * time.Millisecond, time.Second, 2 * time.Second, 4 * time.Second, 8 * time.Second},
		},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			clock := NewVirtualClock(t0)
			base := closedURL(t)
			var srv *scriptedServer
			if tc.steps != nil {
				srv = newScriptedServer(t, clock, tc.steps...)
				base = srv.base()
			}
			tr := newTransport(t, testOptions(clock, base))
			status, _, err := do(t, tr, tc.method, base+"repos/o/r/git/refs", `{"ref":"refs/tags/v1"}`)
			switch {
			case tc.wantErr == "" && err != nil:
				t.Fatalf("request failed: %v", err)
			case tc.wantErr != "" && (err == nil || !strings.Contains(err.Error(), tc.wantErr)):
				t.Fatalf("error = %v, want one containing %q", err, tc.wantErr)
			case status != tc.wantStatus:
				t.Errorf("status = %d, want %d", status, tc.wantStatus)
			}
			if got := tr.Stats().Requests; got != tc.wantSent {
				t.Errorf("sent %d requests, want %d", got, tc.wantSent)
			}
			if srv != nil && len(srv.arrivals()) != tc.wantSent {
				t.Errorf("server saw %d requests, want %d", len(srv.arrivals()), tc.wantSent)
			}
			if diff := cmp.Diff(tc.wantSleeps, clock.Sleeps()); diff != "" {
				t.Errorf("sleeps (-want +got):\n%s", diff)
			}
		})
	}
}

func TestCancellationEndsAWait(t *testing.T) {
	t.Parallel()
	clock := NewVirtualClock(t0)
	srv := newScriptedServer(t, clock, step{status: 429, header: map[string]string{"Retry-After": "30"}})
	o := testOptions(clock, srv.base())
	o.Clock = RealClock{}
	tr := newTransport(t, o)
	// Long enough for the request to reach the server on a loaded
	// machine, far shorter than the 30s Retry-After.
	ctx, cancel := context.WithTimeout(context.Background(), time.Second)
	defer cancel()
	req := mustRequest(t, ctx, "GET", srv.base()+"repos/o/r")
	start := time.Now()
	_, err := tr.RoundTrip(req)
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("error = %v, want the context's deadline", err)
	}
	if took := time.Since(start); took > 10*time.Second {
		t.Errorf("cancelled wait took %s", took)
	}
	if n := len(srv.arrivals()); n != 1 {
		t.Errorf("server saw %d requests, want 1", n)
	}
}

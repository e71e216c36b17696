package ghhttp

import (
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

func TestMutationsAreSpaced(t *testing.T) {
	t.Parallel()
	tests := map[string]struct {
		interval    time.Duration
		requests    []string // methods, in order
		advance     time.Duration
		wantOffsets []time.Duration // arrival of each request after t0, on the virtual clock
		wantWaited  time.Duration
	}{
		"one second between mutations, reads not held": {
			interval:    time.Second,
			requests:    []string{"POST", "GET", "PATCH", "GET", "PUT", "DELETE"},
			wantOffsets: []time.Duration{0, 0, time.Second, time.Second, 2 * time.Second, 3 * time.Second},
			wantWaited:  3 * time.Second,
		},
		"time already passed counts toward the interval": {
			interval: time.Second, advance: 700 * time.Millisecond,
			requests:    []string{"POST", "POST"},
			wantOffsets: []time.Duration{0, time.Second},
			wantWaited:  300 * time.Millisecond,
		},
		"zero interval in tests": {
			interval: Disabled, requests: []string{"POST", "POST", "PATCH"},
			wantOffsets: []time.Duration{0, 0, 0},
		},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			clock := NewVirtualClock(t0)
			srv := newScriptedServer(t, clock, step{status: 200})
			o := testOptions(clock, srv.base())
			o.MutationInterval = tc.interval
			tr := newTransport(t, o)
			for i, m := range tc.requests {
				if i > 0 {
					clock.Advance(tc.advance)
				}
				if _, _, err := do(t, tr, m, srv.base()+"repos/o/r", ""); err != nil {
					t.Fatal(err)
				}
			}
			var offsets []time.Duration
			for _, a := range srv.arrivals() {
				offsets = append(offsets, a.At.Sub(t0))
			}
			if diff := cmp.Diff(tc.wantOffsets, offsets); diff != "" {
				t.Errorf("arrival offsets (-want +got):\n%s", diff)
			}
			if got := tr.Stats().MutationWaited; got != tc.wantWaited {
				t.Errorf("mutation waits = %s, want %s", got, tc.wantWaited)
			}
		})
	}
}

func TestMutationSpacingDefaultsToOneSecond(t *testing.T) {
	t.Parallel()
	if got := (Options{}).withDefaults().MutationInterval; got != time.Second {
		t.Errorf("default mutation interval = %s, want 1s", got)
	}
}

package httpretry

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

var t0 = time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)

func TestVirtualClockSleepHonoursCancellation(t *testing.T) {
	t.Parallel()
	clock := NewVirtualClock(t0)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if err := clock.Sleep(ctx, time.Hour); !errors.Is(err, context.Canceled) {
		t.Fatalf("Sleep = %v, want context.Canceled", err)
	}
	if !clock.Now().Equal(t0) || len(clock.Sleeps()) != 0 {
		t.Errorf("a cancelled sleep moved the clock to %v", clock.Now())
	}
	if err := clock.Sleep(context.Background(), time.Minute); err != nil || !clock.Now().Equal(t0.Add(time.Minute)) {
		t.Errorf("Sleep(1m) = %v, now %v", err, clock.Now())
	}
}

func TestVirtualClockRecordsSleeps(t *testing.T) {
	t.Parallel()
	clock := NewVirtualClock(t0)
	for _, d := range []time.Duration{time.Second, 0, -time.Second, 2 * time.Second} {
		if err := clock.Sleep(context.Background(), d); err != nil {
			t.Fatalf("Sleep(%s) = %v", d, err)
		}
	}
	clock.Advance(time.Hour)
	if diff := cmp.Diff([]time.Duration{time.Second, 2 * time.Second}, clock.Sleeps()); diff != "" {
		t.Errorf("sleeps (-want +got):\n%s", diff)
	}
	if got := clock.Slept(); got != 3*time.Second {
		t.Errorf("Slept() = %s, want 3s", got)
	}
	if want := t0.Add(time.Hour + 3*time.Second); !clock.Now().Equal(want) {
		t.Errorf("Now() = %v, want %v", clock.Now(), want)
	}
}

func TestVirtualClockOnSleep(t *testing.T) {
	t.Parallel()
	tests := map[string]struct {
		cancels bool
		wantErr error
		want    []time.Duration
	}{
		"hook runs before the sleep": {want: []time.Duration{time.Minute}},
		"hook cancels the wait":      {cancels: true, wantErr: context.Canceled},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			clock := NewVirtualClock(t0)
			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			var seen []time.Time
			clock.OnSleep(func() {
				seen = append(seen, clock.Now())
				if tc.cancels {
					cancel()
				}
			})
			if err := clock.Sleep(ctx, time.Minute); !errors.Is(err, tc.wantErr) {
				t.Fatalf("Sleep = %v, want %v", err, tc.wantErr)
			}
			if diff := cmp.Diff([]time.Time{t0}, seen); diff != "" {
				t.Errorf("hook saw (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff(tc.want, clock.Sleeps()); diff != "" {
				t.Errorf("sleeps (-want +got):\n%s", diff)
			}
			clock.OnSleep(nil)
			if err := clock.Sleep(context.Background(), time.Second); err != nil || len(seen) != 1 {
				t.Errorf("after OnSleep(nil): Sleep = %v, hook ran %d times, want once", err, len(seen))
			}
		})
	}
}

func TestRealClockSleep(t *testing.T) {
	t.Parallel()
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if err := (RealClock{}).Sleep(ctx, time.Hour); !errors.Is(err, context.Canceled) {
		t.Errorf("Sleep(cancelled, 1h) = %v, want context.Canceled", err)
	}
	if err := (RealClock{}).Sleep(ctx, 0); !errors.Is(err, context.Canceled) {
		t.Errorf("Sleep(cancelled, 0) = %v, want context.Canceled", err)
	}
	if err := (RealClock{}).Sleep(context.Background(), time.Millisecond); err != nil {
		t.Errorf("Sleep(1ms) = %v", err)
	}
}

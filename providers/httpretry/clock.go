package httpretry

import (
	"context"
	"sync"
	"time"
)

// Clock is the time source of every wait (backoff, Retry-After, rate
// limits, polling, timeouts), so that tests run on a virtual clock without
// sleeping.
type Clock interface {
	Now() time.Time
	// Sleep waits for d or until ctx is done, whichever comes first, and
	// returns ctx.Err() in the second case.
	Sleep(ctx context.Context, d time.Duration) error
}

// RealClock is the wall clock.
type RealClock struct{}

// Now returns time.Now().
func (RealClock) Now() time.Time { return time.Now() }

// Sleep waits for d on a timer, or until ctx is done.
func (RealClock) Sleep(ctx context.Context, d time.Duration) error {
	if d <= 0 {
		return ctx.Err()
	}
	timer := time.NewTimer(d)
	defer timer.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-timer.C:
		return nil
	}
}

// VirtualClock is a Clock for tests: Sleep returns at once and moves the
// virtual time forward by the duration slept, recording every sleep. Sleeps
// are serialised: concurrent sleepers add up, so tests of concurrent code
// should assert on counts rather than on virtual times.
type VirtualClock struct {
	mu      sync.Mutex
	now     time.Time
	sleeps  []time.Duration
	onSleep func()
}

// NewVirtualClock returns a virtual clock that starts at start.
func NewVirtualClock(start time.Time) *VirtualClock {
	return &VirtualClock{now: start}
}

// Now returns the virtual time.
func (c *VirtualClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

// OnSleep makes every later Sleep call hook first (the world moving on
// while relctl waits, or an interrupt arriving mid-wait); nil removes it.
func (c *VirtualClock) OnSleep(hook func()) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.onSleep = hook
}

// Sleep runs the OnSleep hook, then records d and advances the virtual time
// by d. A done ctx (also one the hook cancelled) returns its error without
// advancing; a d of zero or less is not recorded.
func (c *VirtualClock) Sleep(ctx context.Context, d time.Duration) error {
	c.mu.Lock()
	hook := c.onSleep
	c.mu.Unlock()
	if hook != nil {
		hook()
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	if d <= 0 {
		return nil
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	c.sleeps = append(c.sleeps, d)
	c.now = c.now.Add(d)
	return nil
}

// Advance moves the virtual time forward by d without recording a sleep (the
// world moving on while relctl does something else).
func (c *VirtualClock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = c.now.Add(d)
}

// Sleeps returns the durations slept so far, in order.
func (c *VirtualClock) Sleeps() []time.Duration {
	c.mu.Lock()
	defer c.mu.Unlock()
	return append([]time.Duration(nil), c.sleeps...)
}

// Slept returns the total of the durations slept so far.
func (c *VirtualClock) Slept() time.Duration {
	c.mu.Lock()
	defer c.mu.Unlock()
	var total time.Duration
	for _, d := range c.sleeps {
		total += d
	}
	return total
}

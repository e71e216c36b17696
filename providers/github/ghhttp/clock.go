package ghhttp

import (
	"time"

	"github.com/relctl/relctl/providers/httpretry"
)

// Clock is the time source of the transport: every wait (backoff, rate
// limits, mutation spacing) goes through Sleep, so that tests run on a
// virtual clock without sleeping.
type Clock = httpretry.Clock

// RealClock is the wall clock.
type RealClock = httpretry.RealClock

// VirtualClock is a Clock for tests: Sleep returns at once and moves the
// virtual time forward by the duration slept, recording every sleep.
type VirtualClock = httpretry.VirtualClock

// NewVirtualClock returns a virtual clock that starts at start.
func NewVirtualClock(start time.Time) *VirtualClock { return httpretry.NewVirtualClock(start) }

package github

import (
	"context"
	"fmt"
	"time"

	"github.com/relctl/relctl/providers"
)

// poll calls step until it reports finished, with intervals that start at
// poll_interval and double up to max_poll_interval (GitHub answers repeated
// reads with 304s through the ETag cache, which cost no quota). When the
// timeout passes first, the error wraps providers.ErrWaitTimeout.
func (p *Provider) poll(ctx context.Context, timeout time.Duration, what string, step func(context.Context) (bool, error)) error {
	deadline := p.clock.Now().Add(timeout)
	interval := p.pollInterval
	for {
		finished, err := step(ctx)
		if err != nil || finished {
			return err
		}
		now := p.clock.Now()
		if !now.Before(deadline) {
			return fmt.Errorf("%w for %s (timeout %s)", providers.ErrWaitTimeout, what, timeout)
		}
		if err := p.clock.Sleep(ctx, min(interval, deadline.Sub(now))); err != nil {
			return fmt.Errorf("waiting for %s: %w", what, err)
		}
		interval = min(2*interval, p.maxPollInterval)
	}
}

// timeoutArg reads a timeout argument, def when unset.
func timeoutArg(a providers.Args, def time.Duration) (time.Duration, error) {
	d, err := durationAttr(a, "timeout", def)
	if err != nil {
		return 0, err
	}
	if d <= 0 && a.Known("timeout") {
		return 0, fmt.Errorf("timeout must be positive")
	}
	return d, nil
}

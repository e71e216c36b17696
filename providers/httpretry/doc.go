// Package httpretry holds what relctl's HTTP providers share about waiting:
// the Clock every wait goes through (the wall clock, or a VirtualClock in
// tests), capped exponential backoff with jitter, the Retry-After header in
// both of its forms (delay-seconds and an HTTP date), and the retry loop
// itself (Policy.Do), which the CircleCI and Slack clients run.
//
// It owns no decision about which requests may be sent again: that depends
// on each API's idempotency rules and stays with the provider's client
// (providers/circleci, providers/slack, providers/github/ghhttp), which
// passes it to Do as a Decide function.
package httpretry

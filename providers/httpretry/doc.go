// Package httpretry holds what relctl's HTTP providers share about waiting:
// the Clock every wait goes through (the wall clock, or a VirtualClock in
// tests), capped exponential backoff with jitter, and the Retry-After
// header in both of its forms (delay-seconds and an HTTP date).
//
// It owns no decision about which requests may be sent again: that depends
// on each API's idempotency rules and stays with the provider's client
// (providers/circleci, providers/slack, providers/github/ghhttp), which
// combines these pieces into its retry loop.
package httpretry

// Package httpretrytest holds the test helpers that the fake servers and
// the tests of relctl's HTTP providers share: dropping a connection the way
// a network failure does, and a log sink for loggers written to from
// several goroutines. The virtual clock itself is httpretry.VirtualClock.
//
// The fakes that speak each API (circlecitest, slacktest, githubtest) stay
// with their providers; this package knows nothing of any API.
package httpretrytest

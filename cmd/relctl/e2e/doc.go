// Package e2e holds relctl's end-to-end tests: they build the relctl
// binary once, run it as a user does (plan, apply, resume, rollback, state),
// and judge the outcome by reading the git repositories the release
// changed, not by what relctl says about them.
//
// Each test works in its own directory on a fresh copy of the quickstart
// product (examples/quickstart: four bare git remotes made by setup.sh),
// with the quickstart configuration or a variant of it written by the test.
// The nort and GT Releaser tests (nort_test.go, gtreleaser_test.go) work
// on a copy of their example instead (examples/nort, examples/gt-releaser,
// made by the example's own setup.sh) and follow its README: the remote,
// the artifact repository and the installation directory, or the six
// repositories of the example system, are read with git and by hashing
// every file.
//
// The tests own no production code; the layers they exercise are cmd/relctl
// and everything below it.
package e2e

// Package statetest is the conformance suite of state backends: every
// state.Backend must pass TestBackend, which exercises it through the
// contract only (state/backend.go), plus the few ways a harness can
// damage its storage as a crash or a foreign writer would.
package statetest

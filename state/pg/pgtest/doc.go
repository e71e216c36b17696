// Package pgtest gives tests a real PostgreSQL database: one new
// database per test, on the server RELCTL_TEST_PG names or, when it is
// unset, on a throwaway server the test binary starts with initdb and
// pg_ctl on a temporary Unix socket directory and stops when it exits.
//
// A package whose tests use it calls Main from TestMain:
//
//	func TestMain(m *testing.M) { pgtest.Main(m) }
//
// Without a server (no RELCTL_TEST_PG, no PostgreSQL binaries) the tests
// are skipped, except in CI (CI=true), where they fail and say why.
package pgtest

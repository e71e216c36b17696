// Package configtest compares diagnostics with the messages that test
// fixtures mark inline: a comment "# ERROR: summary" (or "# WARNING:") on
// the line a diagnostic must point at.
package configtest

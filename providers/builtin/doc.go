// Package builtin assembles the registry of the providers that ship with
// relctl.
package builtin

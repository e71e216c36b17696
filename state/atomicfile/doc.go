// Package atomicfile writes files durably: a temporary file in the same
// directory, fsynced, renamed over the target, and the directory fsynced,
// so that a reader sees either the old content or the new, never a mix.
package atomicfile

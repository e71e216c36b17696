// Package textdiff renders the change of one file as the unified diff that
// plans show (git's "--- a/path" / "+++ b/path" form, "/dev/null" for a file
// that did not exist). The git and GitHub providers both describe file
// edits this way; each decides which files to show, how many lines of
// context, and when a change is too large or binary to show line by line.
package textdiff

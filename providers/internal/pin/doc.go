// Package pin sets the versions of dependencies inside a project file
// (Maven pom.xml, package.json, go.mod, or any text through a regular
// expression), changing only the bytes of the version values: white space,
// comments, key order and line endings stay as they are.
//
// A Spec names the file, its format and the dependencies to pin; Apply
// edits the content the caller read, and Decode reads the specs from an
// action's "pins" argument. Reading and writing the file belong to the
// providers (git_commit, github_file); this package only edits bytes.
//
// A dependency that the file does not name is an error wrapping
// ErrNotFound, one that could mean two different things an error wrapping
// ErrAmbiguous. Pinning a dependency that already has the version changes
// nothing, so applying a spec twice gives the content of applying it once.
package pin

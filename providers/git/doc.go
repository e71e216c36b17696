// Package git is relctl's git provider: the git_branch, git_commit,
// git_tag, git_merge and git_push actions and the planning reads (refs,
// default branch, commits since a tag, files, facts), all done by running
// the real git binary (argv only, never a shell) against any remote: ssh,
// https, git, file URLs or paths.
//
// # Model
//
// git_branch, git_commit, git_tag and git_merge work in relctl's own bare
// clone of the remote, under the provider's workdir (default
// ".relctl/work" in the configuration directory), one directory per remote
// named from the sanitised URL and a digest of it. Nothing reaches the
// remote until git_push publishes the branches and tags it names: creation
// actions come before push actions, so a release can be made completely
// and inspected before anything is shared.
//
// The clone keeps the remote's branches under refs/remotes/origin/ and its
// tags under refs/remote-tags/, apart from relctl's local branches and tags
// (refs/heads/, refs/tags/). Every step fetches first. A name used as a
// start point or merge source resolves to relctl's local branch, then the
// remote's branch, the remote's tag, a local tag, then a commit SHA.
//
// Commits and merges are written with plumbing (a private index file,
// write-tree, commit-tree, merge-tree) and refs are moved with
// compare-and-swap (update-ref with the expected old value), so there is
// no working tree that an interrupted apply could leave half changed.
//
// git_commit computes its files from the branch head: files as given, the
// project version set in the version files (version.go), then the
// dependency versions of its pins set (providers/internal/pin), each
// change made to the bytes of the values only. The plan shows the result
// as a unified diff against the head.
//
// # Resuming and repair
//
// A clone is used under a per-clone mutex and an OS file lock
// (<clone>.lock). Before use, lock files a killed git left behind are
// removed, a clone that is not a bare repository of the expected remote
// (or was never finished: clones are made in a temporary directory and
// renamed into place) is made again, and local refs whose objects are
// missing are deleted so that the work is redone rather than trusted.
//
// CheckAction recognises work already done: a branch or tag that exists
// (locally or on the remote) at the expected commit, a commit carrying the
// trailers "Relctl-Action: <address>" and "Relctl-Args: <digest of the
// arguments>", or files that already hold the content; a merge whose
// source is contained in the branch; a push whose refs are on the remote.
// ApplyAction checks first, so applying twice does the work once.
//
// # Undo
//
// Local actions are reversible: undo deletes the branch or tag, or resets
// the local branch, only if it is still where the action left it.
// git_push is reversible when it only created refs (undo deletes them) and
// compensable when it moved an existing branch: undo puts the branch back
// with --force-with-lease, only if it still points at what relctl pushed,
// and otherwise fails naming both commits. The old values are recorded in
// a journal in the clone before pushing, so a push interrupted before the
// state recorded it can still be undone exactly.
//
// # Facts
//
// Plans record "ref:<remote>:heads/<branch>" and "ref:<remote>:tags/<tag>"
// facts (see FactKey): the key holds the remote URL or absolute path with
// credentials removed, so CheckFact reads the remote again with ls-remote.
// Credentials belong in a git credential helper or ssh agent.
//
// Descriptions, errors and logs never show the credentials of a URL. The
// executor decides when actions run; this package only performs them.
package git

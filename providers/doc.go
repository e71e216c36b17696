// Package providers defines the contract between relctl's planner and executor
// and the systems a release touches (GitHub, git, CI systems, commands, chat).
//
// A provider offers action types. Every action type has a schema (its
// arguments and outputs), a plan step (read the world, decide the operation,
// describe it, record the facts it relied on), an apply step (perform it and
// return outputs and the data needed to undo it), a check (did it already
// happen? used right before running and when resuming) and an undo.
// action.go declares an action type once (ActionType: its schema with its
// implementation) and dispatches the provider methods to it (Actions):
// the provider embeds the dispatcher and gives it an open hook that parses
// the arguments and prepares what every call of its actions runs with.
//
// Planning reads (repository refs, commits since a tag, milestones, files)
// are optional abilities that a provider declares by implementing the small
// reader interfaces in reads.go; callers discover them by type assertion.
//
// The concrete providers live in sub-packages (providers/git, providers/exec,
// providers/github, ...). providers/builtin assembles the default Registry.
package providers

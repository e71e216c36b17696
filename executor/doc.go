// Package executor performs a plan: it walks the plan's action graph with
// bounded parallelism, resolves values known only after apply from the
// outputs of finished actions, re-checks each action against the world
// right before running it, records every status change in the state, and
// undoes finished actions on rollback. What to do was decided by the
// planner; how to do it is the providers' business; remembering it is the
// state's.
//
// graph.go orders the actions (depends_on plus the actions whose outputs
// deferred arguments read) and walk.go schedules them: an action starts as
// soon as everything it waits for is done, tallest remaining chain first,
// at most Parallelism at once. apply.go and rollback.go are the two
// directions of the walk; action.go runs one action (check, then adopt,
// refuse or apply; Running is recorded before the provider is called and
// Done with outputs and undo data after); outputs.go converts outputs
// between cty values and the JSON the state holds. The executor keeps no
// copy of the state: it reads every record back from the Journal (a
// state.Recorder), as stored and redacted, so a run and a later run
// resuming it see the same values.
//
// A failure skips what depends on it ("upstream failed", reported on the
// failed action only), except that actions in a later stage run although
// an action of an on_failure = "continue" stage failed, unless they read
// its outputs. Cancelling the context stops starting actions; running
// ones get a grace period. A wait that times out (providers.ErrWaitTimeout)
// stops the run without failing it. Progress goes to a Hook; the command
// line's views implement it.
package executor

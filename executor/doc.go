// Package executor performs a plan: it walks the plan's action graph with
// bounded parallelism, resolves values known only after apply from the
// outputs of finished actions, re-checks each action against the world
// right before running it, records every status change in the state, and
// undoes finished actions on rollback. What to do was decided by the
// planner; how to do it is the providers' business.
package executor

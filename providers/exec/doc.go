// Package exec is relctl's exec provider: the exec action runs one command
// given as an argv list (never through a shell) in a directory inside the
// configuration directory, with extra environment variables and a timeout.
// Its output goes line by line to the apply log; the exit code and the
// trimmed standard output (capped at 64 KiB) are the action's outputs.
//
// A command cannot be checked against the world: CheckAction says done
// only when the state recorded outputs for it, so an interrupted command
// runs again on resume. An exec action with an undo argv is compensable
// (rollback runs that command); without one it is irreversible.
//
// Environment values may be secrets: the schema marks env sensitive (the
// planner keeps the expression, not the value), they are never logged,
// and they are masked in the logged and returned output.
package exec

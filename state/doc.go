// Package state owns relctl's state file: what apply and rollback have done
// to the world, action by action, and the lock that keeps two runs apart.
//
// The state is a journal: a header naming the lineage and the plan, then one
// appended, checksummed record per status change, fsynced before the remote
// call it announces. Reading replays the records; a torn final record (a
// crash mid-write) is detected and ignored. The executor decides what to do;
// this package only remembers it.
package state

// FormatVersion is the version of the state file format this relctl writes
// and the newest it reads.
const FormatVersion = "1"

package main

import (
	"runtime/debug"

	"github.com/relctl/relctl/planner/plan"
)

// readPlanFile reads and verifies a plan file for a run, then returns to
// the system what that left behind.
//
// Reading decodes the plan element by element and checks it by hashing
// its encoding, so what is live at once is little more than the plan (20
// MiB for 10,000 actions). But it allocates the file's size several times
// over in short-lived buffers; at the default GC target the heap grows to
// about twice the plan before a collection, and the run that follows
// would keep those pages. One collection that hands them back keeps the
// peak of the whole apply down (66 MiB for 10,000 actions, 79 MiB without).
func readPlanFile(path string) (*plan.Plan, error) {
	p, err := plan.ReadFile(path)
	debug.FreeOSMemory()
	return p, err
}

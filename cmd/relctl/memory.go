package main

import (
	"os"
	"runtime"
	"runtime/debug"

	"github.com/relctl/relctl/planner/plan"
)

// decodeGCPercent is the GC target while a plan file is read and
// verified. Verifying holds the file, the decoded plan and its encoding
// again at once, about five times the file's size live (64 MiB for the
// 12 MB plan of 10,000 actions) for a fraction of a second; at the default
// of 100 the heap would grow to twice that before the next collection,
// which would make the peak of the whole apply. At 25 it grows by a
// quarter, for a few more collections of that short phase.
const decodeGCPercent = 10

// readPlanFile reads and verifies a plan file for a run, then frees what
// that left behind.
//
// Besides the buffers, encoding/json keeps its encoder's buffer, at the
// plan's size, in a pool; every later json.Marshal of the run (one or more
// per action) would take it out and put it back, so that it would stay
// live until the end. Two collections with no encoding in between empty
// that pool (the first moves it aside, the second drops it), and the
// second returns the memory to the system.
func readPlanFile(path string) (*plan.Plan, error) {
	if os.Getenv("GOGC") == "" {
		defer debug.SetGCPercent(debug.SetGCPercent(decodeGCPercent))
	}
	p, err := plan.ReadFile(path)
	runtime.GC()
	debug.FreeOSMemory()
	return p, err
}

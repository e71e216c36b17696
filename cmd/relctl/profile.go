package main

import (
	"bytes"
	"fmt"
	"os"
	"runtime"
	"runtime/metrics"
	"runtime/pprof"
	"time"
)

// startProfiles writes a CPU profile to $RELCTL_CPUPROFILE and, when the
// command ends, a heap profile to $RELCTL_MEMPROFILE: for measuring
// relctl itself (testdata/bench), not for users. The returned func stops
// and writes them.
func startProfiles(getenv func(string) string) func() {
	var stops []func()
	if path := getenv("RELCTL_CPUPROFILE"); path != "" {
		f, err := os.Create(path)
		if err == nil {
			err = pprof.StartCPUProfile(f)
		}
		if err != nil {
			fmt.Fprintln(os.Stderr, "relctl: RELCTL_CPUPROFILE:", err)
		} else {
			stops = append(stops, func() { pprof.StopCPUProfile(); f.Close() })
		}
	}
	if path := getenv("RELCTL_MEMPROFILE"); path != "" {
		stops = append(stops, peakHeapProfile(path))
	}
	return func() {
		for _, stop := range stops {
			stop()
		}
	}
}

// peakHeapProfile samples the live heap (as of the last GC) every 50 ms
// and keeps the heap profile taken when it was largest; the returned
// func writes that one to path (its inuse samples are what was live at
// the peak, its alloc samples everything allocated until then).
func peakHeapProfile(path string) func() {
	runtime.MemProfileRate = 64 << 10
	done := make(chan struct{})
	finished := make(chan []byte)
	go func() {
		sample := []metrics.Sample{{Name: "/gc/heap/live:bytes"}}
		var peak uint64
		var best []byte
		t := time.NewTicker(50 * time.Millisecond)
		defer t.Stop()
		for {
			metrics.Read(sample)
			if v := sample[0].Value.Uint64(); v > peak {
				peak = v
				var buf bytes.Buffer
				if err := pprof.Lookup("heap").WriteTo(&buf, 0); err == nil {
					best = buf.Bytes()
				}
			}
			select {
			case <-t.C:
			case <-done:
				finished <- best
				return
			}
		}
	}()
	return func() {
		close(done)
		if err := os.WriteFile(path, <-finished, 0o644); err != nil {
			fmt.Fprintln(os.Stderr, "relctl: RELCTL_MEMPROFILE:", err)
		}
	}
}

// Command bench measures relctl beside Terraform and xargs on the same
// layered DAG (`make bench`): it generates the DAG for each tool, runs
// them interleaved round by round (the machine may be shared, so ratios
// taken within one round mean more than absolute times), and prints
// Markdown for README's Performance section.
//
//	go run ./testdata/bench -relctl bin/relctl
package main

import (
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
	"time"
)

func main() {
	relctl := flag.String("relctl", "bin/relctl", "the relctl binary to measure")
	rounds := flag.Int("rounds", 3, "interleaved rounds of each workload (the median is reported)")
	big := flag.Int("big", 100, "layers and width of the large DAG (100: 10,000 nodes; 0 skips it)")
	noTF := flag.Bool("no-terraform", false, "do not run Terraform even when it is on PATH")
	flag.Parse()
	abs, err := filepath.Abs(*relctl)
	if err != nil {
		fail(err)
	}
	b := &bench{relctl: abs, rounds: *rounds, tools: findTools()}
	if !*noTF {
		b.terraform, _ = exec.LookPath("terraform")
	}
	if b.work, err = os.MkdirTemp("", "relctl-bench-"); err != nil {
		fail(err)
	}
	defer os.RemoveAll(b.work)
	b.header()
	for _, step := range []func() error{b.sleepers, b.trues, func() error { return b.large(*big) }} {
		if err := step(); err != nil {
			fail(err)
		}
	}
}

func fail(err error) {
	fmt.Fprintln(os.Stderr, "bench:", err)
	os.Exit(1)
}

// bench holds what every workload needs.
type bench struct {
	relctl, terraform string
	rounds            int
	tools             tools
	work              string
}

// header names the machine and what is missing.
func (b *bench) header() {
	fmt.Printf("Machine: %d CPUs (%s), %s/%s, %s; load average %s.\n", runtime.NumCPU(), cpuModel(), runtime.GOOS, runtime.GOARCH, runtime.Version(), loadAverage())
	var missing []string
	if b.tools.timeV == "" {
		missing = append(missing, "GNU time (peak RSS from the kernel's rusage instead; apt-get install time)")
	}
	if b.tools.strace == "" {
		missing = append(missing, "strace (fsyncs not counted; apt-get install strace)")
	}
	if b.terraform == "" {
		missing = append(missing, "terraform (not compared)")
	} else if out, err := exec.Command(b.terraform, "version").Output(); err == nil {
		fmt.Printf("Terraform: %s.\n", strings.SplitN(string(out), "\n", 2)[0])
	}
	for _, m := range missing {
		fmt.Printf("Missing: %s.\n", m)
	}
	fmt.Printf("Each figure is the median of %d interleaved rounds.\n\n", b.rounds)
	fmt.Println("| workload | figure |")
	fmt.Println("|---|---|")
}

func row(what, figure string, args ...any) {
	fmt.Printf("| %s | %s |\n", what, fmt.Sprintf(figure, args...))
}

func cpuModel() string {
	data, err := os.ReadFile("/proc/cpuinfo")
	if err != nil {
		return "unknown CPU"
	}
	for _, line := range strings.Split(string(data), "\n") {
		if k, v, ok := strings.Cut(line, ":"); ok && strings.TrimSpace(k) == "model name" {
			return strings.TrimSpace(v)
		}
	}
	return "unknown CPU"
}

func loadAverage() string {
	data, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return "unknown"
	}
	return strings.Join(strings.Fields(string(data))[:3], " ")
}

func median(ds []time.Duration) time.Duration {
	s := append([]time.Duration(nil), ds...)
	sort.Slice(s, func(i, j int) bool { return s[i] < s[j] })
	return s[len(s)/2]
}

func secs(d time.Duration) string { return fmt.Sprintf("%.2f s", d.Seconds()) }

func mib(n int64) string { return fmt.Sprintf("%.0f MiB", float64(n)/(1<<20)) }

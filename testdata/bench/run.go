package main

import (
	"bufio"
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"syscall"
	"time"
)

// measure is one command's cost.
type measure struct {
	wall time.Duration
	cpu  time.Duration // user + system, children included
	rss  int64         // peak resident set, bytes
}

// tools are the measuring programs found on PATH; a missing one is
// reported, never installed.
type tools struct {
	timeV  string // GNU time, for peak RSS (time -v)
	strace string // for counting fsyncs
}

func findTools() tools {
	var t tools
	if _, err := os.Stat("/usr/bin/time"); err == nil {
		t.timeV = "/usr/bin/time"
	}
	t.strace, _ = exec.LookPath("strace")
	return t
}

// run runs argv in dir and measures it. With GNU time present the peak
// RSS is the one time -v reports; else the kernel's rusage of the child.
func (t tools) run(dir string, env []string, argv ...string) (measure, error) {
	var report string
	if t.timeV != "" {
		f, err := os.CreateTemp("", "bench-time-*")
		if err != nil {
			return measure{}, err
		}
		f.Close()
		defer os.Remove(f.Name())
		report = f.Name()
		argv = append([]string{t.timeV, "-v", "-o", report}, argv...)
	}
	cmd := exec.Command(argv[0], argv[1:]...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), env...)
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	start := time.Now()
	err := cmd.Run()
	m := measure{wall: time.Since(start)}
	if err != nil {
		return m, fmt.Errorf("%s in %s: %w\n%s", strings.Join(argv, " "), dir, err, tail(out.String(), 2000))
	}
	if ru, ok := cmd.ProcessState.SysUsage().(*syscall.Rusage); ok {
		m.cpu = time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
		m.rss = ru.Maxrss * 1024
	}
	if report != "" {
		rss, err := maxRSS(report)
		if err != nil {
			return m, err
		}
		m.rss = rss
	}
	return m, nil
}

var maxRSSLine = regexp.MustCompile(`Maximum resident set size \(kbytes\): (\d+)`)

// maxRSS reads the peak RSS from a time -v report.
func maxRSS(report string) (int64, error) {
	data, err := os.ReadFile(report)
	if err != nil {
		return 0, err
	}
	m := maxRSSLine.FindSubmatch(data)
	if m == nil {
		return 0, fmt.Errorf("no peak RSS in the time -v report: %s", data)
	}
	kb, _ := strconv.ParseInt(string(m[1]), 10, 64)
	return kb * 1024, nil
}

// fsyncs runs argv under strace and counts the fsync and fdatasync calls
// of the process and its threads (not of the commands it starts).
func (t tools) fsyncs(dir string, argv ...string) (int, error) {
	if t.strace == "" {
		return 0, fmt.Errorf("strace is not installed")
	}
	out := filepath.Join(dir, "strace.out")
	defer os.Remove(out)
	// -f follows the Go runtime's threads; the commands it runs are
	// followed too, but /bin/sh -c true makes no fsync.
	cmd := exec.Command(t.strace, append([]string{"-f", "-qq", "-e", "trace=fsync,fdatasync", "-o", out}, argv...)...)
	cmd.Dir = dir
	if b, err := cmd.CombinedOutput(); err != nil {
		return 0, fmt.Errorf("strace %s: %w\n%s", strings.Join(argv, " "), err, tail(string(b), 2000))
	}
	f, err := os.Open(out)
	if err != nil {
		return 0, err
	}
	defer f.Close()
	n := 0
	for sc := bufio.NewScanner(f); sc.Scan(); {
		line := sc.Text()
		if strings.Contains(line, "fsync(") || strings.Contains(line, "fdatasync(") {
			if !strings.Contains(line, "resumed>") {
				n++
			}
		}
	}
	return n, nil
}

func tail(s string, n int) string {
	if len(s) > n {
		return "…" + s[len(s)-n:]
	}
	return s
}

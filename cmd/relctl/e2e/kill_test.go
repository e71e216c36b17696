//go:build linux

package e2e

import (
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"time"
)

// killMode is what a SIGKILL takes down.
type killMode int

const (
	// killRelctl kills relctl alone, as `kill -9 PID` does; the git
	// commands it had started run on as orphans to their end.
	killRelctl killMode = iota
	// killTree kills relctl and its local git commands at once, as a crash
	// of the machine running relctl does. The receiving side of a push
	// (git-receive-pack in the remote) is the server: it is left to finish
	// or abort as a server does when its client dies.
	killTree
)

func (m killMode) String() string {
	if m == killTree {
		return "relctl and its git"
	}
	return "relctl alone"
}

// killAfter kills the process delay after now, unless it ends first, and
// waits until every process of its group is gone. It returns how the
// process ended and whether the kill ended it.
func (p *proc) killAfter(delay time.Duration, mode killMode, remotes string) (result, bool) {
	p.t.Helper()
	select {
	case <-p.done:
		return p.wait(), false
	case <-time.After(delay):
	}
	r := p.kill(mode, remotes)
	p.waitGroupGone()
	return r, r.killed
}

// kill sends SIGKILL as mode says and waits for relctl to end; the other
// processes of its group may still run.
func (p *proc) kill(mode killMode, remotes string) result {
	p.t.Helper()
	pgid := p.pid()
	syscall.Kill(pgid, syscall.SIGKILL)
	if mode == killTree {
		// relctl is dead and starts nothing more; its git commands may
		// still start children until they die. (The group is not frozen
		// with SIGSTOP: a group left stopped and orphaned gets SIGHUP,
		// which would kill the remote's side of a push too.)
		deadline := time.Now().Add(time.Minute)
		for clients := p.clients(pgid, remotes); len(clients) > 0; clients = p.clients(pgid, remotes) {
			if time.Now().After(deadline) {
				p.t.Fatalf("git commands of killed relctl %d live on: %v", pgid, clients)
			}
			for _, pid := range clients {
				syscall.Kill(pid, syscall.SIGKILL)
			}
			time.Sleep(time.Millisecond)
		}
	}
	return p.wait()
}

// clients lists the live processes of the group that do not serve a remote.
func (p *proc) clients(pgid int, remotes string) []int {
	var out []int
	for _, pid := range groupMembers(pgid) {
		if !servesRemote(pid, remotes) {
			out = append(out, pid)
		}
	}
	return out
}

// waitGroupGone waits until no live process is left in the group: a
// resumed apply must not race the orphans of the killed one.
func (p *proc) waitGroupGone() {
	p.t.Helper()
	pgid := p.pid()
	deadline := time.Now().Add(30 * time.Second)
	for len(groupMembers(pgid)) > 0 {
		if time.Now().After(deadline) {
			p.t.Fatalf("processes of killed relctl %d still run after 30s: %v", pgid, groupMembers(pgid))
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// groupMembers lists the live (not zombie) processes of process group pgid.
func groupMembers(pgid int) []int {
	entries, _ := os.ReadDir("/proc")
	var pids []int
	for _, e := range entries {
		pid, err := strconv.Atoi(e.Name())
		if err != nil {
			continue
		}
		data, err := os.ReadFile(filepath.Join("/proc", e.Name(), "stat"))
		if err != nil {
			continue
		}
		// pid (comm) state ppid pgrp ...; comm may hold spaces.
		rest := string(data[strings.LastIndexByte(string(data), ')')+1:])
		f := strings.Fields(rest)
		if len(f) < 3 || f[0] == "Z" || f[0] == "X" {
			continue
		}
		if g, _ := strconv.Atoi(f[2]); g == pgid {
			pids = append(pids, pid)
		}
	}
	return pids
}

// servesRemote reports whether pid works inside the remotes directory:
// git-receive-pack and the commands it runs enter the remote repository.
func servesRemote(pid int, remotes string) bool {
	cwd, err := os.Readlink(filepath.Join("/proc", strconv.Itoa(pid), "cwd"))
	return err == nil && strings.HasPrefix(cwd+"/", remotes+"/")
}

package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/relctl/relctl/cmd/relctl/views"

	"github.com/google/go-cmp/cmp"
	"github.com/sebdah/goldie/v2"

	"github.com/relctl/relctl/state"
)

var stateT0 = time.Date(2024, 5, 1, 10, 0, 0, 0, time.UTC)

func stateAt(sec int) time.Time { return stateT0.Add(time.Duration(sec) * time.Second) }

const (
	addrBranch   = "stage.prepare.github_branch.prepare"
	addrFile     = "stage.prepare.github_file.release_json"
	addrPR       = "stage.prepare.github_pull_request.prepare"
	addrPipeline = `stage.maven["gravitee-common"].circleci_pipeline.release`
	addrTag      = `stage.maven["gravitee-common"].github_tag.release`
)

// stateFixture is a state file built with the journal, as an apply that
// failed halfway leaves it.
type stateFixture struct {
	dir, path string
	lineage   string
}

// stateRecords are the fixture's status changes.
var stateRecords = []state.Action{
	{Address: addrBranch, Status: state.Running, StartedAt: stateAt(1)},
	{Address: addrBranch, Status: state.Done, FinishedAt: stateAt(3),
		Outputs: json.RawMessage(`{"ref":"refs/heads/feature/prepare_release_3.4.7","sha":"1a2b3c4d5e6f"}`), UndoData: json.RawMessage(`{"delete_ref":"heads/feature/prepare_release_3.4.7"}`)},
	{Address: addrFile, Status: state.Running, StartedAt: stateAt(4)},
	{Address: addrFile, Status: state.Done, FinishedAt: stateAt(4), Adopted: true, Note: "release.json already holds the release versions"},
	{Address: addrPR, Status: state.Running, StartedAt: stateAt(5)},
	{Address: addrPR, Status: state.Failed, FinishedAt: stateAt(6), Error: "POST /repos/gravitee-io/release/pulls: 502 Bad Gateway"},
	{Address: addrPR, Status: state.Running, StartedAt: stateAt(10)},
	{Address: addrPR, Status: state.Failed, FinishedAt: stateAt(75), Error: "POST /repos/gravitee-io/release/pulls: 422 Validation Failed\nA pull request already exists for gravitee-io:feature/prepare_release_3.4.7."},
	{Address: addrPipeline, Status: state.Skipped, FinishedAt: stateAt(75), Note: "upstream failed: " + addrPR},
}

func newStateFixture(t *testing.T, records []state.Action) stateFixture {
	t.Helper()
	dir := t.TempDir()
	path := filepath.Join(dir, "relctl.state")
	j, err := state.Open(context.Background(), path, "apply", 0)
	if err != nil {
		t.Fatal(err)
	}
	defer j.Close()
	j.SetClock(func() time.Time { return stateT0 })
	addrs := []string{addrBranch, addrFile, addrPR, addrPipeline, addrTag}
	if err := j.Begin("9f2c1d0e8b7a6f5e4d3c2b1a0f9e8d7c6b5a4f3e2d1c0b9a8f7e6d5c4b3ae41a", "APIM 3.4.7", addrs); err != nil {
		t.Fatal(err)
	}
	for _, rec := range records {
		if err := j.Record(rec); err != nil {
			t.Fatal(err)
		}
	}
	return stateFixture{dir: dir, path: path, lineage: j.State().Lineage}
}

// stateRun is the outcome of one in-process relctl run.
type stateRun struct {
	code           int
	stdout, stderr string
}

func runStateCLI(t *testing.T, args ...string) stateRun {
	t.Helper()
	var stdout, stderr bytes.Buffer
	code := run(args, strings.NewReader(""), &stdout, &stderr)
	return stateRun{code, stdout.String(), stderr.String()}
}

func (r stateRun) String() string {
	return fmt.Sprintf("exit code: %d\n--- stdout\n%s--- stderr\n%s", r.code, r.stdout, r.stderr)
}

// assertStateGolden compares output with its golden file, after replacing
// what differs from run to run (the temporary directory, the lineage and
// lock IDs) by placeholders.
func assertStateGolden(t *testing.T, out string, replace ...string) {
	t.Helper()
	var pairs []string
	for i := 0; i+1 < len(replace); i += 2 {
		if replace[i] != "" {
			pairs = append(pairs, replace[i], replace[i+1])
		}
	}
	out = strings.NewReplacer(pairs...).Replace(out)
	g := goldie.New(t, goldie.WithFixtureDir("testdata/state"), goldie.WithSubTestNameForDir(true))
	g.Assert(t, "output", []byte(out))
}

func TestStateListAndShow(t *testing.T) {
	t.Parallel()
	fx := newStateFixture(t, stateRecords)
	tests := map[string]struct {
		args     []string
		wantCode int
	}{
		"list":                   {[]string{"state", "list"}, 0},
		"show done":              {[]string{"state", "show", addrBranch}, 0},
		"show adopted":           {[]string{"state", "show", addrFile}, 0},
		"show failed twice":      {[]string{"state", "show", addrPR}, 0},
		"show skipped":           {[]string{"state", "show", addrPipeline}, 0},
		"show pending":           {[]string{"state", "show", addrTag}, 0},
		"show unknown address":   {[]string{"state", "show", "stage.nope.exec.x"}, 1},
		"list with state flag":   {[]string{"state", "list", "--state", "other/relctl.state"}, 1},
		"list absolute no state": {[]string{"state", "list", "-state", "/nonexistent/relctl.state"}, 1},
	}
	for name, tc := range tests {
		t.Run(strings.ReplaceAll(name, " ", "_"), func(t *testing.T) {
			t.Parallel()
			got := runStateCLI(t, append([]string{"--chdir", fx.dir}, tc.args...)...)
			if got.code != tc.wantCode {
				t.Errorf("exit code %d, want %d\n%s", got.code, tc.wantCode, got)
			}
			assertStateGolden(t, got.String(), fx.dir, "<dir>", fx.lineage, "<lineage>")
		})
	}
}

func TestStateUnlock(t *testing.T) {
	t.Parallel()
	tests := map[string]struct {
		dead     bool // the holder died, leaving its lock info
		live     bool // this process holds the lock
		id       string
		wantCode int
	}{
		"dead holder":    {dead: true, wantCode: 0},
		"wrong lock id":  {dead: true, id: "0b0e7e3c-0000-4000-8000-000000000000", wantCode: 1},
		"holder running": {live: true, wantCode: 1},
		"not locked":     {id: "0b0e7e3c-0000-4000-8000-000000000000", wantCode: 1},
	}
	for name, tc := range tests {
		t.Run(strings.ReplaceAll(name, " ", "_"), func(t *testing.T) {
			t.Parallel()
			dir := t.TempDir()
			path := filepath.Join(dir, "relctl.state")
			var info state.LockInfo
			if tc.dead || tc.live {
				l, err := state.Lock(context.Background(), path, "apply", 0)
				if err != nil {
					t.Fatal(err)
				}
				info = l.Info()
				if tc.live {
					t.Cleanup(func() { l.Unlock() })
				} else {
					leaveDeadLock(t, path, l)
				}
			}
			id := tc.id
			if id == "" {
				id = info.ID
			}
			got := runStateCLI(t, "--chdir", dir, "state", "unlock", id)
			if got.code != tc.wantCode {
				t.Errorf("exit code %d, want %d\n%s", got.code, tc.wantCode, got)
			}
			if _, err := state.ReadLockInfo(path); (err == nil) != (tc.dead && tc.wantCode != 0 || tc.live) {
				t.Errorf("lock info after unlock: %v", err)
			}
			assertStateGolden(t, got.String(), dir, "<dir>", info.ID, "<lock id>", info.Who, "<user@host>",
				fmt.Sprintf("pid %d", info.PID), "pid <pid>", info.Created.Format(time.RFC3339), "<created>")
		})
	}
}

// leaveDeadLock releases l's OS lock but puts its lock info back, as a
// holder that died leaves the state.
func leaveDeadLock(t *testing.T, path string, l *state.Held) {
	t.Helper()
	infoFile := path + ".lock.info"
	data, err := os.ReadFile(infoFile)
	if err != nil {
		t.Fatal(err)
	}
	if err := l.Unlock(); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(infoFile, data, 0o644); err != nil {
		t.Fatal(err)
	}
}

func TestWriteStateSummary(t *testing.T) {
	t.Parallel()
	done := func(addr string) []state.Action {
		return []state.Action{{Address: addr, Status: state.Running, StartedAt: stateAt(1)}, {Address: addr, Status: state.Done, FinishedAt: stateAt(2)}}
	}
	var all []state.Action
	for _, addr := range []string{addrBranch, addrFile, addrPR, addrPipeline, addrTag} {
		all = append(all, done(addr)...)
	}
	tests := map[string][]state.Action{
		"apply stopped": stateRecords,
		"nothing done":  nil,
		"complete":      all,
		"rolled back": append(append([]state.Action{}, all...),
			state.Action{Address: addrTag, Status: state.Undoing}, state.Action{Address: addrTag, Status: state.Undone, UndoneAt: stateAt(90)}),
		"rollback stopped": append(append([]state.Action{}, all...),
			state.Action{Address: addrTag, Status: state.Undoing},
			state.Action{Address: addrTag, Status: state.UndoFailed, UndoneAt: stateAt(90), Error: "DELETE /repos/gravitee-io/gravitee-common/git/refs/tags/1.20.5: 403 Forbidden"}),
	}
	for name, records := range tests {
		t.Run(strings.ReplaceAll(name, " ", "_"), func(t *testing.T) {
			t.Parallel()
			fx := newStateFixture(t, records)
			s, err := state.Read(fx.path)
			if err != nil {
				t.Fatal(err)
			}
			var buf bytes.Buffer
			views.WriteStateSummary(&buf, s)
			assertStateGolden(t, buf.String(), fx.lineage, "<lineage>")
		})
	}
}

func TestStatePath(t *testing.T) {
	t.Parallel()
	tests := map[string]struct {
		chdir, flag, want string
	}{
		"default":        {chdir: "/cfg", want: "/cfg/relctl.state"},
		"relative flag":  {chdir: "/cfg", flag: "states/prod.state", want: "/cfg/states/prod.state"},
		"absolute flag":  {chdir: "/cfg", flag: "/var/relctl/prod.state", want: "/var/relctl/prod.state"},
		"no chdir":       {flag: "x.state", want: "x.state"},
		"dot chdir":      {chdir: ".", want: "relctl.state"},
		"relative chdir": {chdir: "release", flag: "../x.state", want: "x.state"},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			got := statePath(&Globals{Chdir: tc.chdir}, tc.flag)
			if diff := cmp.Diff(tc.want, got); diff != "" {
				t.Errorf("statePath (-want +got):\n%s", diff)
			}
		})
	}
}

package state

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/uuid"
)

func readFile(t *testing.T, path string) []byte {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return data
}

func writeFile(t *testing.T, path string, data []byte) {
	t.Helper()
	if err := os.WriteFile(path, data, 0o600); err != nil {
		t.Fatal(err)
	}
}

// line frames one JSON record as the journal writes it.
func line(payload string) string { return string(frame([]byte(payload))) }

const testHeader = `{"kind":"header","format_version":"1","lineage":"L","plan_id":"P","release":"R","created":"2024-05-01T10:00:00Z","addresses":["a","b"]}`

func TestReplay(t *testing.T) {
	t.Parallel()
	hdr := line(testHeader)
	runA := line(`{"kind":"action","address":"a","status":"running","attempts":1}`)
	doneA := line(`{"kind":"action","address":"a","status":"done","outputs":{"sha":"x"}}`)
	pendingState := func(mod func(*State)) *State {
		s := &State{FormatVersion: "1", Lineage: "L", PlanID: "P", Release: "R", Created: t0,
			Order: []string{"a", "b"}, Actions: map[string]*Action{
				"a": {Address: "a", Status: Pending}, "b": {Address: "b", Status: Pending}}}
		if mod != nil {
			mod(s)
		}
		return s
	}
	running := func(s *State) { s.Actions["a"].Status, s.Actions["a"].Attempts = Running, 1 }
	tests := map[string]struct {
		data    string
		want    *State
		wantErr string // substring; "no state" for ErrNoState
		record  int    // the corrupt record, for a *CorruptError
	}{
		"empty file":  {data: "", wantErr: "no state"},
		"torn header": {data: hdr[:40], wantErr: "no state"},
		"header only": {data: hdr, want: pendingState(nil)},
		"records": {data: hdr + runA + doneA, want: pendingState(func(s *State) {
			running(s)
			s.Actions["a"].Status, s.Actions["a"].Outputs = Done, json.RawMessage(`{"sha":"x"}`)
		})},
		"torn last record":  {data: hdr + runA + doneA[:len(doneA)-7], want: pendingState(running)},
		"no final newline":  {data: hdr + runA + doneA[:len(doneA)-1], want: pendingState(running)},
		"last record zeros": {data: hdr + runA + strings.Repeat("\x00", 300), want: pendingState(running)},
		"last record bad checksum": {data: hdr + runA + "00000000" + doneA[8:],
			want: pendingState(running)},
		"bad checksum in the middle": {data: hdr + "00000000" + runA[8:] + doneA,
			wantErr: "checksum mismatch", record: 2},
		"bad length in the middle": {data: hdr + runA[:9] + "999" + runA[9+strings.IndexByte(runA[9:], ' '):] + doneA,
			wantErr: "record length", record: 2},
		"garbage line in the middle": {data: hdr + "hello\n" + doneA,
			wantErr: "malformed record framing", record: 2},
		"action before header": {data: runA + hdr, wantErr: "before the header", record: 1},
		"second header":        {data: hdr + runA + hdr, wantErr: "a header after the first record", record: 3},
		"unknown address": {data: hdr + line(`{"kind":"action","address":"z","status":"done"}`),
			wantErr: `action "z" is not in the plan`, record: 2},
		"unknown kind": {data: hdr + line(`{"kind":"output"}`), wantErr: `unknown record kind "output"`, record: 2},
		"unknown status": {data: hdr + line(`{"kind":"action","address":"a","status":"odd"}`),
			wantErr: `unknown status "odd"`, record: 2},
		"not json": {data: hdr + line(`{"kind":`), wantErr: "decoding record", record: 2},
		"newer format": {data: line(strings.Replace(testHeader, `"format_version":"1"`, `"format_version":"2"`, 1)),
			wantErr: "written by a newer relctl", record: 1},
		"no lineage": {data: line(strings.Replace(testHeader, `"lineage":"L"`, `"lineage":""`, 1)),
			wantErr: "no lineage", record: 1},
		"duplicate address": {data: line(strings.Replace(testHeader, `["a","b"]`, `["a","a"]`, 1)),
			wantErr: `address "a" listed twice`, record: 1},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			path := filepath.Join(t.TempDir(), "relctl.state")
			writeFile(t, path, []byte(tc.data))
			got, err := Read(path)
			if tc.wantErr == "" {
				if err != nil {
					t.Fatalf("Read: %v", err)
				}
				if diff := cmp.Diff(tc.want, got); diff != "" {
					t.Errorf("state (-want +got):\n%s", diff)
				}
				return
			}
			if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
				t.Fatalf("Read error = %v, want one containing %q", err, tc.wantErr)
			}
			if tc.wantErr == "no state" && !errors.Is(err, ErrNoState) {
				t.Errorf("error %v is not ErrNoState", err)
			}
			var ce *CorruptError
			if tc.record > 0 {
				if !errors.As(err, &ce) || ce.Record != tc.record || ce.Path != path {
					t.Errorf("error %#v is not a *CorruptError at record %d of %s", err, tc.record, path)
				}
				if _, oerr := Open(context.Background(), path, "apply", 0); oerr == nil || !errors.As(oerr, &ce) || ce.Record != tc.record {
					t.Errorf("Open error = %v, want the same corruption", oerr)
				}
			}
		})
	}
}

func TestReadMissing(t *testing.T) {
	t.Parallel()
	path := filepath.Join(t.TempDir(), "nope", "relctl.state")
	_, err := Read(path)
	if !errors.Is(err, ErrNoState) || !strings.Contains(err.Error(), path) {
		t.Errorf("Read error = %v, want ErrNoState naming %s", err, path)
	}
	if _, err := os.Stat(filepath.Dir(path)); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("Read created the directory")
	}
}

// TestTornTail cuts the file at every byte of its last record, as a crash
// in the middle of an append would, and checks that opening it gives the
// state from before that record and that the next record is appended
// cleanly after the valid ones.
func TestTornTail(t *testing.T) {
	t.Parallel()
	j := openTest(t, "a", "b")
	for _, rec := range []Action{{Address: "a", Status: Running}, {Address: "a", Status: Done, Outputs: json.RawMessage(`{"pr":42}`)}, {Address: "b", Status: Running}} {
		if err := j.Record(rec); err != nil {
			t.Fatal(err)
		}
	}
	before := j.State()
	prefix := readFile(t, j.Path())
	if err := j.Record(Action{Address: "b", Status: Failed, Error: "HTTP 502"}); err != nil {
		t.Fatal(err)
	}
	full := readFile(t, j.Path())
	j.Close()
	for cut := len(prefix); cut < len(full); cut++ {
		t.Run(fmt.Sprint(cut-len(prefix)), func(t *testing.T) {
			t.Parallel()
			path := filepath.Join(t.TempDir(), "relctl.state")
			writeFile(t, path, full[:cut])
			read, err := Read(path)
			if err != nil {
				t.Fatalf("Read: %v", err)
			}
			if diff := cmp.Diff(before, read); diff != "" {
				t.Fatalf("Read of a torn file (-before +read):\n%s", diff)
			}
			tj, err := Open(context.Background(), path, "apply", 0)
			if err != nil {
				t.Fatalf("Open: %v", err)
			}
			defer tj.Close()
			if diff := cmp.Diff(before, tj.State()); diff != "" {
				t.Fatalf("Open of a torn file (-before +opened):\n%s", diff)
			}
			if err := tj.Record(Action{Address: "b", Status: Done}); err != nil {
				t.Fatalf("Record after a torn tail: %v", err)
			}
			data := readFile(t, path)
			if !bytes.HasPrefix(data, prefix) {
				t.Fatalf("the valid records changed")
			}
			if _, valid, err := replay(data); err != nil || valid != len(data) {
				t.Errorf("file after the next record: valid %d of %d bytes, err %v", valid, len(data), err)
			}
			checkReplay(t, tj)
		})
	}
}

func TestOpenCreatesDirectories(t *testing.T) {
	t.Parallel()
	path := filepath.Join(t.TempDir(), "a", "b", "relctl.state")
	j, err := Open(context.Background(), path, "apply", 0)
	if err != nil {
		t.Fatal(err)
	}
	defer j.Close()
	if got := j.State(); got.PlanID != "" || len(got.Actions) != 0 {
		t.Errorf("new journal state = %+v, want empty", got)
	}
	if _, err := Read(path); !errors.Is(err, ErrNoState) {
		t.Errorf("Read of a journal with no plan: %v, want ErrNoState", err)
	}
}

func TestBegin(t *testing.T) {
	t.Parallel()
	j := openTest(t, "a", "b")
	first := j.State()
	if _, err := uuid.Parse(first.Lineage); err != nil {
		t.Errorf("lineage %q is not a UUID: %v", first.Lineage, err)
	}
	if err := j.Record(Action{Address: "a", Status: Done}); err != nil {
		t.Fatal(err)
	}
	resumed := j.State()

	// The same plan again is a resume: nothing changes.
	if err := j.Begin("plan-1", "APIM 3.4.7", []string{"a", "b"}); err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(resumed, j.State()); diff != "" {
		t.Errorf("Begin of the same plan changed the state:\n%s", diff)
	}

	// Another plan: a new generation in the same lineage.
	if err := j.Begin("plan-2", "APIM 3.4.8", []string{"c", "a"}); err != nil {
		t.Fatal(err)
	}
	want := &State{FormatVersion: "1", Lineage: first.Lineage, PlanID: "plan-2", Release: "APIM 3.4.8",
		Created: j.State().Created, StartedBy: whoAmI(), Order: []string{"c", "a"},
		Actions: map[string]*Action{"c": {Address: "c", Status: Pending}, "a": {Address: "a", Status: Pending}}}
	if diff := cmp.Diff(want, j.State()); diff != "" {
		t.Errorf("new generation (-want +got):\n%s", diff)
	}
	if n := bytes.Count(readFile(t, j.Path()), []byte{'\n'}); n != 1 {
		t.Errorf("new generation holds %d records, want the header alone", n)
	}
	if err := j.Record(Action{Address: "c", Status: Running}); err != nil {
		t.Fatal(err)
	}
	checkReplay(t, j)

	if err := j.Begin("", "", nil); err == nil {
		t.Error("Begin with an empty plan id succeeded")
	}
	if err := j.Begin("plan-3", "", []string{"x", "x"}); err == nil {
		t.Error("Begin with a duplicate address succeeded")
	}
}

// TestBeginCrash simulates a crash in the middle of the rewrite that a
// new plan makes: the previous state is intact, in memory and on disk.
func TestBeginCrash(t *testing.T) {
	t.Parallel()
	j := openTest(t, "a")
	if err := j.Record(Action{Address: "a", Status: Done}); err != nil {
		t.Fatal(err)
	}
	before := j.State()
	crash := errors.New("power cut")
	j.writeFile = func(path string, data []byte, _ os.FileMode) error {
		tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".tmp-*")
		if err != nil {
			return err
		}
		tmp.Write(data[:len(data)/2])
		tmp.Close()
		return crash
	}
	if err := j.Begin("plan-2", "", []string{"b"}); !errors.Is(err, crash) {
		t.Fatalf("Begin error = %v, want the crash", err)
	}
	if diff := cmp.Diff(before, j.State()); diff != "" {
		t.Errorf("a failed Begin changed the state:\n%s", diff)
	}
	reopened, err := Read(j.Path())
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(before, reopened); diff != "" {
		t.Errorf("state on disk after a crashed Begin:\n%s", diff)
	}
	if err := j.Record(Action{Address: "a", Status: Undoing}); err != nil {
		t.Fatalf("Record after a failed Begin: %v", err)
	}
	checkReplay(t, j)
}

// TestBeginIsAtomic reads the state while new plans begin: every read sees
// one whole generation, never a mix or an empty file.
func TestBeginIsAtomic(t *testing.T) {
	t.Parallel()
	j := openTest(t, "a")
	addrs := map[string][]string{"plan-1": {"a"}}
	for i := 2; i <= 30; i++ {
		id := fmt.Sprintf("plan-%d", i)
		for k := range i * 50 {
			addrs[id] = append(addrs[id], fmt.Sprintf("stage.s[%q].exec.run", fmt.Sprint(k)))
		}
	}
	var wg sync.WaitGroup
	done := make(chan struct{})
	wg.Go(func() {
		for {
			select {
			case <-done:
				return
			default:
			}
			s, err := Read(j.Path())
			if err != nil {
				t.Errorf("Read during Begin: %v", err)
				return
			}
			if diff := cmp.Diff(addrs[s.PlanID], s.Order); diff != "" {
				t.Errorf("Read saw a mixed state for %s:\n%s", s.PlanID, diff)
				return
			}
		}
	})
	for i := 2; i <= 30; i++ {
		id := fmt.Sprintf("plan-%d", i)
		if err := j.Begin(id, "", addrs[id]); err != nil {
			t.Fatal(err)
		}
	}
	close(done)
	wg.Wait()
}

func TestConcurrentRecords(t *testing.T) {
	t.Parallel()
	var addrs []string
	for i := range 40 {
		addrs = append(addrs, fmt.Sprintf("stage.s.exec.a%d", i))
	}
	j := openTest(t, addrs...)
	var wg sync.WaitGroup
	for _, addr := range addrs {
		wg.Go(func() {
			for _, st := range []Status{Running, Failed, Running, Done} {
				if err := j.Record(Action{Address: addr, Status: st, Error: "e"}); err != nil {
					t.Error(err)
				}
			}
		})
	}
	wg.Wait()
	s := j.State()
	if !s.Complete() {
		t.Errorf("not complete after every action is done: %v", s.Counts())
	}
	for _, a := range s.Actions {
		if a.Attempts != 2 {
			t.Errorf("%s: %d attempts, want 2", a.Address, a.Attempts)
		}
	}
	checkReplay(t, j)
}

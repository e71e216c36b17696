package state

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"
)

// TestRecordsShareAnFsync: records made while an fsync is under way wait
// for one more fsync that covers them all, and each Record returns only
// once its own record is on disk.
func TestRecordsShareAnFsync(t *testing.T) {
	t.Parallel()
	const n = 20
	var addrs []string
	for i := 0; i < n+1; i++ {
		addrs = append(addrs, fmt.Sprintf("stage.s.exec.a%02d", i))
	}
	j, err := Open(context.Background(), filepath.Join(t.TempDir(), "relctl.state"), "apply", 0)
	if err != nil {
		t.Fatal(err)
	}
	defer j.Close()
	if err := j.Begin("plan", "Demo 1.0.0", addrs); err != nil {
		t.Fatal(err)
	}
	var mu sync.Mutex
	syncs, synced := 0, int64(0) // guarded by mu
	first := make(chan struct{})
	release := make(chan struct{})
	j.syncFile = func(f *os.File) error {
		mu.Lock()
		syncs++
		count := syncs
		mu.Unlock()
		if count == 1 {
			close(first)
			<-release
		}
		if err := f.Sync(); err != nil {
			return err
		}
		info, _ := f.Stat()
		mu.Lock()
		synced = info.Size()
		mu.Unlock()
		return nil
	}
	var wg sync.WaitGroup
	errs := make(chan error, n+1)
	record := func(addr string) {
		defer wg.Done()
		if err := j.Record(Action{Address: addr, Status: Running}); err != nil {
			errs <- err
			return
		}
		// Record returned: the file is on disk up to its record, which
		// is at the latest the end of what was written when it returned.
		mu.Lock()
		defer mu.Unlock()
		if synced == 0 {
			errs <- fmt.Errorf("record of %s returned before any fsync", addr)
		}
	}
	wg.Add(1)
	go record(addrs[0])
	<-first
	for _, a := range addrs[1:] {
		wg.Add(1)
		go record(a)
	}
	deadline := time.Now().Add(5 * time.Second)
	for {
		j.mu.Lock()
		written := j.st.Counts()[Running]
		j.mu.Unlock()
		if written == n+1 || time.Now().After(deadline) {
			break
		}
		time.Sleep(time.Millisecond)
	}
	close(release)
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Fatal(err)
	}
	if syncs != 2 {
		t.Errorf("%d fsyncs for %d records made together, want 2", syncs, n+1)
	}
	st, err := Read(j.path)
	if err != nil {
		t.Fatal(err)
	}
	if got := st.Counts()[Running]; got != n+1 {
		t.Errorf("%d records read back, want %d", got, n+1)
	}
}

// TestUnsyncedRecordIsMadeDurableByTheNext: a record appended without
// waiting costs no fsync of its own; the next Record's fsync covers it,
// Sync covers what is left, and Close syncs before closing.
func TestUnsyncedRecordIsMadeDurableByTheNext(t *testing.T) {
	t.Parallel()
	path := filepath.Join(t.TempDir(), "relctl.state")
	j, err := Open(context.Background(), path, "apply", 0)
	if err != nil {
		t.Fatal(err)
	}
	if err := j.Begin("plan", "Demo 1.0.0", []string{"stage.s.exec.a", "stage.s.exec.b"}); err != nil {
		t.Fatal(err)
	}
	var syncedTo []int64 // file size at each fsync
	j.syncFile = func(f *os.File) error {
		info, err := f.Stat()
		if err != nil {
			return err
		}
		syncedTo = append(syncedTo, info.Size())
		return f.Sync()
	}
	size := func() int64 {
		info, err := os.Stat(path)
		if err != nil {
			t.Fatal(err)
		}
		return info.Size()
	}
	if err := j.Record(Action{Address: "stage.s.exec.a", Status: Running}); err != nil {
		t.Fatal(err)
	}
	if err := j.RecordUnsynced(Action{Address: "stage.s.exec.a", Status: Done}); err != nil {
		t.Fatal(err)
	}
	if len(syncedTo) != 1 {
		t.Fatalf("%d fsyncs after a record and an unsynced one, want 1", len(syncedTo))
	}
	doneEnd := size()
	if err := j.Record(Action{Address: "stage.s.exec.b", Status: Running}); err != nil {
		t.Fatal(err)
	}
	if len(syncedTo) != 2 || syncedTo[1] <= doneEnd {
		t.Fatalf("the next record's fsync covered %v bytes, want more than %d (the unsynced record)", syncedTo, doneEnd)
	}
	if err := j.RecordUnsynced(Action{Address: "stage.s.exec.b", Status: Done}); err != nil {
		t.Fatal(err)
	}
	if err := j.Sync(); err != nil {
		t.Fatal(err)
	}
	if err := j.Sync(); err != nil {
		t.Fatal(err)
	}
	if len(syncedTo) != 3 || syncedTo[2] != size() {
		t.Fatalf("fsyncs covered %v, want a third one covering all %d bytes and no fourth", syncedTo, size())
	}
	if err := j.RecordUnsynced(Action{Address: "stage.s.exec.b", Status: Done, Note: "again"}); err != nil {
		t.Fatal(err)
	}
	if err := j.Close(); err != nil {
		t.Fatal(err)
	}
	if len(syncedTo) != 4 || syncedTo[3] != size() {
		t.Fatalf("Close fsynced %v, want all %d bytes", syncedTo, size())
	}
	st, err := Read(path)
	if err != nil {
		t.Fatal(err)
	}
	if got := st.Counts()[Done]; got != 2 {
		t.Errorf("%d actions done read back, want 2", got)
	}
}

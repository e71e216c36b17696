package executor

import (
	"context"
	"fmt"
	"sync"
	"testing"

	"github.com/relctl/relctl/providers"
	"github.com/relctl/relctl/state"
)

// durableJournal is an in-memory journal that tells records on "disk"
// from records only written, as the state file's RecordUnsynced and Sync
// do: a Record or a Sync makes everything written before it durable.
type durableJournal struct {
	memJournal
	mu               sync.Mutex
	written, durable []string // "ADDRESS STATUS", in order
	syncs            int
}

func (j *durableJournal) Record(rec state.Action) error {
	j.write(rec)
	return j.Sync()
}

func (j *durableJournal) RecordUnsynced(rec state.Action) error {
	j.write(rec)
	return nil
}

func (j *durableJournal) write(rec state.Action) {
	j.memJournal.Record(rec)
	j.mu.Lock()
	defer j.mu.Unlock()
	j.written = append(j.written, rec.Address+" "+string(rec.Status))
}

func (j *durableJournal) Sync() error {
	j.mu.Lock()
	defer j.mu.Unlock()
	j.durable = append([]string(nil), j.written...)
	j.syncs++
	return nil
}

// pending lists what is written but not durable.
func (j *durableJournal) pending() []string {
	j.mu.Lock()
	defer j.mu.Unlock()
	return j.written[len(j.durable):]
}

// checkingProvider fails an action whose remote call would start while a
// record (its own running record, or its dependencies' done records) is
// not yet durable.
type checkingProvider struct {
	benchProvider
	j *durableJournal
}

func (p checkingProvider) ApplyAction(ctx context.Context, req providers.ApplyActionRequest) (providers.ApplyActionResponse, error) {
	if pending := p.j.pending(); len(pending) > 0 {
		return providers.ApplyActionResponse{}, fmt.Errorf("%s started while %v were not on disk", req.Address, pending)
	}
	return p.benchProvider.ApplyAction(ctx, req)
}

// TestDoneRecordsShareTheNextFsync: an action's done record does not
// wait for an fsync of its own; it is on disk before the next action's
// remote call and before Apply returns, with one fsync per action and
// one at the end.
func TestDoneRecordsShareTheNextFsync(t *testing.T) {
	t.Parallel()
	const n = 5
	p := chainBeside(n, 0)
	j := &durableJournal{memJournal: memJournal{st: &state.State{Actions: map[string]*state.Action{}}}}
	e := &Executor{Plan: p, Providers: map[string]providers.Provider{"fake": checkingProvider{j: j}}, Journal: j, Parallelism: 1}
	res, err := e.Apply(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Done) != n {
		t.Fatalf("done %v, want %d actions", res.Done, n)
	}
	if pending := j.pending(); len(pending) > 0 {
		t.Errorf("Apply returned with %v not on disk", pending)
	}
	if j.syncs != n+1 {
		t.Errorf("%d fsyncs for a chain of %d actions, want %d (one per running record, one at the end)", j.syncs, n, n+1)
	}
	if got := res.State.Counts()[state.Done]; got != n {
		t.Errorf("state counts %d done, want %d", got, n)
	}
}

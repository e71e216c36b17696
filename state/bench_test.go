package state

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"
)

// benchJournal writes, in one go, a state of n actions followed by
// records status changes spread over them (running, then done with
// outputs and undo data), as a long apply would leave it.
func benchJournal(b *testing.B, path string, n, records int) {
	b.Helper()
	addrs := make([]string, n)
	for i := range addrs {
		addrs[i] = fmt.Sprintf("stage.maven[\"component-%05d\"].circleci_pipeline.release", i)
	}
	h := headerRecord{Kind: kindHeader, Header: Header{FormatVersion: FormatVersion, Lineage: "b3c1e7f0-5d2a-4c1e-9f1a-2b3c4d5e6f70",
		PlanID: "9f2c", Created: t0, Addresses: addrs}}
	payload, err := json.Marshal(h)
	if err != nil {
		b.Fatal(err)
	}
	data := frame(payload)
	for i := range records {
		data = append(data, frame(benchRecord(addrs[(i/2)%n], i))...)
	}
	if err := os.WriteFile(path, data, filePerm); err != nil {
		b.Fatal(err)
	}
}

func benchRecord(addr string, i int) []byte {
	a := Action{Address: addr, Status: Running, StartedAt: t0.Add(time.Duration(i) * time.Second), Attempts: 1}
	if i%2 == 1 {
		a = Action{Address: addr, Status: Done, FinishedAt: t0.Add(time.Duration(i) * time.Second),
			Outputs:  json.RawMessage(`{"pipeline_id":"5f8c2a1e-0c4b-4b8e-9d6a-3e2f1a0b9c8d","number":1234}`),
			UndoData: json.RawMessage(`{"note":"a pipeline run cannot be undone"}`)}
	}
	payload, _ := json.Marshal(actionRecord{Kind: kindAction, Action: a})
	return payload
}

// BenchmarkRecord measures one status change against states of growing
// size: the bytes written per record (and the time) must not grow.
func BenchmarkRecord(b *testing.B) {
	for _, prior := range []int{100, 1000, 10000} {
		b.Run(fmt.Sprintf("prior=%d", prior), func(b *testing.B) {
			path := filepath.Join(b.TempDir(), "relctl.state")
			benchJournal(b, path, 10000, prior)
			j, err := Open(context.Background(), path, "apply", 0)
			if err != nil {
				b.Fatal(err)
			}
			defer j.Close()
			order := j.State().Order
			start := j.size
			i := 0
			for b.Loop() {
				rec := Action{Address: order[i%len(order)], Status: Running}
				if i%2 == 1 {
					rec = Action{Address: order[i%len(order)], Status: Done, Outputs: json.RawMessage(`{"sha":"1a2b3c4d5e6f"}`)}
				}
				if err := j.Record(rec); err != nil {
					b.Fatal(err)
				}
				i++
			}
			b.ReportMetric(float64(j.size-start)/float64(i), "bytes/record")
		})
	}
}

// BenchmarkOpen10000 replays a state of 10,000 actions, each started and
// finished (20,001 records).
func BenchmarkOpen10000(b *testing.B) {
	path := filepath.Join(b.TempDir(), "relctl.state")
	benchJournal(b, path, 10000, 20000)
	fi, err := os.Stat(path)
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(fi.Size())
	for b.Loop() {
		j, err := openFile(path) // the replay alone, without the lock
		if err != nil {
			b.Fatal(err)
		}
		if len(j.st.Actions) != 10000 {
			b.Fatalf("%d actions", len(j.st.Actions))
		}
		j.Close()
	}
	b.ReportMetric(20001, "records/op")
}

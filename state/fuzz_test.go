package state

import (
	"bytes"
	"errors"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// seedJournal is a small valid journal with records of every kind.
func seedJournal(f *testing.F) []byte {
	f.Helper()
	return []byte(line(testHeader) +
		line(`{"kind":"action","address":"a","status":"running","started_at":"2024-05-01T10:00:01Z","attempts":1}`) +
		line(`{"kind":"action","address":"a","status":"done","finished_at":"2024-05-01T10:00:02Z","outputs":{"sha":"1a2b"},"undo_data":{"ref":"tags/1.0.0"}}`) +
		line(`{"kind":"action","address":"b","status":"skipped","note":"upstream failed: a","error":"x"}`))
}

// checkRead is what every input must satisfy: no panic; either an error
// or a state that validates and whose valid prefix replays to itself.
func checkRead(t *testing.T, data []byte) {
	st, valid, err := replay(data)
	if err != nil {
		var ce *CorruptError
		if !errors.As(err, &ce) || ce.Record < 1 {
			t.Fatalf("replay error %v is not a *CorruptError with a record number", err)
		}
		return
	}
	if valid < 0 || valid > len(data) {
		t.Fatalf("valid prefix %d of %d bytes", valid, len(data))
	}
	if st == nil {
		return
	}
	if err := st.Validate(); err != nil {
		t.Fatalf("replay yielded an invalid state: %v", err)
	}
	again, validAgain, err := replay(data[:valid])
	if err != nil || validAgain != valid {
		t.Fatalf("the valid prefix does not replay cleanly: %d bytes, %v", validAgain, err)
	}
	if diff := cmp.Diff(st, again); diff != "" {
		t.Fatalf("the valid prefix replays to another state:\n%s", diff)
	}
}

// FuzzRead feeds arbitrary bytes to the state reader.
func FuzzRead(f *testing.F) {
	seed := seedJournal(f)
	f.Add(seed)
	f.Add(seed[:len(seed)-5])
	f.Add([]byte{})
	f.Add([]byte("00000000 2 {}\n"))
	f.Add(bytes.Repeat([]byte{0}, 64))
	f.Fuzz(func(t *testing.T, data []byte) {
		checkRead(t, data)
	})
}

// FuzzReadRecords frames each fuzzed line with a correct length and
// checksum, so that the fuzzer reaches the record decoding and replay
// behind the framing.
func FuzzReadRecords(f *testing.F) {
	for _, l := range bytes.SplitAfter(seedJournal(f), []byte{'\n'}) {
		if len(l) > 0 {
			f.Add(append([]byte(testHeader+"\n"), bytes.SplitN(l, []byte{' '}, 3)[2]...))
		}
	}
	f.Add([]byte(testHeader + "\n" + `{"kind":"action","address":"a","status":"running","attempts":-1}`))
	f.Add([]byte(testHeader + "\n" + `{"kind":"header"}`))
	f.Fuzz(func(t *testing.T, lines []byte) {
		var data []byte
		for _, payload := range bytes.Split(lines, []byte{'\n'}) {
			data = append(data, frame(payload)...)
		}
		checkRead(t, data)
	})
}

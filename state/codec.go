package state

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
)

// The functions here are the journal's format for backends that store
// records rather than the state file: each record is one framed line
// (journal.go documents the framing), stored and returned byte for byte.

// EncodeHeader returns h as a framed journal line, the first record of a
// generation.
func EncodeHeader(h Header) ([]byte, error) {
	payload, err := json.Marshal(headerRecord{Kind: kindHeader, Header: h})
	if err != nil {
		return nil, fmt.Errorf("encoding state header: %w", err)
	}
	return frame(payload), nil
}

// EncodeAction returns rec as a framed journal line, as recorded: the
// caller has stamped and redacted it (a Recorder does).
func EncodeAction(rec Action) ([]byte, error) {
	payload, err := json.Marshal(actionRecord{Kind: kindAction, Action: rec})
	if err != nil {
		return nil, fmt.Errorf("encoding state record for %s: %w", rec.Address, err)
	}
	return frame(payload), nil
}

// CheckRecord checks that record is one whole framed line whose checksum
// matches, as a backend must before storing it.
func CheckRecord(record []byte) error {
	line, whole := bytes.CutSuffix(record, []byte{'\n'})
	if !whole {
		return errors.New("record has no final newline")
	}
	if bytes.IndexByte(line, '\n') >= 0 {
		return errors.New("record holds more than one line")
	}
	_, err := unframe(line)
	return err
}

// DecodeHeader checks one framed line and returns the header it holds.
func DecodeHeader(record []byte) (Header, error) {
	payload, err := unframe(bytes.TrimSuffix(record, []byte{'\n'}))
	if err != nil {
		return Header{}, err
	}
	var rec headerRecord
	if err := json.Unmarshal(payload, &rec); err != nil {
		return Header{}, fmt.Errorf("decoding record: %w", err)
	}
	if rec.Kind != kindHeader {
		return Header{}, fmt.Errorf("record kind %q is not a header", rec.Kind)
	}
	return rec.Header, nil
}

// Replay rebuilds the state from a journal in the state file's form
// (framed records, one per line). It returns the state (nil when no
// header has been written) and the length of the prefix that holds
// whole records: a last record that is incomplete or fails its checksum
// is a write torn by a crash and is left out. Any other bad record is a
// *CorruptError (without Path).
func Replay(data []byte) (*State, int, error) { return replay(data) }

// ReplayRecords rebuilds the state from records stored one by one, each
// a framed line as EncodeHeader and EncodeAction make them. It returns
// the state (nil when no header is held) and how many records it
// trusted: a bad last record is a torn or foreign write and is left out,
// as Replay does; a bad record followed by others is a *CorruptError
// (without Path) numbering records from 1.
func ReplayRecords(records [][]byte) (*State, int, error) {
	r := replayer{}
	for i, rec := range records {
		line, whole := bytes.CutSuffix(rec, []byte{'\n'})
		torn, err := true, errors.New("record has no final newline")
		if whole {
			torn, err = r.record(line)
		}
		if err != nil && torn && i == len(records)-1 {
			return r.state(), i, nil
		}
		if err != nil {
			return nil, 0, &CorruptError{Record: i + 1, Err: err}
		}
	}
	return r.state(), len(records), nil
}

package state

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"hash/crc32"
	"io/fs"
	"os"
	"strconv"
	"time"
)

// ErrNoState reports that there is no state yet: the file is missing or
// no plan has begun in it.
var ErrNoState = errors.New("no state")

// CorruptError reports a record that cannot be trusted and is not the
// last one, so it is not a write torn by a crash. Records are numbered
// from 1 (the header).
type CorruptError struct {
	Path   string
	Record int
	Err    error
}

func (e *CorruptError) Error() string {
	return fmt.Sprintf("state %s is corrupt at record %d: %v", e.Path, e.Record, e.Err)
}

func (e *CorruptError) Unwrap() error { return e.Err }

// Record kinds.
const (
	kindHeader = "header"
	kindAction = "action"
)

// Header is the first record of a journal: the plan it belongs to.
type Header struct {
	FormatVersion string    `json:"format_version"`
	Lineage       string    `json:"lineage"`
	PlanID        string    `json:"plan_id"`
	Release       string    `json:"release,omitempty"`
	Created       time.Time `json:"created"`
	// StartedBy is who began the plan (user@host), for the message of a
	// run that resumes it elsewhere.
	StartedBy string   `json:"started_by,omitempty"`
	Addresses []string `json:"addresses"`
}

// Generation names the journal the header begins.
func (h Header) Generation() Generation { return Generation{Lineage: h.Lineage, PlanID: h.PlanID} }

type headerRecord struct {
	Kind string `json:"kind"`
	Header
}

type actionRecord struct {
	Kind string `json:"kind"`
	Action
}

// anyRecord decodes either kind in one pass.
type anyRecord struct {
	Kind string `json:"kind"`
	Header
	Action
}

var castagnoli = crc32.MakeTable(crc32.Castagnoli)

// frame wraps a record's JSON in the journal's line framing.
func frame(payload []byte) []byte {
	line := make([]byte, 0, len(payload)+24)
	line = fmt.Appendf(line, "%08x %d ", crc32.Checksum(payload, castagnoli), len(payload))
	line = append(line, payload...)
	return append(line, '\n')
}

// unframe checks one line (without its newline) and returns its JSON.
func unframe(line []byte) ([]byte, error) {
	sum, rest, ok := bytes.Cut(line, []byte{' '})
	if !ok || len(sum) != 8 {
		return nil, errors.New("malformed record framing")
	}
	want, err := strconv.ParseUint(string(sum), 16, 32)
	if err != nil {
		return nil, fmt.Errorf("malformed checksum %q", sum)
	}
	size, payload, ok := bytes.Cut(rest, []byte{' '})
	n, err := strconv.Atoi(string(size))
	if !ok || err != nil || strconv.Itoa(n) != string(size) {
		return nil, errors.New("malformed record length")
	}
	if n != len(payload) {
		return nil, fmt.Errorf("record length %d, found %d bytes", n, len(payload))
	}
	if got := crc32.Checksum(payload, castagnoli); got != uint32(want) {
		return nil, fmt.Errorf("checksum mismatch (recorded %08x, computed %08x)", want, got)
	}
	return payload, nil
}

// replay rebuilds the state from a journal's bytes. It returns the state
// (nil when no header has been written), and the length of the prefix
// that holds whole records: a last line that is incomplete or fails its
// checksum is a write torn by a crash and is left out. Any other bad
// record is a *CorruptError (without Path).
func replay(data []byte) (*State, int, error) {
	r := replayer{}
	pos, err := r.lines(data)
	return r.state(), pos, err
}

// replayer applies records one by one, upgrading those of an older
// format version (upgrade.go).
type replayer struct {
	st *State
	// from is the format version the journal was written in when it is
	// older than FormatVersion; upgraded then holds every record trusted
	// so far in the current format.
	from     string
	upgraded [][]byte
}

// state returns the state replayed, marked with the format version it
// was upgraded from.
func (r *replayer) state() *State {
	if r.st != nil {
		r.st.UpgradedFrom = r.from
	}
	return r.st
}

// lines replays data in the state file's form and returns the length of
// its whole records.
func (r *replayer) lines(data []byte) (int, error) {
	pos := 0
	for n := 1; pos < len(data); n++ {
		end := bytes.IndexByte(data[pos:], '\n')
		if end < 0 {
			break // torn: the final newline never made it
		}
		torn, err := r.record(data[pos : pos+end])
		if err != nil && torn && pos+end+1 == len(data) {
			break // torn: the last line's content never made it whole
		}
		if err != nil {
			r.st = nil
			return 0, &CorruptError{Record: n, Err: err}
		}
		pos += end + 1
	}
	return pos, nil
}

// record checks one line (without its newline) and applies it. torn
// reports that its framing or checksum is bad, which is a torn write
// when it is the last record.
func (r *replayer) record(line []byte) (torn bool, err error) {
	payload, err := unframe(line)
	if err != nil {
		return true, err
	}
	if r.st == nil && r.from == "" {
		r.from = oldFormat(payload)
	}
	if r.from != "" {
		if payload, err = upgradeRecord(r.from, payload); err != nil {
			return false, err
		}
		r.upgraded = append(r.upgraded, payload)
	}
	r.st, err = applyRecord(r.st, payload)
	return false, err
}

// applyRecord applies one record's JSON to st and returns the result.
func applyRecord(st *State, payload []byte) (*State, error) {
	var rec anyRecord
	if err := json.Unmarshal(payload, &rec); err != nil {
		return nil, fmt.Errorf("decoding record: %w", err)
	}
	switch rec.Kind {
	case kindHeader:
		if st != nil {
			return nil, errors.New("a header after the first record")
		}
		return newState(&rec.Header)
	case kindAction:
		if st == nil {
			return nil, errors.New("an action record before the header")
		}
		a, ok := st.Actions[rec.Address]
		if !ok {
			return nil, fmt.Errorf("action %q is not in the plan", rec.Address)
		}
		if err := rec.Action.validateStatus(); err != nil {
			return nil, err
		}
		a.Merge(&rec.Action)
		return st, nil
	default:
		return nil, fmt.Errorf("unknown record kind %q", rec.Kind)
	}
}

// newState makes the state a header describes, every action Pending.
func newState(h *Header) (*State, error) {
	if err := checkFormat(h.FormatVersion); err != nil {
		return nil, err
	}
	if h.Lineage == "" {
		return nil, errors.New("header has no lineage")
	}
	st := &State{
		FormatVersion: h.FormatVersion,
		Lineage:       h.Lineage,
		PlanID:        h.PlanID,
		Release:       h.Release,
		Created:       h.Created,
		StartedBy:     h.StartedBy,
		Actions:       make(map[string]*Action, len(h.Addresses)),
		Order:         append([]string{}, h.Addresses...),
	}
	for _, addr := range h.Addresses {
		if _, dup := st.Actions[addr]; dup {
			return nil, fmt.Errorf("address %q listed twice", addr)
		}
		st.Actions[addr] = &Action{Address: addr, Status: Pending}
	}
	return st, nil
}

func checkFormat(v string) error {
	if v == FormatVersion {
		return nil
	}
	n, err := strconv.Atoi(v)
	cur, _ := strconv.Atoi(FormatVersion)
	if err != nil || n < 1 {
		return fmt.Errorf("unknown state format version %q", v)
	}
	if n > cur {
		return fmt.Errorf("state format version %s was written by a newer relctl (this one reads up to %s)", v, FormatVersion)
	}
	return fmt.Errorf("state format version %s is no longer read (this relctl reads %s)", v, FormatVersion)
}

// Read reads the state at path without locking or changing it. It
// returns an error wrapping ErrNoState when the file is missing or holds
// no plan yet.
func Read(path string) (*State, error) {
	data, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, fmt.Errorf("%w at %s", ErrNoState, path)
	}
	if err != nil {
		return nil, fmt.Errorf("reading state: %w", err)
	}
	st, _, err := replay(data)
	if err != nil {
		return nil, withPath(err, path)
	}
	if st == nil {
		return nil, fmt.Errorf("%w at %s", ErrNoState, path)
	}
	return st, nil
}

func withPath(err error, path string) error {
	var ce *CorruptError
	if errors.As(err, &ce) {
		ce.Path = path
	}
	return err
}

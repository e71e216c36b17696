package state

import (
	"context"
	"encoding/json"
	"errors"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// TestReplayRecords: records stored one by one replay as the same
// records in a file do, a bad last one ignored, any other bad one
// corrupt.
func TestReplayRecords(t *testing.T) {
	hdr := []byte(line(testHeader))
	runA := []byte(line(`{"kind":"action","address":"a","status":"running","attempts":1}`))
	badSum := append([]byte("0"), runA[1:]...)
	if badSum[1] == runA[1] && runA[0] == '0' {
		badSum[0] = '1'
	}
	tests := map[string]struct {
		records [][]byte
		trusted int
		corrupt int
	}{
		"header and record":   {records: [][]byte{hdr, runA}, trusted: 2},
		"bad checksum last":   {records: [][]byte{hdr, badSum}, trusted: 1},
		"no newline last":     {records: [][]byte{hdr, runA[:len(runA)-1]}, trusted: 1},
		"bad checksum inside": {records: [][]byte{hdr, badSum, runA}, corrupt: 2},
		"no newline inside":   {records: [][]byte{hdr, runA[:len(runA)-1], runA}, corrupt: 2},
		"two lines in one":    {records: [][]byte{append(append([]byte{}, hdr...), runA...), runA}, corrupt: 1},
		"unknown action last": {records: [][]byte{hdr, []byte(line(`{"kind":"action","address":"z","status":"done"}`))}, corrupt: 2},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			st, n, err := ReplayRecords(tc.records)
			if tc.corrupt > 0 {
				var ce *CorruptError
				if !errors.As(err, &ce) || ce.Record != tc.corrupt {
					t.Fatalf("got %v, want a *CorruptError at record %d", err, tc.corrupt)
				}
				return
			}
			if err != nil || n != tc.trusted {
				t.Fatalf("got %d trusted, %v; want %d", n, err, tc.trusted)
			}
			var data []byte
			for _, r := range tc.records[:n] {
				data = append(data, r...)
			}
			want, _, _ := Replay(data)
			if diff := cmp.Diff(want, st); diff != "" {
				t.Errorf("records replay differently from the file (-file +records):\n%s", diff)
			}
		})
	}
}

func TestEncodeDecodeHeader(t *testing.T) {
	h := Header{FormatVersion: FormatVersion, Lineage: "L", PlanID: "P", Release: "R", Created: t0, Addresses: []string{"a"}}
	rec, err := EncodeHeader(h)
	if err != nil {
		t.Fatal(err)
	}
	if err := CheckRecord(rec); err != nil {
		t.Fatal(err)
	}
	got, err := DecodeHeader(rec)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(h, got); diff != "" {
		t.Errorf("header round trip (-want +got):\n%s", diff)
	}
	act, _ := EncodeAction(Action{Address: "a", Status: Done})
	if _, err := DecodeHeader(act); err == nil {
		t.Error("DecodeHeader accepted an action record")
	}
	if err := CheckRecord(act[:len(act)-1]); err == nil {
		t.Error("CheckRecord accepted a record without its newline")
	}
}

// TestUpgrade: a journal of an older format version replays through the
// upgraders, and a Journal opened on it rewrites it in the current
// format before it appends.
func TestUpgrade(t *testing.T) {
	// Format "0" named the status "state" and had no kind in its header.
	upgraders["0"] = upgrader{to: FormatVersion, record: func(p []byte) ([]byte, error) {
		var m map[string]any
		if err := json.Unmarshal(p, &m); err != nil {
			return nil, err
		}
		if _, ok := m["lineage"]; ok {
			m["kind"], m["format_version"] = kindHeader, FormatVersion
		} else {
			m["kind"], m["status"] = kindAction, m["state"]
			delete(m, "state")
		}
		return json.Marshal(m)
	}}
	t.Cleanup(func() { delete(upgraders, "0") })
	old := line(`{"format_version":"0","lineage":"L","plan_id":"P","created":"2024-05-01T10:00:00Z","addresses":["a","b"]}`) +
		line(`{"address":"a","state":"done"}`)
	path := t.TempDir() + "/relctl.state"
	writeFile(t, path, []byte(old))
	st, err := Read(path)
	if err != nil {
		t.Fatal(err)
	}
	if st.UpgradedFrom != "0" || st.FormatVersion != FormatVersion || st.Actions["a"].Status != Done {
		t.Fatalf("upgraded state: from %q, version %q, a %s; want from 0, version %s, a done", st.UpgradedFrom, st.FormatVersion, st.Actions["a"].Status, FormatVersion)
	}
	j, err := Open(context.Background(), path, "apply", 0)
	if err != nil {
		t.Fatal(err)
	}
	if err := j.Record(Action{Address: "b", Status: Running}); err != nil {
		t.Fatal(err)
	}
	j.Close()
	data := string(readFile(t, path))
	if strings.Contains(data, `"state"`) || strings.Contains(data, `"format_version":"0"`) {
		t.Errorf("the journal was not rewritten in format %s:\n%s", FormatVersion, data)
	}
	st, err = Read(path)
	if err != nil || st.UpgradedFrom != "" || st.Actions["a"].Status != Done || st.Actions["b"].Status != Running {
		t.Errorf("after the rewrite: %+v, %v", st, err)
	}
	// A backend without a Journal of its own refuses to append to it.
	records := [][]byte{[]byte(line(`{"format_version":"0","lineage":"L","plan_id":"P","addresses":["a"]}`))}
	st, _, _ = ReplayRecords(records)
	r := &recorder{st: st, now: now}
	if err := r.Record(Action{Address: "a", Status: Running}); err == nil || !strings.Contains(err.Error(), "older relctl") {
		t.Errorf("recording to an upgraded generation: got %v, want a refusal", err)
	}
}

// TestUnknownFormat: versions the upgraders do not know stay refused.
func TestUnknownFormat(t *testing.T) {
	for v, want := range map[string]string{"0": "unknown", "2": "newer relctl", "x": "unknown"} {
		_, _, err := Replay([]byte(line(`{"kind":"header","format_version":"` + v + `","lineage":"L","plan_id":"P","addresses":[]}`)))
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("format %s: got %v, want %q", v, err, want)
		}
	}
}

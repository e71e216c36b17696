package state

import (
	"encoding/json"
	"fmt"
)

// An upgrader rewrites the records of a journal written in an older
// format version as records of the next version, so that a state file
// written by an older relctl stays readable.
type upgrader struct {
	// to is the version the records are in afterwards.
	to string
	// record rewrites one record's JSON; for the header it also sets
	// format_version to the new version.
	record func(payload []byte) ([]byte, error)
}

// upgraders holds one upgrader per format version this relctl still
// reads but no longer writes, keyed by that version. Replay upgrades
// every record of such a journal step by step to FormatVersion, and a
// Journal opened on it rewrites it in the current format before it
// records anything. Version 1 is the first format, so the table is
// empty; format 2 will add "1": {to: "2", record: …}.
var upgraders = map[string]upgrader{}

// oldFormat returns the format version of a header record (the only
// kind that has one) when the upgraders turn it into the current one,
// else "".
func oldFormat(payload []byte) string {
	var h struct {
		FormatVersion string `json:"format_version"`
	}
	if json.Unmarshal(payload, &h) != nil || h.FormatVersion == FormatVersion {
		return ""
	}
	if _, ok := upgraders[h.FormatVersion]; !ok {
		return ""
	}
	return h.FormatVersion
}

// upgradeRecord rewrites one record of format version from into the
// current format.
func upgradeRecord(from string, payload []byte) ([]byte, error) {
	for v := from; v != FormatVersion; {
		u, ok := upgraders[v]
		if !ok {
			return nil, checkFormat(v)
		}
		var err error
		if payload, err = u.record(payload); err != nil {
			return nil, fmt.Errorf("upgrading a record from format version %s to %s: %w", v, u.to, err)
		}
		v = u.to
	}
	return payload, nil
}

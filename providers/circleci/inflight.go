package circleci

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"github.com/relctl/relctl/state/atomicfile"
)

// MaxInflightAge is how long a journaled pipeline is waited for again; an
// older entry is from an apply that was abandoned and is forgotten.
const MaxInflightAge = 7 * 24 * time.Hour

// inflight is the journal of pipelines triggered but not yet reported to
// the executor: one small file per action (named from the address and the
// arguments), written right after the trigger and removed once the
// pipeline's result has been returned. An apply interrupted while waiting
// (timeout, Ctrl-C, crash) finds the entry and waits for that pipeline
// again instead of triggering a second one.
type inflight struct {
	dir   string
	clock Clock
}

type inflightEntry struct {
	Address     string    `json:"address"`
	Project     string    `json:"project"`
	ID          string    `json:"id"`
	Number      int       `json:"number"`
	State       string    `json:"state"`
	TriggeredAt time.Time `json:"triggered_at"`
}

func (j inflight) path(key string) string { return filepath.Join(j.dir, key+".json") }

// load returns the entry for key, if there is a fresh one.
func (j inflight) load(key string) (inflightEntry, bool, error) {
	data, err := os.ReadFile(j.path(key))
	if errors.Is(err, os.ErrNotExist) {
		return inflightEntry{}, false, nil
	}
	if err != nil {
		return inflightEntry{}, false, fmt.Errorf("reading the pipeline journal: %w", err)
	}
	var e inflightEntry
	if err := json.Unmarshal(data, &e); err != nil || e.ID == "" {
		// A torn or foreign file says nothing reliable: forget it.
		return inflightEntry{}, false, j.remove(key)
	}
	if j.clock.Now().Sub(e.TriggeredAt) > MaxInflightAge {
		return inflightEntry{}, false, j.remove(key)
	}
	return e, true, nil
}

// save records e durably.
func (j inflight) save(key string, e inflightEntry) error {
	if err := os.MkdirAll(j.dir, 0o700); err != nil {
		return fmt.Errorf("creating the pipeline journal: %w", err)
	}
	data, err := json.MarshalIndent(e, "", "  ")
	if err != nil {
		return fmt.Errorf("encoding the pipeline journal: %w", err)
	}
	if err := atomicfile.WriteFile(j.path(key), append(data, '\n'), 0o600); err != nil {
		return fmt.Errorf("writing the pipeline journal: %w", err)
	}
	return nil
}

// remove forgets key.
func (j inflight) remove(key string) error {
	if err := os.Remove(j.path(key)); err != nil && !errors.Is(err, os.ErrNotExist) {
		return fmt.Errorf("clearing the pipeline journal: %w", err)
	}
	return nil
}

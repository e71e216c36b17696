package pg

import (
	"context"
	"errors"
	"fmt"

	"github.com/jackc/pgx/v5"

	"github.com/relctl/relctl/state"
)

// ReadState replays the records of the workspace's current generation,
// read in one statement (one snapshot).
func (b *Backend) ReadState(ctx context.Context) (*state.State, error) {
	var records [][]byte
	err := b.tx(ctx, "reading the state", func(tx pgx.Tx) error {
		rows, err := tx.Query(ctx, `
SELECT r.record FROM relctl_records r JOIN relctl_states s
  ON s.workspace = r.workspace AND s.generation = r.generation
WHERE r.workspace = $1 ORDER BY r.seq`, b.workspace)
		if err != nil {
			return err
		}
		records, err = pgx.CollectRows(rows, pgx.RowTo[[]byte])
		return err
	})
	if err != nil {
		return nil, err
	}
	st, _, err := state.ReplayRecords(records)
	var ce *state.CorruptError
	if errors.As(err, &ce) {
		ce.Path = b.where
	}
	if err != nil {
		return nil, err
	}
	if st == nil {
		return nil, fmt.Errorf("%w in %s", state.ErrNoState, b.where)
	}
	return st, nil
}

// stored is the workspace's row in relctl_states, with the last record
// of its generation.
type stored struct {
	gen        state.Generation
	generation int64
	lastSeq    int64 // 0 when the generation has no record
	last       []byte
}

// lockWorkspace locks the workspace's row for the transaction and
// returns it; ok is false when the workspace has no state. When this
// backend holds the workspace's lock, it also checks that the lock is
// still held: a lock whose connection ended may be another run's now.
// One statement does it all: an append costs four round trips (begin,
// this, insert, commit).
func (b *Backend) lockWorkspace(ctx context.Context, tx pgx.Tx) (stored, bool, error) {
	var s stored
	var held bool
	lockID := b.heldID()
	err := tx.QueryRow(ctx, `SELECT s.lineage, s.plan_id, s.generation,
  EXISTS (SELECT 1 FROM relctl_locks WHERE workspace = $1 AND id = $2 AND holder IN (`+holderQuery3+`)),
  COALESCE(l.seq, 0), COALESCE(l.record, ''::bytea)
FROM relctl_states s LEFT JOIN LATERAL (
  SELECT seq, record FROM relctl_records r WHERE r.workspace = s.workspace AND r.generation = s.generation
  ORDER BY seq DESC LIMIT 1) l ON true
WHERE s.workspace = $1 FOR UPDATE OF s`,
		b.workspace, lockID, lockKey(b.workspace)).Scan(&s.gen.Lineage, &s.gen.PlanID, &s.generation, &held, &s.lastSeq, &s.last)
	if errors.Is(err, pgx.ErrNoRows) {
		return s, false, nil
	}
	if err == nil && lockID != "" && !held {
		err = &refusal{fmt.Errorf("the lock %s on %s was lost (its connection to the database ended) and another run may hold it now: nothing more is written", lockID, b.where)}
	}
	return s, err == nil, err
}

// BeginPlan replaces the workspace's records by the header h, in one
// transaction.
func (b *Backend) BeginPlan(ctx context.Context, h state.Header) error {
	line, err := state.EncodeHeader(h)
	if err != nil {
		return err
	}
	return b.tx(ctx, "beginning a plan", func(tx pgx.Tx) error {
		// Creates the row when there is none; waits for a concurrent
		// creator otherwise.
		if _, err := tx.Exec(ctx, `INSERT INTO relctl_states (workspace, lineage, plan_id, generation)
VALUES ($1, $2, '', 0) ON CONFLICT (workspace) DO NOTHING`, b.workspace, h.Lineage); err != nil {
			return err
		}
		s, _, err := b.lockWorkspace(ctx, tx)
		if err != nil {
			return err
		}
		if s.gen.Lineage != h.Lineage {
			return &refusal{&state.LineageError{Where: b.where, Stored: s.gen, Want: h.Generation()}}
		}
		next := s.generation + 1
		if _, err := tx.Exec(ctx, `UPDATE relctl_states SET plan_id = $2, generation = $3, updated = now() WHERE workspace = $1`,
			b.workspace, h.PlanID, next); err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `DELETE FROM relctl_records WHERE workspace = $1`, b.workspace); err != nil {
			return err
		}
		_, err = tx.Exec(ctx, `INSERT INTO relctl_records (workspace, generation, seq, lineage, record) VALUES ($1, $2, 1, $3, $4)`,
			b.workspace, next, h.Lineage, line)
		return err
	})
}

// AppendRecord inserts record after the generation's last record and
// commits. A last record that fails its checksum (written by something
// else) is deleted first, as the state file truncates a torn one.
func (b *Backend) AppendRecord(ctx context.Context, g state.Generation, record []byte) error {
	if err := state.CheckRecord(record); err != nil {
		return fmt.Errorf("appending to %s: %w", b.where, err)
	}
	return b.tx(ctx, "appending a record", func(tx pgx.Tx) error {
		s, ok, err := b.lockWorkspace(ctx, tx)
		if err != nil {
			return err
		}
		if !ok || s.gen != g || s.generation == 0 {
			return &refusal{&state.LineageError{Where: b.where, Stored: s.gen, Want: g}}
		}
		seq := s.lastSeq
		if seq > 1 && state.CheckRecord(s.last) != nil {
			if _, err := tx.Exec(ctx, `DELETE FROM relctl_records WHERE workspace = $1 AND generation = $2 AND seq = $3`,
				b.workspace, s.generation, seq); err != nil {
				return err
			}
			seq--
		}
		_, err = tx.Exec(ctx, `INSERT INTO relctl_records (workspace, generation, seq, lineage, record) VALUES ($1, $2, $3, $4, $5)`,
			b.workspace, s.generation, seq+1, g.Lineage, record)
		return err
	})
}

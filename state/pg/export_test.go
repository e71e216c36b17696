package pg

import (
	"context"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/relctl/relctl/state"
)

// Abandon ends the lock's session as a holder that dies does (its
// connection closes, nothing is unlocked or removed) and returns once
// PostgreSQL has ended the session.
func Abandon(l state.HeldLock) error {
	h := l.(*held)
	pid := h.conn.PgConn().PID()
	h.conn.PgConn().Conn().Close()
	return h.b.waitGone(pid)
}

// EndLockSession ends, from the server, the session holding the lock id,
// as a connection lost to a network fault or a database restart ends,
// and returns once PostgreSQL has ended it.
func EndLockSession(b state.Backend, id string) error {
	p := b.(*Backend)
	ctx := context.Background()
	var pid int32
	if err := p.pool.QueryRow(ctx, `SELECT holder FROM relctl_locks WHERE workspace = $1 AND id = $2`, p.workspace, id).Scan(&pid); err != nil {
		return fmt.Errorf("the session of lock %s: %w", id, err)
	}
	if _, err := p.pool.Exec(ctx, `SELECT pg_terminate_backend($1)`, pid); err != nil {
		return err
	}
	return p.waitGone(uint32(pid))
}

// waitGone waits until session pid has ended.
func (b *Backend) waitGone(pid uint32) error {
	ctx := context.Background()
	for deadline := time.Now().Add(10 * time.Second); time.Now().Before(deadline); time.Sleep(10 * time.Millisecond) {
		var n int
		if err := b.pool.QueryRow(ctx, `SELECT count(*) FROM pg_stat_activity WHERE pid = $1`, pid).Scan(&n); err != nil {
			return err
		}
		if n == 0 {
			return nil
		}
	}
	return fmt.Errorf("session %d still running after 10s", pid)
}

// AppendRaw inserts raw after the current generation's last record.
func AppendRaw(b state.Backend, raw []byte) error {
	p := b.(*Backend)
	_, err := p.pool.Exec(context.Background(), `
INSERT INTO relctl_records (workspace, generation, seq, lineage, record)
SELECT s.workspace, s.generation, (SELECT max(seq) + 1 FROM relctl_records r WHERE r.workspace = s.workspace AND r.generation = s.generation), s.lineage, $2
FROM relctl_states s WHERE s.workspace = $1`, p.workspace, raw)
	return err
}

// Crash appends record as AppendRecord does, on a connection of its
// own, and closes the connection before the commit, as a process killed
// during the write does.
func Crash(b state.Backend, record []byte) error {
	p := b.(*Backend)
	ctx := context.Background()
	conn, err := pgx.ConnectConfig(ctx, p.pool.Config().ConnConfig.Copy())
	if err != nil {
		return err
	}
	tx, err := conn.Begin(ctx)
	if err != nil {
		return err
	}
	var gen, seq int64
	if err := tx.QueryRow(ctx, `SELECT s.generation, max(r.seq) FROM relctl_states s JOIN relctl_records r
  ON r.workspace = s.workspace AND r.generation = s.generation
WHERE s.workspace = $1 GROUP BY s.generation`, p.workspace).Scan(&gen, &seq); err != nil {
		return err
	}
	if _, err := tx.Exec(ctx, `INSERT INTO relctl_records (workspace, generation, seq, lineage, record) VALUES ($1, $2, $3, '', $4)`,
		p.workspace, gen, seq+1, record); err != nil {
		return err
	}
	pid := conn.PgConn().PID()
	conn.PgConn().Conn().Close()
	return p.waitGone(pid)
}

// LockKey is the advisory lock key of a workspace.
var LockKey = lockKey

// ScrubConnString is scrubConnString.
var ScrubConnString = scrubConnString

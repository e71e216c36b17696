package pg

import (
	"context"
	"crypto/sha256"
	"encoding/binary"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/relctl/relctl/state"
)

// lockKey is the advisory lock key of a workspace: non-negative, so that
// pg_locks shows it as classid (high 32 bits) and objid (low 32 bits).
func lockKey(workspace string) int64 {
	sum := sha256.Sum256([]byte("relctl state lock\x00" + workspace))
	return int64(binary.BigEndian.Uint64(sum[:8]) &^ (1 << 63))
}

// holderQuery selects the backend pid of the session holding the
// advisory lock $1 in this database.
const holderQuery = `SELECT pid FROM pg_locks WHERE locktype = 'advisory' AND granted AND objsubid = 1
  AND database = (SELECT oid FROM pg_database WHERE datname = current_database())
  AND classid = ($1::bigint >> 32)::oid AND objid = ($1::bigint & 4294967295)::oid`

// holderQuery3 is holderQuery with the key as $3.
var holderQuery3 = strings.ReplaceAll(holderQuery, "$1", "$3")

// infoQuery selects the lock info of workspace $2, when the session that
// wrote it still holds the advisory lock $1: otherwise the row is stale.
const infoQuery = `SELECT id, operation, who, pid, created FROM relctl_locks
WHERE workspace = $2 AND holder IN (` + holderQuery + `)`

// Lock takes the workspace's advisory lock on a connection of its own,
// retrying as state.RetryLock does.
func (b *Backend) Lock(ctx context.Context, operation string, timeout time.Duration) (state.HeldLock, error) {
	if err := b.ready(ctx); err != nil {
		return nil, err
	}
	return state.RetryLock(ctx, timeout, func() (state.HeldLock, error) { return b.tryLock(ctx, operation) })
}

// tryLock makes one attempt. Taking the advisory lock proves that any
// lock-info row left is stale, and the new info replaces it.
func (b *Backend) tryLock(ctx context.Context, operation string) (state.HeldLock, error) {
	conn, err := pgx.ConnectConfig(ctx, b.pool.Config().ConnConfig.Copy())
	if err != nil {
		return nil, b.scrub(fmt.Errorf("locking %s: %w", b.where, err))
	}
	key := lockKey(b.workspace)
	var ok bool
	if err := conn.QueryRow(ctx, `SELECT pg_try_advisory_lock($1)`, key).Scan(&ok); err != nil || !ok {
		conn.Close(context.WithoutCancel(ctx))
		if err != nil {
			return nil, b.scrub(fmt.Errorf("locking %s: %w", b.where, err))
		}
		return nil, &state.LockError{Info: b.liveInfo(ctx), Err: state.ErrLocked}
	}
	l := &held{b: b, conn: conn, info: state.NewLockInfo(operation, b.where)}
	b.setHeld(l.info.ID)
	i := l.info
	_, err = conn.Exec(ctx, `INSERT INTO relctl_locks (workspace, id, holder, operation, who, pid, created)
VALUES ($1, $2, pg_backend_pid(), $3, $4, $5, $6)
ON CONFLICT (workspace) DO UPDATE SET id = $2, holder = pg_backend_pid(), operation = $3, who = $4, pid = $5, created = $6`,
		b.workspace, i.ID, i.Operation, i.Who, i.PID, i.Created)
	if err != nil {
		b.setHeld("")
		conn.Close(context.WithoutCancel(ctx))
		return nil, b.scrub(fmt.Errorf("writing the lock info of %s: %w", b.where, err))
	}
	return l, nil
}

// liveInfo returns the info of the session holding the lock; zero when
// it has not written it yet.
func (b *Backend) liveInfo(ctx context.Context) state.LockInfo {
	info, err := b.scanInfo(b.pool.QueryRow(ctx, infoQuery, lockKey(b.workspace), b.workspace))
	if err != nil {
		return state.LockInfo{}
	}
	return info
}

func (b *Backend) scanInfo(row pgx.Row) (state.LockInfo, error) {
	i := state.LockInfo{Path: b.where}
	err := row.Scan(&i.ID, &i.Operation, &i.Who, &i.PID, &i.Created)
	i.Created = i.Created.UTC()
	return i, err
}

// LockInfo returns the lock-info row, stale or not.
func (b *Backend) LockInfo(ctx context.Context) (state.LockInfo, error) {
	if err := b.ready(ctx); err != nil {
		return state.LockInfo{}, err
	}
	info, err := b.scanInfo(b.pool.QueryRow(ctx,
		`SELECT id, operation, who, pid, created FROM relctl_locks WHERE workspace = $1`, b.workspace))
	if errors.Is(err, pgx.ErrNoRows) {
		return info, fmt.Errorf("%s: %w", b.where, state.ErrNotLocked)
	}
	if err != nil {
		return info, b.scrub(fmt.Errorf("reading the lock info of %s: %w", b.where, err))
	}
	return info, nil
}

// ForceUnlock removes the lock-info row id when no session holds the
// advisory lock any more: its holder died and PostgreSQL released it.
func (b *Backend) ForceUnlock(ctx context.Context, id string) error {
	return b.tx(ctx, "unlocking", func(tx pgx.Tx) error {
		info, err := b.scanInfo(tx.QueryRow(ctx,
			`SELECT id, operation, who, pid, created FROM relctl_locks WHERE workspace = $1 FOR UPDATE`, b.workspace))
		noInfo := errors.Is(err, pgx.ErrNoRows)
		if err != nil && !noInfo {
			return err
		}
		var holder int32
		err = tx.QueryRow(ctx, holderQuery, lockKey(b.workspace)).Scan(&holder)
		live := err == nil
		if err != nil && !errors.Is(err, pgx.ErrNoRows) {
			return err
		}
		switch {
		case noInfo && live:
			return &refusal{fmt.Errorf("%s is locked by a process that has not written its lock info yet: try again", b.where)}
		case noInfo:
			return &refusal{fmt.Errorf("unlocking %s: %w", b.where, state.ErrNotLocked)}
		case info.ID != id:
			return &refusal{fmt.Errorf("lock ID %q does not match the state's lock %s (held by %s, pid %d, %s)", id, info.ID, info.Who, info.PID, info.Operation)}
		case live:
			return &refusal{fmt.Errorf("lock %s is held by a running process (%s, pid %d, %s since %s): stop that process first; unlock only releases a lock whose holder died",
				id, info.Who, info.PID, info.Operation, info.Created.Format(time.RFC3339))}
		}
		_, err = tx.Exec(ctx, `DELETE FROM relctl_locks WHERE workspace = $1 AND id = $2`, b.workspace, id)
		return err
	})
}

// held is a lock this process holds: the advisory lock lives as long as
// conn.
type held struct {
	b    *Backend
	conn *pgx.Conn
	info state.LockInfo
}

func (l *held) Info() state.LockInfo { return l.info }

// Unlock removes the lock info and ends the session, which releases the
// advisory lock even when the unlock itself fails.
func (l *held) Unlock() error {
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	b := l.b
	b.setHeld("")
	_, err := l.conn.Exec(ctx, `DELETE FROM relctl_locks WHERE workspace = $1 AND id = $2`, b.workspace, l.info.ID)
	if err == nil {
		_, err = l.conn.Exec(ctx, `SELECT pg_advisory_unlock($1)`, lockKey(b.workspace))
	}
	if cerr := l.conn.Close(ctx); err == nil {
		err = cerr
	}
	if err != nil {
		return b.scrub(fmt.Errorf("unlocking %s: %w", b.where, err))
	}
	return nil
}

// heldID is the ID of the lock this backend holds, "" when none.
func (b *Backend) heldID() string {
	b.lockMu.Lock()
	defer b.lockMu.Unlock()
	return b.lockID
}

func (b *Backend) setHeld(id string) {
	b.lockMu.Lock()
	defer b.lockMu.Unlock()
	b.lockID = id
}

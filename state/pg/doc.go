// Package pg is the PostgreSQL state backend: a workspace's journal, its
// lock and the plan being applied, kept in a database that every runner
// of a release can reach.
//
// Tables (created on first use, in the connection's search_path):
//
//   - relctl_states: one row per workspace naming its lineage, its plan
//     and the generation (one per plan begun) that its records belong to.
//   - relctl_records: one row per journal record, keyed by workspace,
//     generation and sequence number (1 is the plan's header), holding
//     the framed line of the state file format, checksum included, so a
//     row written by anything but relctl is detected as a file's torn or
//     foreign record would be. Each record is inserted and committed in
//     its own transaction before AppendRecord returns.
//   - relctl_locks: the lock info of each locked workspace (ID, holder
//     connection, operation, who@host, pid, created).
//   - relctl_plans: the plan being applied in each workspace.
//
// The lock is a session advisory lock on a key derived from the
// workspace, held on a connection of its own for the lock's lifetime:
// when the holder dies its connection ends and PostgreSQL releases the
// lock, and the lock-info row left behind is recognised as stale because
// no session holds the advisory lock.
//
// The advisory lock is a session lock: connect to the server directly or
// through a pooler in session mode (a transaction-mode pooler such as
// PgBouncer's would hand the lock's session to others). Appends check in
// the same statement that locks the workspace row that this run's lock
// is still held, so a run whose lock connection was cut writes nothing
// more.
//
// The connection string comes from the configuration or PG_CONN_STR /
// DATABASE_URL. It is never written to the state or the plan, and its
// password is scrubbed from every error.
package pg

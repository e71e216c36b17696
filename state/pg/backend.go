package pg

import (
	"context"
	"errors"
	"fmt"
	"os"
	"strings"
	"sync"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/relctl/relctl/state"
)

var (
	_ state.Backend      = (*Backend)(nil)
	_ state.SecretHolder = (*Backend)(nil)
)

// The environment variables the connection string is read from when the
// configuration gives none, in this order.
var connEnv = []string{"PG_CONN_STR", "DATABASE_URL"}

// DefaultWorkspace is the workspace of a configuration that names none.
const DefaultWorkspace = "default"

// Config says where the state is.
type Config struct {
	// ConnString is a PostgreSQL connection string, as a URL or
	// key=value pairs; "" means $PG_CONN_STR, else $DATABASE_URL.
	ConnString string
	// Workspace names the state in the database; "" means "default".
	Workspace string
	// Getenv reads the environment; nil means os.Getenv.
	Getenv func(string) string
}

// Backend is a workspace's state in a PostgreSQL database. Its methods
// are safe for concurrent use.
type Backend struct {
	pool      *pgxpool.Pool
	workspace string
	where     string // String(): database, host and workspace
	secret    string // the password, scrubbed from errors

	schemaMu sync.Mutex
	schemaOK bool

	// lockID is the lock this backend holds ("" when none): appends
	// check that it is still held.
	lockMu sync.Mutex
	lockID string
}

// New connects to the database that cfg names. It does not touch the
// database until the first call: the schema is created then.
func New(ctx context.Context, cfg Config) (*Backend, error) {
	conn, from, err := connString(cfg)
	if err != nil {
		return nil, err
	}
	pc, err := pgxpool.ParseConfig(conn)
	if err != nil {
		return nil, fmt.Errorf("pg backend: the connection string%s is not valid: %s", from, parseProblem(err))
	}
	// Every commit waits for its WAL flush, whatever the server's
	// default: a record is durable before AppendRecord returns.
	pc.ConnConfig.RuntimeParams["synchronous_commit"] = "on"
	pc.ConnConfig.RuntimeParams["application_name"] = "relctl"
	ws := cfg.Workspace
	if ws == "" {
		ws = DefaultWorkspace
	}
	db := pc.ConnConfig.Database
	if db == "" {
		db = pc.ConnConfig.User // the server's default
	}
	b := &Backend{workspace: ws, secret: pc.ConnConfig.Password,
		where: fmt.Sprintf("pg database %s on %s, workspace %s", db, hostOf(pc.ConnConfig), ws)}
	b.pool, err = pgxpool.NewWithConfig(ctx, pc)
	if err != nil {
		return nil, b.scrub(fmt.Errorf("pg backend: %w", err))
	}
	return b, nil
}

// parseProblem says what is wrong with a connection string without
// quoting it: an invalid string may hide its password from any scrubber.
func parseProblem(err error) string {
	msg := err.Error()
	var pe *pgconn.ParseConfigError
	if errors.As(err, &pe) {
		if i := strings.LastIndex(msg, "`: "); i >= 0 {
			msg = msg[i+3:]
		}
		if pe.ConnString != "" {
			msg = strings.ReplaceAll(msg, pe.ConnString, "(the connection string)")
		}
	}
	return scrubConnString(msg)
}

// connString returns the connection string and where it came from.
func connString(cfg Config) (string, string, error) {
	if cfg.ConnString != "" {
		return cfg.ConnString, "", nil
	}
	getenv := cfg.Getenv
	if getenv == nil {
		getenv = os.Getenv
	}
	for _, name := range connEnv {
		if v := getenv(name); v != "" {
			return v, " in " + name, nil
		}
	}
	return "", "", fmt.Errorf("pg backend: no connection string: set conn_str in the backend block, or %s", strings.Join(connEnv, " or "))
}

func hostOf(c *pgx.ConnConfig) string {
	if strings.HasPrefix(c.Host, "/") {
		return "socket " + c.Host
	}
	return fmt.Sprintf("%s:%d", c.Host, c.Port)
}

// String describes the state: database, host and workspace.
func (b *Backend) String() string { return b.where }

// Secrets returns the connection's password, which the state must never
// hold.
func (b *Backend) Secrets() []string {
	if b.secret == "" {
		return nil
	}
	return []string{b.secret}
}

// Workspace returns the workspace's name.
func (b *Backend) Workspace() string { return b.workspace }

// Close closes the backend's connections.
func (b *Backend) Close() error {
	b.pool.Close()
	return nil
}

// schema is created once per backend, under a transaction-scoped
// advisory lock, so that runners starting at once do not race.
const schema = `
SELECT pg_advisory_xact_lock(7526405235838976001);
CREATE TABLE IF NOT EXISTS relctl_states (
	workspace  text PRIMARY KEY,
	lineage    text NOT NULL,
	plan_id    text NOT NULL,
	generation bigint NOT NULL,
	updated    timestamptz NOT NULL DEFAULT now()
);
CREATE TABLE IF NOT EXISTS relctl_records (
	workspace  text NOT NULL,
	generation bigint NOT NULL,
	seq        bigint NOT NULL,
	lineage    text NOT NULL,
	record     bytea NOT NULL,
	PRIMARY KEY (workspace, generation, seq)
);
CREATE TABLE IF NOT EXISTS relctl_locks (
	workspace  text PRIMARY KEY,
	id         text NOT NULL,
	holder     integer NOT NULL,
	operation  text NOT NULL,
	who        text NOT NULL,
	pid        integer NOT NULL,
	created    timestamptz NOT NULL
);
CREATE TABLE IF NOT EXISTS relctl_plans (
	workspace  text PRIMARY KEY,
	plan_id    text NOT NULL,
	plan       bytea NOT NULL,
	saved      timestamptz NOT NULL DEFAULT now()
);`

// ready creates the schema on first use.
func (b *Backend) ready(ctx context.Context) error {
	b.schemaMu.Lock()
	defer b.schemaMu.Unlock()
	if b.schemaOK {
		return nil
	}
	err := pgx.BeginFunc(ctx, b.pool, func(tx pgx.Tx) error {
		_, err := tx.Exec(ctx, schema)
		return err
	})
	if err != nil {
		return b.scrub(fmt.Errorf("creating the state tables in %s: %w", b.where, err))
	}
	b.schemaOK = true
	return nil
}

// tx runs fn in a transaction, after ensuring the schema. A *refusal
// returned by fn is passed on as the error it holds; other errors name
// the backend and are scrubbed.
func (b *Backend) tx(ctx context.Context, what string, fn func(pgx.Tx) error) error {
	if err := b.ready(ctx); err != nil {
		return err
	}
	err := pgx.BeginFunc(ctx, b.pool, fn)
	var r *refusal
	if errors.As(err, &r) {
		return r.err
	}
	if err != nil {
		return b.scrub(fmt.Errorf("%s in %s: %w", what, b.where, err))
	}
	return nil
}

// refusal is an error that fn of tx made for the caller: it rolls the
// transaction back and is returned as it is.
type refusal struct{ err error }

func (r *refusal) Error() string { return r.err.Error() }
func (r *refusal) Unwrap() error { return r.err }

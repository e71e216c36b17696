package pgtest

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"net/url"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
)

// EnvVar names the connection string of a server on which tests may
// create and drop databases.
const EnvVar = "RELCTL_TEST_PG"

var (
	mainCalled bool
	startOnce  sync.Once
	started    *server // nil when none was started
	adminConn  string
	startErr   error
)

// Main runs the tests and stops the server they started, if any.
func Main(m *testing.M) { os.Exit(Run(m)) }

// Run is Main for a TestMain with work of its own after the tests: it
// returns the exit code instead of exiting.
func Run(m *testing.M) int {
	mainCalled = true
	code := m.Run()
	if started != nil {
		if err := started.stop(); err != nil {
			fmt.Fprintf(os.Stderr, "pgtest: %v\n", err)
		}
	}
	return code
}

// Admin returns the connection string of the test server, starting one
// when RELCTL_TEST_PG is unset; it skips the test (fails it in CI) when
// no server can be had.
func Admin(t testing.TB) string {
	t.Helper()
	if s := os.Getenv(EnvVar); s != "" {
		return s
	}
	if !mainCalled {
		t.Fatal("pgtest: call pgtest.Main from the package's TestMain, so that the server it starts is stopped")
	}
	startOnce.Do(func() {
		bindir, err := findBinaries()
		if err != nil {
			startErr = err
			return
		}
		started, startErr = start(bindir)
		if startErr == nil {
			adminConn = started.connString("postgres")
		}
	})
	if msg, fail, missing := unavailable(startErr, os.Getenv); missing && fail {
		t.Fatal(msg)
	} else if missing {
		t.Skip(msg)
	}
	if startErr != nil {
		t.Fatalf("starting a PostgreSQL server for the tests: %v", startErr)
	}
	return adminConn
}

// unavailable says whether err means that no server can be had and, if
// so, what to tell and whether to fail rather than skip: in CI
// (CI=true), tests that cannot run are a failure.
func unavailable(err error, getenv func(string) string) (msg string, fail, missing bool) {
	if _, missing = err.(errNoBinaries); !missing {
		return "", false, false
	}
	msg = fmt.Sprintf("no PostgreSQL server for the tests: %s is unset and %v; install PostgreSQL (apt-get install postgresql) or set %s to a server where the tests may create databases", EnvVar, err, EnvVar)
	return msg, getenv("CI") == "true", true
}

// Database creates a new database for the test, dropped when it ends,
// and returns its connection string.
func Database(t testing.TB) string {
	t.Helper()
	admin := Admin(t)
	name := "relctl_test_" + randomHex(8)
	execSQL(t, admin, "CREATE DATABASE "+name+createStrategy(t, admin))
	t.Cleanup(func() { execSQL(t, admin, "DROP DATABASE IF EXISTS "+name+" WITH (FORCE)") })
	conn, err := WithDatabase(admin, name)
	if err != nil {
		t.Fatal(err)
	}
	return conn
}

// WithDatabase returns the connection string conn with its database
// replaced by name, in either form (URL or key=value).
func WithDatabase(conn, name string) (string, error) {
	if strings.HasPrefix(conn, "postgres://") || strings.HasPrefix(conn, "postgresql://") {
		u, err := url.Parse(conn)
		if err != nil {
			return "", fmt.Errorf("%s is not a valid connection URL", EnvVar)
		}
		u.Path = "/" + name
		return u.String(), nil
	}
	return conn + " dbname=" + name, nil
}

var (
	strategyOnce sync.Once
	strategy     string
)

// createStrategy returns the clause that makes CREATE DATABASE copy the
// template's files rather than log them, several times faster for a
// small database, on servers that have it (PostgreSQL 15 and later).
func createStrategy(t testing.TB, admin string) string {
	strategyOnce.Do(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		c, err := pgx.Connect(ctx, admin)
		if err != nil {
			return
		}
		defer c.Close(ctx)
		var v int
		if c.QueryRow(ctx, "SELECT current_setting('server_version_num')::int").Scan(&v) == nil && v >= 150000 {
			strategy = " STRATEGY = FILE_COPY"
		}
	})
	return strategy
}

func execSQL(t testing.TB, conn, sql string) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	c, err := pgx.Connect(ctx, conn)
	if err != nil {
		t.Fatalf("connecting to the test server: %v", err)
	}
	defer c.Close(ctx)
	if _, err := c.Exec(ctx, sql); err != nil {
		t.Fatalf("%s: %v", sql, err)
	}
}

func randomHex(n int) string {
	b := make([]byte, n)
	rand.Read(b)
	return hex.EncodeToString(b)
}

package pgtest

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/jackc/pgx/v5"
)

func TestMain(m *testing.M) { Main(m) }

// TestDatabase: each test gets its own empty database, which it can
// write, and which is gone after the test.
func TestDatabase(t *testing.T) {
	ctx := context.Background()
	var name string
	t.Run("first", func(t *testing.T) {
		c, err := pgx.Connect(ctx, Database(t))
		if err != nil {
			t.Fatal(err)
		}
		defer c.Close(ctx)
		if err := c.QueryRow(ctx, "SELECT current_database()").Scan(&name); err != nil {
			t.Fatal(err)
		}
		if _, err := c.Exec(ctx, "CREATE TABLE t (x int)"); err != nil {
			t.Fatal(err)
		}
	})
	c, err := pgx.Connect(ctx, Admin(t))
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close(ctx)
	var n int
	if err := c.QueryRow(ctx, "SELECT count(*) FROM pg_database WHERE datname = $1", name).Scan(&n); err != nil {
		t.Fatal(err)
	}
	if name == "" || n != 0 {
		t.Errorf("database %q: %d left after the test, want it dropped", name, n)
	}
}

func TestWithDatabase(t *testing.T) {
	for in, want := range map[string]string{
		"postgres://u:p@h:5432/postgres?sslmode=disable": "postgres://u:p@h:5432/relctl_x?sslmode=disable",
		"host=/tmp/s user=postgres dbname=postgres":      "host=/tmp/s user=postgres dbname=postgres dbname=relctl_x",
	} {
		got, err := WithDatabase(in, "relctl_x")
		if err != nil || got != want {
			t.Errorf("WithDatabase(%q) = %q, %v; want %q", in, got, err, want)
		}
	}
}

func TestUnavailable(t *testing.T) {
	env := func(ci string) func(string) string {
		return func(k string) string {
			if k == "CI" {
				return ci
			}
			return ""
		}
	}
	missing := errNoBinaries{looked: "PATH"}
	if msg, fail, ok := unavailable(missing, env("true")); !ok || !fail || !strings.Contains(msg, EnvVar) || !strings.Contains(msg, "apt-get install postgresql") {
		t.Errorf("in CI: %q fail=%v missing=%v; want a failure saying how to get a server", msg, fail, ok)
	}
	if _, fail, ok := unavailable(missing, env("")); !ok || fail {
		t.Errorf("outside CI: fail=%v missing=%v; want a skip", fail, ok)
	}
	if _, _, ok := unavailable(errors.New("initdb: exit status 1"), env("true")); ok {
		t.Error("a server that failed to start was taken for a missing one")
	}
}

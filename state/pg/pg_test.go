package pg_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/relctl/relctl/state"
	"github.com/relctl/relctl/state/pg"
	"github.com/relctl/relctl/state/pg/pgtest"
	"github.com/relctl/relctl/state/statetest"
)

var ctx = context.Background()

func TestConnStringFromEnvironment(t *testing.T) {
	env := map[string]string{}
	getenv := func(k string) string { return env[k] }
	if _, err := pg.New(ctx, pg.Config{Getenv: getenv}); err == nil ||
		!strings.Contains(err.Error(), "PG_CONN_STR") || !strings.Contains(err.Error(), "DATABASE_URL") {
		t.Errorf("without a connection string: got %v, want an error naming PG_CONN_STR and DATABASE_URL", err)
	}
	env["DATABASE_URL"] = "postgres://u@db.example:5433/fromurl"
	env["PG_CONN_STR"] = "host=/run/pg dbname=fromconnstr user=u"
	b, err := pg.New(ctx, pg.Config{Getenv: getenv, Workspace: "apim"})
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	if got, want := b.String(), "pg database fromconnstr on socket /run/pg, workspace apim"; got != want {
		t.Errorf("PG_CONN_STR first: %q, want %q", got, want)
	}
	delete(env, "PG_CONN_STR")
	b2, err := pg.New(ctx, pg.Config{Getenv: getenv})
	if err != nil {
		t.Fatal(err)
	}
	defer b2.Close()
	if got, want := b2.String(), "pg database fromurl on db.example:5433, workspace default"; got != want {
		t.Errorf("DATABASE_URL: %q, want %q", got, want)
	}
}

// TestPasswordNeverInErrors: neither a bad connection string nor a
// failed connection shows the password.
func TestPasswordNeverInErrors(t *testing.T) {
	const pw = "s3cret-Passw0rd"
	for _, conn := range []string{
		"postgres://relctl:" + pw + "@db.example:notaport/relctl",
		"postgres://relctl:p@" + pw + "@db.example:notaport/relctl",
		"postgres://relctl:" + pw + "@db.example/relctl?sslmode=bogus",
		"host=db.example port=notaport user=relctl password=" + pw,
		"postgres://relctl:" + pw + "@/relctl?host=/nonexistent-relctl-socket-dir&connect_timeout=2",
		"host=/nonexistent-relctl-socket-dir user=relctl password='" + pw + "' connect_timeout=2",
	} {
		b, err := pg.New(ctx, pg.Config{ConnString: conn})
		if err == nil {
			_, err = b.ReadState(ctx)
			b.Close()
		}
		if err == nil {
			t.Errorf("%s: no error", conn)
			continue
		}
		if strings.Contains(err.Error(), pw) {
			t.Errorf("the error shows the password: %v", err)
		}
	}
}

// TestStaleInfoRow: a lock-info row whose session ended is not taken
// for the holder of the lock that another session holds now.
func TestStaleInfoRow(t *testing.T) {
	conn := pgtest.Database(t)
	b := open(t, conn)
	dead, err := b.Lock(ctx, "apply", 0)
	if err != nil {
		t.Fatal(err)
	}
	if err := pg.Abandon(dead); err != nil {
		t.Fatal(err)
	}
	// Another session takes the advisory lock without writing its info,
	// as a locker does for a moment.
	other, err := pgx.Connect(ctx, conn)
	if err != nil {
		t.Fatal(err)
	}
	defer other.Close(ctx)
	if _, err := other.Exec(ctx, `SELECT pg_advisory_lock($1)`, pg.LockKey("release")); err != nil {
		t.Fatal(err)
	}
	_, err = open(t, conn).Lock(ctx, "rollback", 0)
	var le *state.LockError
	if !errors.As(err, &le) || le.Info.ID != "" {
		t.Fatalf("got %v, want a *LockError without the stale holder's info", err)
	}
	if !strings.Contains(err.Error(), "not available") {
		t.Errorf("lock error %q: want it to say the holder's info is not available", err)
	}
	if err := b.ForceUnlock(ctx, dead.Info().ID); err == nil || !strings.Contains(err.Error(), "running process") {
		t.Errorf("ForceUnlock while another session holds the lock: got %v, want a refusal", err)
	}
}

// TestLostLock: once the lock's session has ended, the run that held it
// records nothing more, as another run may hold the lock.
func TestLostLock(t *testing.T) {
	conn := pgtest.Database(t)
	b := open(t, conn)
	r, err := state.OpenRecorder(ctx, b, "apply", 0)
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	if err := r.Begin("P1", "R", []string{"a"}); err != nil {
		t.Fatal(err)
	}
	if err := r.Record(state.Action{Address: "a", Status: state.Running}); err != nil {
		t.Fatal(err)
	}
	if err := pg.EndLockSession(b, r.LockInfo().ID); err != nil {
		t.Fatal(err)
	}
	next, err := open(t, conn).Lock(ctx, "apply", 0)
	if err != nil {
		t.Fatal(err)
	}
	defer next.Unlock()
	if err := r.Record(state.Action{Address: "a", Status: state.Done}); err == nil || !strings.Contains(err.Error(), "was lost") {
		t.Errorf("recording after the lock was lost: got %v, want a refusal", err)
	}
	if st, _ := b.ReadState(ctx); st == nil || st.Actions["a"].Status != state.Running {
		t.Errorf("state after the refused record: %+v, want a still running", st)
	}
}

// TestWorkspaces: workspaces of one database are separate states with
// separate locks, and first use by several runners at once creates the
// tables once.
func TestWorkspaces(t *testing.T) {
	conn := pgtest.Database(t)
	backends := map[string]*pg.Backend{}
	var wg sync.WaitGroup
	var mu sync.Mutex
	for _, ws := range []string{"apim", "am", "cockpit"} {
		b, err := pg.New(ctx, pg.Config{ConnString: conn, Workspace: ws})
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { b.Close() })
		backends[ws] = b
		wg.Go(func() {
			_, err := b.ReadState(ctx)
			if !errors.Is(err, state.ErrNoState) {
				mu.Lock()
				defer mu.Unlock()
				t.Errorf("%s: ReadState of a new workspace: %v", ws, err)
			}
		})
	}
	wg.Wait()
	for ws, b := range backends {
		l, err := b.Lock(ctx, "apply", 0)
		if err != nil {
			t.Fatalf("%s: %v", ws, err)
		}
		defer l.Unlock()
		if err := b.BeginPlan(ctx, state.Header{FormatVersion: state.FormatVersion, Lineage: "L-" + ws, PlanID: "P-" + ws, Addresses: []string{"a"}}); err != nil {
			t.Fatal(err)
		}
	}
	for ws, b := range backends {
		st, err := b.ReadState(ctx)
		if err != nil || st.PlanID != "P-"+ws {
			t.Errorf("%s holds %+v, %v; want its own plan", ws, st, err)
		}
	}
}

func TestScrubConnString(t *testing.T) {
	for in, want := range map[string]string{
		"cannot parse `postgres://u:p@ssw0rd@h/db`":             "cannot parse `postgres://u:xxxxx@h/db`",
		"cannot parse `postgresql://u:pw@h:1/db`: invalid port": "cannot parse `postgresql://u:xxxxx@h:1/db`: invalid port",
		"cannot parse `host=h password=pw1 port=x`":             "cannot parse `host=h password=xxxxx port=x`",
		"cannot parse `host=h password = 'a b\\' c' port=x`":    "cannot parse `host=h password = xxxxx port=x`",
		"cannot parse `password=pw`: bad":                       "cannot parse `password=xxxxx`: bad",
	} {
		if got := pg.ScrubConnString(in); got != want {
			t.Errorf("scrub(%q) = %q, want %q", in, got, want)
		}
	}
}

// TestMigrateBetweenBackends moves a state from a file to PostgreSQL and
// back.
func TestMigrateBetweenBackends(t *testing.T) {
	dir := t.TempDir()
	t.Run("local to pg", func(t *testing.T) {
		statetest.TestMigrate(t, state.NewLocal(dir+"/a.state"), open(t, pgtest.Database(t)))
	})
	t.Run("pg to local", func(t *testing.T) {
		statetest.TestMigrate(t, open(t, pgtest.Database(t)), state.NewLocal(dir+"/b.state"))
	})
}

// TestPasswordNeverRecorded: the connection's password is redacted from
// what is recorded, as every secret is.
func TestPasswordNeverRecorded(t *testing.T) {
	conn := pgtest.Database(t) + " password=pw-canary-7f3a"
	b := open(t, conn)
	r, err := state.OpenRecorder(ctx, b, "apply", 0)
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	if err := r.Begin("P1", "R", []string{"a"}); err != nil {
		t.Fatal(err)
	}
	if err := r.Record(state.Action{Address: "a", Status: state.Failed, Error: "connecting with pw-canary-7f3a failed"}); err != nil {
		t.Fatal(err)
	}
	other, err := pgx.Connect(ctx, conn)
	if err != nil {
		t.Fatal(err)
	}
	defer other.Close(ctx)
	var n int
	if err := other.QueryRow(ctx, `SELECT count(*) FROM relctl_records WHERE position('pw-canary-7f3a' in convert_from(record, 'UTF8')) > 0`).Scan(&n); err != nil {
		t.Fatal(err)
	}
	if n != 0 {
		t.Errorf("%d records hold the password", n)
	}
	if got := r.State().Actions["a"].Error; got != "connecting with "+state.Redacted+" failed" {
		t.Errorf("recorded error %q", got)
	}
}

// TestRoleWithoutCreate: a role that may use the tables but not create
// any (as a DBA would provision it) reads, writes and locks the state.
func TestRoleWithoutCreate(t *testing.T) {
	conn := pgtest.Database(t)
	if _, err := open(t, conn).ReadState(ctx); !errors.Is(err, state.ErrNoState) {
		t.Fatal(err)
	}
	role := fmt.Sprintf("relctl_user_%d", time.Now().UnixNano())
	admin, err := pgx.Connect(ctx, conn)
	if err != nil {
		t.Fatal(err)
	}
	defer admin.Close(ctx)
	for _, sql := range []string{
		"CREATE ROLE " + role + " LOGIN",
		"REVOKE CREATE ON SCHEMA public FROM PUBLIC",
		"GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO " + role,
	} {
		if _, err := admin.Exec(ctx, sql); err != nil {
			t.Fatalf("%s: %v", sql, err)
		}
	}
	t.Cleanup(func() {
		admin.Exec(ctx, "DROP OWNED BY "+role)
		admin.Exec(ctx, "DROP ROLE "+role)
	})
	b := open(t, conn+" user="+role)
	l, err := b.Lock(ctx, "apply", 0)
	if err != nil {
		t.Fatal(err)
	}
	defer l.Unlock()
	if err := b.BeginPlan(ctx, state.Header{FormatVersion: state.FormatVersion, Lineage: "L", PlanID: "P", Addresses: []string{"a"}}); err != nil {
		t.Fatal(err)
	}
	if st, err := b.ReadState(ctx); err != nil || st.PlanID != "P" {
		t.Errorf("ReadState as %s: %+v, %v", role, st, err)
	}
}

package pgtest

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
)

// errNoBinaries reports that PostgreSQL is not installed.
type errNoBinaries struct{ looked string }

func (e errNoBinaries) Error() string {
	return "no PostgreSQL binaries (initdb, pg_ctl) were found in " + e.looked
}

// findBinaries returns the directory of initdb and pg_ctl: pg_config
// --bindir, else the directory of initdb on PATH, else the newest
// /usr/lib/postgresql/*/bin.
func findBinaries() (string, error) {
	var dirs []string
	if out, err := exec.Command("pg_config", "--bindir").Output(); err == nil {
		dirs = append(dirs, strings.TrimSpace(string(out)))
	}
	if p, err := exec.LookPath("initdb"); err == nil {
		dirs = append(dirs, filepath.Dir(p))
	}
	versions, _ := filepath.Glob("/usr/lib/postgresql/*/bin")
	sort.Slice(versions, func(i, j int) bool { return pgVersion(versions[i]) > pgVersion(versions[j]) })
	dirs = append(dirs, versions...)
	for _, d := range dirs {
		if isExec(filepath.Join(d, "initdb")) && isExec(filepath.Join(d, "pg_ctl")) {
			return d, nil
		}
	}
	return "", errNoBinaries{looked: "pg_config --bindir, PATH and /usr/lib/postgresql/*/bin"}
}

func pgVersion(bindir string) int {
	n, _ := strconv.Atoi(filepath.Base(filepath.Dir(bindir)))
	return n
}

func isExec(path string) bool {
	fi, err := os.Stat(path)
	return err == nil && !fi.IsDir() && fi.Mode()&0o111 != 0
}

// server is a throwaway PostgreSQL server listening only on a Unix
// socket in its own directory.
type server struct {
	bindir string
	dir    string // holds data/, the socket and the log
	asUser string // the user the server runs as, when not the current one
}

func (s *server) data() string    { return filepath.Join(s.dir, "data") }
func (s *server) logFile() string { return filepath.Join(s.dir, "log") }

// start initialises and starts a server. PostgreSQL refuses to run as
// root, so as root it runs as the postgres user.
func start(bindir string) (*server, error) {
	dir, err := os.MkdirTemp("", "relctl-pg-")
	if err != nil {
		return nil, err
	}
	s := &server{bindir: bindir, dir: dir}
	if os.Geteuid() == 0 {
		if err := s.runAsPostgres(); err != nil {
			os.RemoveAll(dir)
			return nil, err
		}
	}
	if err := s.run("initdb", "-D", s.data(), "-U", "postgres", "-A", "trust", "-E", "UTF8", "--no-sync"); err != nil {
		os.RemoveAll(dir)
		return nil, err
	}
	opts := fmt.Sprintf("-k %s -c listen_addresses='' -c fsync=off -c max_connections=200", dir)
	if err := s.run("pg_ctl", "-D", s.data(), "-l", s.logFile(), "-w", "-t", "60", "-o", opts, "start"); err != nil {
		log, _ := os.ReadFile(s.logFile())
		os.RemoveAll(dir)
		return nil, fmt.Errorf("%w\nserver log:\n%s", err, log)
	}
	return s, nil
}

// runAsPostgres makes the server's directory the postgres user's.
func (s *server) runAsPostgres() error {
	u, err := user.Lookup("postgres")
	if err != nil {
		return fmt.Errorf("running as root, the test server must run as the postgres user: %w", err)
	}
	uid, _ := strconv.Atoi(u.Uid)
	gid, _ := strconv.Atoi(u.Gid)
	if err := os.Chown(s.dir, uid, gid); err != nil {
		return err
	}
	s.asUser = "postgres"
	return nil
}

// run runs one of the server's binaries, as the server's user.
func (s *server) run(name string, args ...string) error {
	argv := append([]string{filepath.Join(s.bindir, name)}, args...)
	if s.asUser != "" {
		if p, err := exec.LookPath("runuser"); err == nil {
			argv = append([]string{p, "-u", s.asUser, "--"}, argv...)
		} else {
			argv = []string{"su", s.asUser, "-s", "/bin/sh", "-c", shellQuote(argv)}
		}
	}
	var out bytes.Buffer
	cmd := exec.Command(argv[0], argv[1:]...)
	cmd.Stdout, cmd.Stderr = &out, &out
	if err := cmd.Run(); err != nil {
		return fmt.Errorf("%s: %w\n%s", name, err, out.Bytes())
	}
	return nil
}

func shellQuote(argv []string) string {
	q := make([]string, len(argv))
	for i, a := range argv {
		q[i] = "'" + strings.ReplaceAll(a, "'", `'\''`) + "'"
	}
	return strings.Join(q, " ")
}

// connString returns the key=value connection string of database db.
func (s *server) connString(db string) string {
	return fmt.Sprintf("host=%s user=postgres dbname=%s sslmode=disable", s.dir, db)
}

// stop stops the server at once and removes its files.
func (s *server) stop() error {
	err := s.run("pg_ctl", "-D", s.data(), "-m", "immediate", "-w", "stop")
	if rerr := os.RemoveAll(s.dir); err == nil {
		err = rerr
	}
	return err
}

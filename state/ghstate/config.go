package ghstate

import (
	"fmt"
	"os"
	"path"
	"regexp"
	"strings"
	"time"

	"github.com/hashicorp/go-hclog"

	"github.com/relctl/relctl/providers/github/ghhttp"
)

// Defaults applied by New to zero fields of Config.
const (
	DefaultBranch    = "relctl-state"
	DefaultWorkspace = "default"
	// DefaultLockHeartbeat is how often a holder renews its lock. Each
	// renewal creates a commit, which GitHub counts against its limit of
	// content-creating requests (about 500 an hour).
	DefaultLockHeartbeat = time.Minute
	// DefaultLockStale is how old a lock's heartbeat must be before
	// ForceUnlock treats its holder as dead: a few missed heartbeats,
	// plus room for the clocks of two runners to disagree.
	DefaultLockStale = 5 * time.Minute
)

// Config says where a workspace's state lives and how to reach GitHub.
type Config struct {
	// Repo is the repository, "owner/name".
	Repo string
	// Branch holds the state (DefaultBranch when empty). It is created,
	// as an orphan branch, on the first write.
	Branch string
	// Path is an optional directory of the branch for the state files.
	Path string
	// Workspace names the state (DefaultWorkspace when empty).
	Workspace string
	// BaseURL is the REST API root: "" for GitHub.com, else a GitHub
	// Enterprise Server API URL.
	BaseURL string
	// Token authenticates the requests; "" reads GITHUB_TOKEN through
	// Getenv. It stays in the transport's memory.
	Token  string
	Getenv func(string) string
	// HTTP tunes the transport (retries, backoff, mutation spacing);
	// its Token and BaseURL are set from the fields above.
	HTTP ghhttp.Options
	// LockHeartbeat and LockStale: see the package documentation.
	LockHeartbeat, LockStale time.Duration
	// Now is the clock of lock times (time.Now when nil).
	Now    func() time.Time
	Logger hclog.Logger
}

var (
	nameRE      = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9._-]*$`)
	repoPartRE  = regexp.MustCompile(`^[A-Za-z0-9._-]+$`)
	refPiecesRE = regexp.MustCompile(`^[A-Za-z0-9._/-]+$`)
)

// withDefaults validates c and fills its zero fields.
func (c Config) withDefaults() (Config, error) {
	owner, name, ok := strings.Cut(c.Repo, "/")
	if !ok || !repoPartRE.MatchString(owner) || !repoPartRE.MatchString(name) {
		return c, fmt.Errorf("github state backend: repository %q is not \"owner/name\"", c.Repo)
	}
	if c.Branch == "" {
		c.Branch = DefaultBranch
	}
	if !validRefPart(c.Branch) {
		return c, fmt.Errorf("github state backend: %q is not a valid branch name", c.Branch)
	}
	if c.Workspace == "" {
		c.Workspace = DefaultWorkspace
	}
	if !nameRE.MatchString(c.Workspace) || strings.HasSuffix(c.Workspace, ".lock") {
		return c, fmt.Errorf("github state backend: workspace %q must be letters, digits, '.', '_' or '-'", c.Workspace)
	}
	c.Path = strings.Trim(c.Path, "/")
	if c.Path != "" && (path.Clean(c.Path) != c.Path || !validRefPart(c.Path)) {
		return c, fmt.Errorf("github state backend: path %q must be a plain relative directory", c.Path)
	}
	if c.Getenv == nil {
		c.Getenv = os.Getenv
	}
	if c.Token == "" {
		c.Token = c.Getenv("GITHUB_TOKEN")
	}
	if c.LockHeartbeat <= 0 {
		c.LockHeartbeat = DefaultLockHeartbeat
	}
	if c.LockStale <= 0 {
		c.LockStale = DefaultLockStale
	}
	if c.Now == nil {
		c.Now = time.Now
	}
	if c.Logger == nil {
		c.Logger = hclog.NewNullLogger()
	}
	return c, nil
}

// validRefPart reports whether s can be part of a git ref name.
func validRefPart(s string) bool {
	if !refPiecesRE.MatchString(s) || strings.Contains(s, "..") || strings.Contains(s, "//") {
		return false
	}
	for _, part := range strings.Split(s, "/") {
		if part == "" || strings.HasPrefix(part, ".") || strings.HasSuffix(part, ".lock") {
			return false
		}
	}
	return !strings.HasSuffix(s, ".")
}

// file is the path of one of the workspace's files on the branch.
func (c Config) file(suffix string) string {
	return path.Join(c.Path, c.Workspace+suffix)
}

// lockRef is the workspace's lock ref, without "refs/": named after the
// journal, so that no two workspaces' lock refs can be a file and a
// directory of each other, which git forbids.
func (c Config) lockRef() string {
	return path.Join("heads/relctl-lock", c.Branch, c.file(journalSuffix))
}

package git

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"github.com/gofrs/flock"
	"github.com/hashicorp/go-hclog"
)

// Fetch refspecs of every clone: the remote's branches and tags are kept
// apart from the branches and tags relctl creates locally, so that a fetch
// never overwrites local work and a push publishes exactly what was made.
const (
	remoteHeads = "refs/remotes/origin/"
	remoteTags  = "refs/remote-tags/"
)

var fetchRefspecs = []string{
	"+refs/heads/*:" + remoteHeads + "*",
	"+refs/tags/*:" + remoteTags + "*",
}

// clone is a bare clone of one remote under the workdir, locked for the
// caller's exclusive use until release is called.
type clone struct {
	dir    string
	remote string
	run    *runner
	log    hclog.Logger
}

func (c *clone) git(ctx context.Context, args ...string) (string, error) {
	return c.run.git(ctx, c.dir, append([]string{"--git-dir=" + c.dir}, args...)...)
}

// gitIn runs git on the clone with extra environment and standard input.
func (c *clone) gitIn(ctx context.Context, env []string, stdin string, args ...string) (string, error) {
	out, err := c.run.run(ctx, call{dir: c.dir, args: append([]string{"--git-dir=" + c.dir}, args...), env: env, stdin: strings.NewReader(stdin)})
	return strings.TrimRight(out, "\n"), err
}

// lockClone serialises work on one clone: a mutex within the process and an
// OS file lock beside the clone between processes.
func (p *Provider) lockClone(ctx context.Context, dir string) (func(), error) {
	p.mu.Lock()
	m, ok := p.locks[dir]
	if !ok {
		m = &sync.Mutex{}
		p.locks[dir] = m
	}
	p.mu.Unlock()
	m.Lock()
	if err := os.MkdirAll(filepath.Dir(dir), 0o755); err != nil {
		m.Unlock()
		return nil, fmt.Errorf("creating workdir: %w", err)
	}
	fl := flock.New(dir + ".lock")
	ok, err := fl.TryLockContext(ctx, 50*time.Millisecond)
	if err != nil || !ok {
		m.Unlock()
		return nil, fmt.Errorf("locking clone %s: %w", dir, errors.Join(err, ctx.Err()))
	}
	return func() { fl.Unlock(); m.Unlock() }, nil
}

// open locks the clone of remote, repairs what an interrupted git left
// behind, creates the clone when missing or unusable, and fetches it.
func (p *Provider) open(ctx context.Context, remote string) (*clone, func(), error) {
	dir := filepath.Join(p.workdir, cloneKey(remote))
	release, err := p.lockClone(ctx, dir)
	if err != nil {
		return nil, nil, err
	}
	c := &clone{dir: dir, remote: remote, run: p.run, log: p.log.With("remote", redactText(remote))}
	if err := c.prepare(ctx); err != nil {
		release()
		return nil, nil, err
	}
	if err := c.fetch(ctx); err != nil {
		release()
		return nil, nil, err
	}
	return c, release, nil
}

// prepare makes c.dir a usable clone of c.remote. It runs under the clone
// lock, so any git lock file in the clone was left by a killed process.
func (c *clone) prepare(ctx context.Context) error {
	leftovers, _ := filepath.Glob(c.dir + ".tmp-*")
	for _, l := range leftovers {
		os.RemoveAll(l)
	}
	if _, err := os.Stat(c.dir); err == nil {
		c.removeStaleLocks()
		if reason := c.validate(ctx); reason == "" {
			return c.dropBrokenRefs(ctx)
		} else {
			c.log.Warn("clone is unusable, cloning again", "dir", c.dir, "reason", reason)
			if err := os.RemoveAll(c.dir); err != nil {
				return fmt.Errorf("removing unusable clone %s: %w", c.dir, err)
			}
		}
	}
	return c.create(ctx)
}

// create initialises the clone in a temporary directory and renames it into
// place, so a clone directory is never seen half made.
func (c *clone) create(ctx context.Context) error {
	tmp, err := os.MkdirTemp(filepath.Dir(c.dir), filepath.Base(c.dir)+".tmp-*")
	if err != nil {
		return fmt.Errorf("creating clone: %w", err)
	}
	defer os.RemoveAll(tmp)
	steps := [][]string{
		{"init", "--bare", "--quiet", tmp},
		{"-C", tmp, "config", "remote.origin.url", c.remote},
		{"-C", tmp, "config", "gc.auto", "0"},
	}
	for _, spec := range fetchRefspecs {
		steps = append(steps, []string{"-C", tmp, "config", "--add", "remote.origin.fetch", spec})
	}
	for _, args := range steps {
		if _, err := c.run.git(ctx, "", args...); err != nil {
			return fmt.Errorf("creating clone of %s: %w", displayName(c.remote), err)
		}
	}
	if err := os.Rename(tmp, c.dir); err != nil {
		return fmt.Errorf("creating clone: %w", err)
	}
	return nil
}

// removeStaleLocks deletes lock files and private index files that a
// killed git or relctl left in the clone.
func (c *clone) removeStaleLocks() {
	filepath.WalkDir(c.dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return nil
		}
		name := d.Name()
		if d.IsDir() {
			if path == filepath.Join(c.dir, "objects") {
				return fs.SkipDir
			}
			return nil
		}
		if strings.HasSuffix(name, ".lock") || strings.HasPrefix(name, "relctl-index-") {
			c.log.Info("removing stale file left by an interrupted git", "file", path)
			os.Remove(path)
		}
		return nil
	})
}

// validate returns why the clone cannot be used, or "".
func (c *clone) validate(ctx context.Context) string {
	bare, err := c.git(ctx, "rev-parse", "--is-bare-repository")
	if err != nil || bare != "true" {
		return "not a bare git repository"
	}
	url, err := c.git(ctx, "config", "--get", "remote.origin.url")
	if err != nil || url != c.remote {
		return "clone of another remote"
	}
	specs, err := c.git(ctx, "config", "--get-all", "remote.origin.fetch")
	if err != nil || specs != strings.Join(fetchRefspecs, "\n") {
		return "unexpected fetch configuration"
	}
	return ""
}

// dropBrokenRefs deletes local refs whose object is missing (a ref written
// by an interrupted process), so that checks see the work as not done and
// it is made again instead of being trusted.
func (c *clone) dropBrokenRefs(ctx context.Context) error {
	out, err := c.git(ctx, "for-each-ref", "--format=%(refname) %(objectname)")
	if err != nil {
		return fmt.Errorf("listing refs of clone %s: %w", c.dir, err)
	}
	for _, line := range strings.Split(out, "\n") {
		ref, sha, ok := strings.Cut(line, " ")
		if !ok {
			continue
		}
		if _, err := c.git(ctx, "cat-file", "-e", sha); err != nil {
			c.log.Warn("deleting ref whose object is missing", "ref", ref, "sha", sha)
			if _, err := c.git(ctx, "update-ref", "-d", ref); err != nil {
				return fmt.Errorf("deleting broken ref %s: %w", ref, err)
			}
		}
	}
	return nil
}

// fetch brings the remote's branches and tags into the clone.
func (c *clone) fetch(ctx context.Context) error {
	_, err := c.git(ctx, "fetch", "--quiet", "--prune", "--no-tags", "--no-write-fetch-head", "origin")
	if err != nil {
		return fmt.Errorf("fetching %s: %w", displayName(c.remote), err)
	}
	return nil
}

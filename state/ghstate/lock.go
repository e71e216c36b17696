package ghstate

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"time"

	"github.com/google/go-github/v57/github"

	"github.com/relctl/relctl/state"
)

// lockRecord is what a lock commit's message holds after its title line:
// the lock info and when the holder last renewed it.
type lockRecord struct {
	state.LockInfo
	Heartbeat time.Time `json:"heartbeat"`
}

// lockFile is the file of a lock commit's tree, so that the lock branch
// shows who holds it.
const lockFile = "relctl-lock.json"

// Lock creates the workspace's lock ref, which fails while another run
// holds it.
func (b *Backend) Lock(ctx context.Context, operation string, timeout time.Duration) (state.HeldLock, error) {
	return state.RetryLock(ctx, timeout, func() (state.HeldLock, error) {
		return b.tryLock(ctx, operation)
	})
}

func (b *Backend) tryLock(ctx context.Context, operation string) (state.HeldLock, error) {
	// A held lock is seen with reads, before writing any object.
	holder, head, err := b.readLock(ctx)
	switch {
	case err == nil && b.stale(holder):
		return b.takeOver(ctx, operation, holder, head)
	case err == nil || errors.Is(err, errNoLockInfo):
		return nil, &state.LockError{Info: holder.LockInfo, Err: state.ErrLocked}
	case !errors.Is(err, state.ErrNotLocked):
		return nil, err
	}
	rec, tree, err := b.lockTree(ctx, operation)
	if err != nil {
		return nil, err
	}
	commit, err := b.lockCommit(ctx, rec, tree, "")
	if err != nil {
		return nil, err
	}
	_, resp, err := b.gh.Git.CreateRef(ctx, b.owner, b.repo, &github.Reference{
		Ref: github.String("refs/" + b.cfg.lockRef()), Object: &github.GitObject{SHA: &commit},
	})
	if status(resp) == http.StatusUnprocessableEntity {
		// "Reference already exists": another run took the lock first.
		holder, _, rerr := b.readLock(ctx)
		if errors.Is(rerr, state.ErrNotLocked) {
			return nil, fmt.Errorf("locking %s: %w", b, err) // refused for another reason
		}
		return nil, &state.LockError{Info: holder.LockInfo, Err: state.ErrLocked}
	}
	if err != nil {
		// A POST whose answer was lost may have created the ref.
		if head, herr := b.lockHead(ctx); herr != nil || head != commit {
			return nil, fmt.Errorf("locking %s: %w", b, err)
		}
	}
	return b.startHeld(rec, tree, commit), nil
}

// stale reports whether a lock's holder stopped renewing it LockStale ago
// (by this runner's clock): it died, or lost its way to GitHub.
func (b *Backend) stale(rec lockRecord) bool {
	return b.cfg.Now().Sub(rec.Heartbeat) >= b.cfg.LockStale
}

// takeOver takes a stale lock by fast-forwarding its ref from the dead
// holder's commit to a child carrying the new lock info. The
// fast-forward is the compare-and-swap: it fails when the holder renewed
// the lock meanwhile or another run took it over first.
func (b *Backend) takeOver(ctx context.Context, operation string, dead lockRecord, head string) (state.HeldLock, error) {
	rec, tree, err := b.lockTree(ctx, operation)
	if err != nil {
		return nil, err
	}
	commit, err := b.lockCommit(ctx, rec, tree, head)
	if err != nil {
		return nil, err
	}
	_, resp, err := b.gh.Git.UpdateRef(ctx, b.owner, b.repo, &github.Reference{
		Ref: github.String("refs/" + b.cfg.lockRef()), Object: &github.GitObject{SHA: &commit}}, false)
	if status(resp) == http.StatusUnprocessableEntity {
		holder, _, _ := b.readLock(ctx)
		return nil, &state.LockError{Info: holder.LockInfo, Err: state.ErrLocked}
	}
	if err != nil {
		return nil, fmt.Errorf("taking over the stale lock %s of %s: %w", dead.ID, b, err)
	}
	b.cfg.Logger.Warn("took over a stale state lock", "where", b.String(), "lock", dead.ID,
		"holder", dead.Who, "operation", dead.Operation, "renewed", dead.Heartbeat)
	return b.startHeld(rec, tree, commit), nil
}

// lockTree makes the lock info of a new lock and the tree that shows it.
func (b *Backend) lockTree(ctx context.Context, operation string) (lockRecord, string, error) {
	rec := lockRecord{LockInfo: b.newInfo(operation)}
	rec.Heartbeat = b.cfg.Now().UTC()
	data, err := json.MarshalIndent(rec, "", "  ")
	if err != nil {
		return rec, "", fmt.Errorf("encoding lock info: %w", err)
	}
	tree, _, err := b.gh.Git.CreateTree(ctx, b.owner, b.repo, "", []*github.TreeEntry{{
		Path: github.String(lockFile), Mode: github.String("100644"), Type: github.String("blob"),
		Content: github.String(string(data) + "\n"),
	}})
	if err != nil {
		return rec, "", fmt.Errorf("locking %s: %w", b, err)
	}
	return rec, tree.GetSHA(), nil
}

// lockCommit writes a commit whose message carries rec, over parent
// ("" for a root commit), and returns its SHA.
func (b *Backend) lockCommit(ctx context.Context, rec lockRecord, tree, parent string) (string, error) {
	data, err := json.Marshal(rec)
	if err != nil {
		return "", fmt.Errorf("encoding lock info: %w", err)
	}
	msg := fmt.Sprintf("relctl lock of workspace %s: %s by %s\n\n%s\n", b.cfg.Workspace, rec.Operation, rec.Who, data)
	c := &github.Commit{Message: github.String(msg), Tree: &github.Tree{SHA: github.String(tree)}}
	if parent != "" {
		c.Parents = []*github.Commit{{SHA: github.String(parent)}}
	}
	commit, _, err := b.gh.Git.CreateCommit(ctx, b.owner, b.repo, c, nil)
	if err != nil {
		return "", fmt.Errorf("writing the lock of %s: %w", b, err)
	}
	return commit.GetSHA(), nil
}

// newInfo is state.NewLockInfo stamped with the backend's clock.
func (b *Backend) newInfo(operation string) state.LockInfo {
	info := state.NewLockInfo(operation, b.String())
	info.Created = b.cfg.Now().UTC().Truncate(time.Second)
	return info
}

// lockHead is the commit the lock ref points at: an error wrapping
// state.ErrNotLocked when there is no lock.
func (b *Backend) lockHead(ctx context.Context) (string, error) {
	ref, resp, err := b.gh.Git.GetRef(ctx, b.owner, b.repo, b.cfg.lockRef())
	if status(resp) == http.StatusNotFound {
		return "", fmt.Errorf("%s: %w", b, state.ErrNotLocked)
	}
	if err != nil {
		return "", fmt.Errorf("reading the lock of %s: %w", b, err)
	}
	return ref.GetObject().GetSHA(), nil
}

// readLock reads the lock's record and the commit it is in.
func (b *Backend) readLock(ctx context.Context) (lockRecord, string, error) {
	head, err := b.lockHead(ctx)
	if err != nil {
		return lockRecord{}, "", err
	}
	c, _, err := b.gh.Git.GetCommit(ctx, b.owner, b.repo, head)
	if err != nil {
		return lockRecord{}, "", fmt.Errorf("reading the lock of %s: %w", b, err)
	}
	_, body, _ := strings.Cut(c.GetMessage(), "\n\n")
	var rec lockRecord
	if err := json.Unmarshal([]byte(strings.TrimSpace(body)), &rec); err != nil || rec.ID == "" {
		return lockRecord{}, head, fmt.Errorf("the lock of %s (commit %s): %w; if no relctl run holds it, delete the branch %s",
			b, head, errNoLockInfo, strings.TrimPrefix(b.cfg.lockRef(), "heads/"))
	}
	return rec, head, nil
}

// LockInfo returns the info of the lock as its holder wrote it.
func (b *Backend) LockInfo(ctx context.Context) (state.LockInfo, error) {
	rec, _, err := b.readLock(ctx)
	return rec.LockInfo, err
}

// ForceUnlock deletes the lock id once its holder has stopped renewing it
// for LockStale.
func (b *Backend) ForceUnlock(ctx context.Context, id string) error {
	rec, _, err := b.readLock(ctx)
	if err != nil {
		return err
	}
	i := rec.LockInfo
	if i.ID != id {
		return fmt.Errorf("lock ID %q does not match the lock of %s: %s (held by %s, pid %d, %s)", id, b, i.ID, i.Who, i.PID, i.Operation)
	}
	if age := b.cfg.Now().Sub(rec.Heartbeat); !b.stale(rec) {
		return fmt.Errorf("lock %s is held by a running process (%s, pid %d, %s since %s; it renewed the lock %s ago): stop that process first, or wait until the lock is %s old; unlock only releases a lock whose holder died",
			id, i.Who, i.PID, i.Operation, i.Created.Format(time.RFC3339), age.Round(time.Second), b.cfg.LockStale)
	}
	return b.deleteLock(ctx)
}

func (b *Backend) deleteLock(ctx context.Context) error {
	resp, err := b.gh.Git.DeleteRef(ctx, b.owner, b.repo, b.cfg.lockRef())
	if status(resp) == http.StatusUnprocessableEntity {
		return fmt.Errorf("%s: %w", b, state.ErrNotLocked)
	}
	if err != nil {
		return fmt.Errorf("unlocking %s: %w", b, err)
	}
	return nil
}

// held is a lock this process holds; a goroutine renews its heartbeat.
type held struct {
	b      *Backend
	rec    lockRecord
	tree   string
	stop   chan struct{}
	done   chan struct{}
	ctx    context.Context // of the heartbeats, cancelled by halt
	cancel context.CancelFunc

	mu   sync.Mutex
	head string // the lock commit the ref points at
	lost error  // the lock was taken from us
}

func (b *Backend) startHeld(rec lockRecord, tree, head string) *held {
	h := &held{b: b, rec: rec, tree: tree, head: head, stop: make(chan struct{}), done: make(chan struct{})}
	h.ctx, h.cancel = context.WithCancel(context.Background())
	b.heldMu.Lock()
	b.held = h
	b.heldMu.Unlock()
	go h.renew()
	return h
}

func (h *held) Info() state.LockInfo { return h.rec.LockInfo }

// renew fast-forwards the lock ref to a commit with a new heartbeat every
// LockHeartbeat until the lock is released or lost.
func (h *held) renew() {
	defer close(h.done)
	t := time.NewTicker(h.b.cfg.LockHeartbeat)
	defer t.Stop()
	for {
		select {
		case <-h.stop:
			return
		case <-t.C:
		}
		if err := h.heartbeat(h.ctx); err != nil {
			h.b.cfg.Logger.Warn("could not renew the state lock", "where", h.b.String(), "error", err)
			if errors.Is(err, errLockLost) {
				return
			}
		}
	}
}

var (
	errLockLost   = errors.New("the lock was released by someone else")
	errNoLockInfo = errors.New("the lock ref holds no relctl lock info")
)

func (h *held) heartbeat(ctx context.Context) error {
	h.mu.Lock()
	defer h.mu.Unlock()
	rec := h.rec
	rec.Heartbeat = h.b.cfg.Now().UTC()
	commit, err := h.b.lockCommit(ctx, rec, h.tree, h.head)
	if err != nil {
		return err
	}
	_, resp, err := h.b.gh.Git.UpdateRef(ctx, h.b.owner, h.b.repo, &github.Reference{
		Ref: github.String("refs/" + h.b.cfg.lockRef()), Object: &github.GitObject{SHA: &commit}}, false)
	if status(resp) == http.StatusUnprocessableEntity {
		h.lost = fmt.Errorf("lock %s of %s: %w", rec.ID, h.b, errLockLost)
		return h.lost
	}
	if err != nil {
		return fmt.Errorf("renewing the lock of %s: %w", h.b, err)
	}
	h.head = commit
	return nil
}

// Unlock stops renewing the lock and deletes its ref, if it is still this
// lock's.
func (h *held) Unlock() error {
	h.halt()
	h.b.heldMu.Lock()
	if h.b.held == h {
		h.b.held = nil
	}
	h.b.heldMu.Unlock()
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.lost != nil {
		return h.lost
	}
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	rec, _, err := h.b.readLock(ctx)
	switch {
	case errors.Is(err, state.ErrNotLocked):
		return fmt.Errorf("lock %s of %s: %w", h.rec.ID, h.b, errLockLost)
	case err != nil:
		return err
	case rec.ID != h.rec.ID:
		return fmt.Errorf("lock %s of %s: %w (it is now %s's lock %s)", h.rec.ID, h.b, errLockLost, rec.Who, rec.ID)
	}
	return h.b.deleteLock(ctx)
}

// halt stops the renewal and waits for it.
func (h *held) halt() {
	select {
	case <-h.stop:
	default:
		close(h.stop)
		h.cancel()
	}
	<-h.done
}

// lostErr is why the lock is no longer this process's, nil while it is.
func (h *held) lostErr() error {
	h.mu.Lock()
	defer h.mu.Unlock()
	return h.lost
}

// checkHeld refuses to write once the lock this backend took was lost: the
// run that took it over may be writing now.
func (b *Backend) checkHeld() error {
	b.heldMu.Lock()
	h := b.held
	b.heldMu.Unlock()
	if h == nil {
		return nil
	}
	if err := h.lostErr(); err != nil {
		return fmt.Errorf("%w; another run may hold it now: nothing more is written to %s", err, b)
	}
	return nil
}

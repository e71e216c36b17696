package ghstate

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"time"

	"github.com/google/go-github/v57/github"

	"github.com/relctl/relctl/providers/github/ghhttp"
	"github.com/relctl/relctl/state"
)

// File names on the state branch, after the workspace name.
const (
	journalSuffix = ".relctl-state"
	planSuffix    = ".relctl-plan.json"
)

// maxCASAttempts bounds how often one write re-reads and tries again after
// losing a compare-and-swap to another writer.
const maxCASAttempts = 8

var (
	_ state.Backend      = (*Backend)(nil)
	_ state.BatchWriter  = (*Backend)(nil)
	_ state.SecretHolder = (*Backend)(nil)
)

// Backend is one workspace's state in a GitHub repository. It is safe for
// concurrent use.
type Backend struct {
	cfg         Config
	owner, repo string
	gh          *github.Client
	transport   *ghhttp.Transport

	mu      sync.Mutex // serialises writes of the journal and guards journal
	journal *blob      // the journal file as last read or written; nil: unknown
	planMu  sync.Mutex

	heldMu sync.Mutex
	held   *held // the lock this backend holds, nil when none

	repoMu   sync.Mutex
	repoSeen bool // the repository was found (checkRepo)
}

// New returns the backend that cfg describes. It makes no request: the
// branch is created by the first write.
func New(cfg Config) (*Backend, error) {
	cfg, err := cfg.withDefaults()
	if err != nil {
		return nil, err
	}
	opts := cfg.HTTP
	opts.Token, opts.BaseURL = cfg.Token, cfg.BaseURL
	if opts.Logger == nil {
		opts.Logger = cfg.Logger
	}
	gh, tr, err := ghhttp.NewClient(opts)
	if err != nil {
		return nil, fmt.Errorf("github state backend: %w", err)
	}
	owner, repo, _ := strings.Cut(cfg.Repo, "/")
	return &Backend{cfg: cfg, owner: owner, repo: repo, gh: gh, transport: tr}, nil
}

// String describes where the journal is, e.g.
// "github acme/release@relctl-state:default.relctl-state".
func (b *Backend) String() string { return b.where(b.cfg.file(journalSuffix)) }

func (b *Backend) where(path string) string {
	return "github " + b.cfg.Repo + "@" + b.cfg.Branch + ":" + path
}

// Secrets names the token, which no record may hold.
func (b *Backend) Secrets() []string {
	if b.cfg.Token == "" {
		return nil
	}
	return []string{b.cfg.Token}
}

// Stats counts the GitHub requests the backend sent.
func (b *Backend) Stats() ghhttp.Stats { return b.transport.Stats() }

// Close logs the request counters; the backend holds no connection.
func (b *Backend) Close() error {
	b.transport.LogSummary()
	return nil
}

// ReadState reads the journal from GitHub and replays it.
func (b *Backend) ReadState(ctx context.Context) (*state.State, error) {
	f, err := b.readFile(ctx, b.cfg.file(journalSuffix))
	if err != nil {
		return nil, err
	}
	b.mu.Lock()
	b.journal = &f
	b.mu.Unlock()
	st, _, err := b.replay(f)
	if err != nil {
		return nil, err
	}
	if st == nil {
		return nil, fmt.Errorf("%w in %s", state.ErrNoState, b)
	}
	return st, nil
}

// replay replays a journal file: its state (nil when it holds no plan)
// and the length of its whole records.
func (b *Backend) replay(f blob) (*state.State, int, error) {
	st, valid, err := state.Replay(f.data)
	var ce *state.CorruptError
	if errors.As(err, &ce) {
		ce.Path = b.String()
	}
	return st, valid, err
}

// BeginPlan replaces the journal by a new generation whose only record is
// h, unless the stored state belongs to another lineage.
func (b *Backend) BeginPlan(ctx context.Context, h state.Header) error {
	line, err := state.EncodeHeader(h)
	if err != nil {
		return err
	}
	msg := fmt.Sprintf("relctl: begin plan %s (%s) in workspace %s", h.PlanID, h.Release, b.cfg.Workspace)
	return b.update(ctx, msg, func(cur blob) ([]byte, error) {
		st, _, err := b.replay(cur)
		if err != nil {
			return nil, err
		}
		if st != nil && st.Lineage != h.Lineage {
			return nil, &state.LineageError{Where: b.String(), Want: h.Generation(),
				Stored: state.Generation{Lineage: st.Lineage, PlanID: st.PlanID}}
		}
		return line, nil
	})
}

// AppendRecord stores one framed record after the records of generation g.
func (b *Backend) AppendRecord(ctx context.Context, g state.Generation, record []byte) error {
	return b.AppendRecords(ctx, g, [][]byte{record})
}

// AppendRecords stores framed records, in order, after the records of
// generation g, in one write: a torn last record left by a foreign writer
// is replaced. It refuses with a *state.LineageError when the journal
// holds another generation.
func (b *Backend) AppendRecords(ctx context.Context, g state.Generation, records [][]byte) error {
	// A write sent to GitHub may land even when its caller stops waiting
	// for the answer, so an append, once begun, goes to its end: a
	// cancelled run never leaves a write in flight that becomes visible
	// after the append returned, and the append is stored whole or not
	// at all.
	ctx = context.WithoutCancel(ctx)
	for _, rec := range records {
		if err := state.CheckRecord(rec); err != nil {
			return fmt.Errorf("appending to %s: %w", b, err)
		}
	}
	msg := fmt.Sprintf("relctl: %d record(s) of plan %s in workspace %s", len(records), g.PlanID, b.cfg.Workspace)
	return b.update(ctx, msg, func(cur blob) ([]byte, error) {
		st, valid, err := b.replay(cur)
		if err != nil {
			return nil, err
		}
		if st == nil || st.Lineage != g.Lineage || st.PlanID != g.PlanID {
			le := &state.LineageError{Where: b.String(), Want: g}
			if st != nil {
				le.Stored = state.Generation{Lineage: st.Lineage, PlanID: st.PlanID}
			}
			return nil, le
		}
		return append(bytes.Clone(cur.data[:valid]), bytes.Join(records, nil)...), nil
	})
}

// update writes the journal as next computes it from the current file,
// with compare-and-swap: when another writer changed the file meanwhile,
// it reads it again and asks next again, so next decides whether the
// write still holds (it returns an error when it does not).
func (b *Backend) update(ctx context.Context, message string, next func(cur blob) ([]byte, error)) error {
	b.mu.Lock()
	defer b.mu.Unlock()
	path := b.cfg.file(journalSuffix)
	for attempt := 1; ; attempt++ {
		if err := b.checkHeld(); err != nil {
			return err
		}
		cur, err := b.current(ctx, path)
		if err != nil {
			return err
		}
		data, err := next(cur)
		if err != nil {
			return err
		}
		written, err := b.put(ctx, path, cur, data, message)
		if err == nil {
			b.journal = &written
			return nil
		}
		b.journal = nil // unknown: read it again next time
		if !errors.Is(err, errConflict) {
			return err
		}
		if again, rerr := b.readFile(ctx, path); rerr == nil && bytes.Equal(again.data, data) {
			b.journal = &again // our own write, whose answer was lost
			return nil
		}
		if attempt == maxCASAttempts {
			return fmt.Errorf("writing %s: lost the compare-and-swap %d times in a row to other writers", b, attempt)
		}
		b.cfg.Logger.Debug("state changed by another writer; reading it again", "where", b.String(), "attempt", attempt)
		// GitHub's reads may lag a write by a moment: give them one.
		if err := b.clock().Sleep(ctx, casBackoff(attempt)); err != nil {
			return fmt.Errorf("writing %s: %w", b, err)
		}
	}
}

// casBackoff is the pause before attempt+1 of a write that lost its
// compare-and-swap: 50ms doubling up to a second.
func casBackoff(attempt int) time.Duration {
	return min(50*time.Millisecond<<(attempt-1), time.Second)
}

func (b *Backend) clock() ghhttp.Clock {
	if b.cfg.HTTP.Clock != nil {
		return b.cfg.HTTP.Clock
	}
	return ghhttp.RealClock{}
}

// current is the journal file as known, read when unknown. Caller holds mu.
func (b *Backend) current(ctx context.Context, path string) (blob, error) {
	if b.journal != nil {
		return *b.journal, nil
	}
	f, err := b.readFile(ctx, path)
	if err == nil {
		b.journal = &f
	}
	return f, err
}

// put writes a file with compare-and-swap, creating the branch when it
// does not exist yet.
func (b *Backend) put(ctx context.Context, path string, cur blob, data []byte, message string) (blob, error) {
	written, err := b.writeFile(ctx, path, cur, data, message)
	if errors.Is(err, errNoBranch) {
		return b.createBranch(ctx, path, data, message)
	}
	return written, err
}

package ghstate

import (
	"context"
	"net/http"
	"sync"
	"testing"
	"time"

	"github.com/relctl/relctl/providers/github/ghhttp"
	"github.com/relctl/relctl/providers/github/githubtest"
	"github.com/relctl/relctl/state"
)

const (
	token    = "canary-token-7d41c0"
	repoName = "acme/release"
)

var ctx = context.Background()

// world is one fake GitHub with the release repository, and the clock the
// backends on it read lock times from.
type world struct {
	srv  *githubtest.Server
	repo *githubtest.Repo
	mu   sync.Mutex
	now  time.Time
}

func newWorld(t *testing.T, opts ...githubtest.Option) *world {
	t.Helper()
	srv := githubtest.New(t, append([]githubtest.Option{githubtest.WithToken(token)}, opts...)...)
	return &world{srv: srv, repo: srv.AddRepo(repoName, "main"), now: time.Date(2024, 5, 1, 10, 0, 0, 0, time.UTC)}
}

func (w *world) clock() time.Time {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.now
}

func (w *world) advance(d time.Duration) {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.now = w.now.Add(d)
}

// testRetries is the transport's retry budget in tests: a request is
// sent at most testRetries+1 times.
const testRetries = 2

// backend opens a backend of workspace "default" on w, as a runner would.
func (w *world) backend(t *testing.T, edit ...func(*Config)) *Backend {
	t.Helper()
	cfg := Config{
		Repo:    repoName,
		Path:    "releases",
		BaseURL: w.srv.URL(),
		Getenv:  func(k string) string { return map[string]string{"GITHUB_TOKEN": token}[k] },
		HTTP: ghhttp.Options{MutationInterval: ghhttp.Disabled, MaxRetries: testRetries,
			BaseBackoff: time.Millisecond, MaxBackoff: 2 * time.Millisecond},
		Now: w.clock,
	}
	for _, e := range edit {
		e(&cfg)
	}
	b, err := New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { b.Close() })
	return b
}

// journal is the journal file's content on the branch ("" when missing).
func (w *world) journal(t *testing.T) string {
	t.Helper()
	data, _ := w.srv.File(repoName, DefaultBranch, "releases/default"+journalSuffix)
	return data
}

// appendRaw commits raw after the journal's content, as a foreign writer.
func (w *world) appendRaw(t *testing.T, raw []byte) {
	t.Helper()
	w.repo.Commit(DefaultBranch, "foreign write", map[string]string{"releases/default" + journalSuffix: w.journal(t) + string(raw)})
}

func header(lineage, planID string, addrs ...string) state.Header {
	return state.Header{FormatVersion: state.FormatVersion, Lineage: lineage, PlanID: planID,
		Release: "APIM 3.4.7", Created: time.Date(2024, 5, 1, 10, 0, 0, 0, time.UTC), Addresses: addrs}
}

func record(t *testing.T, a state.Action) []byte {
	t.Helper()
	line, err := state.EncodeAction(a)
	if err != nil {
		t.Fatal(err)
	}
	return line
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

// interposer sends requests with http.DefaultTransport, calling before
// ahead of each one and after on each answer: after can turn an answer
// GitHub gave into a network error, as a connection lost while the answer
// travels back.
type interposer struct {
	before func(*http.Request)
	after  func(*http.Request, *http.Response) error
}

func (i interposer) RoundTrip(r *http.Request) (*http.Response, error) {
	if i.before != nil {
		i.before(r)
	}
	resp, err := http.DefaultTransport.RoundTrip(r)
	if err == nil && i.after != nil {
		if err := i.after(r, resp); err != nil {
			return nil, err
		}
	}
	return resp, err
}

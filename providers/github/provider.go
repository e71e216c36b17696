package github

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"strings"
	"time"

	gh "github.com/google/go-github/v57/github"
	"github.com/hashicorp/go-hclog"
	"github.com/zclconf/go-cty/cty"

	"github.com/relctl/relctl/providers"
	"github.com/relctl/relctl/providers/github/ghhttp"
)

// Defaults of the provider block.
const (
	DefaultPollInterval    = 10 * time.Second
	DefaultMaxPollInterval = 2 * time.Minute
)

// Provider is the github provider. Configure builds its one HTTP client.
// Its action methods (PlanAction, ApplyAction, CheckAction, UndoAction)
// are those of the embedded dispatcher.
type Provider struct {
	*actions

	owner           string
	client          *gh.Client
	transport       *ghhttp.Transport
	clock           ghhttp.Clock
	log             hclog.Logger
	pollInterval    time.Duration
	maxPollInterval time.Duration

	// getenv reads GITHUB_TOKEN; base holds the transport options that
	// are not configurable in HCL (clock, jitter, base transport), which
	// tests replace.
	getenv func(string) string
	base   ghhttp.Options
}

var (
	_ providers.Provider         = (*Provider)(nil)
	_ providers.RepositoryReader = (*Provider)(nil)
	_ providers.ChangeCounter    = (*Provider)(nil)
	_ providers.FileReader       = (*Provider)(nil)
	_ providers.MilestoneReader  = (*Provider)(nil)
	_ providers.FactChecker      = (*Provider)(nil)
	_ providers.RefFactMaker     = (*Provider)(nil)
	_ providers.CommentPublisher = (*Provider)(nil)
)

// New returns an unconfigured github provider.
func New() providers.Provider { return newProvider(os.Getenv, ghhttp.Options{}) }

func newProvider(getenv func(string) string, base ghhttp.Options) *Provider {
	p := &Provider{getenv: getenv, base: base, log: hclog.NewNullLogger(),
		pollInterval: DefaultPollInterval, maxPollInterval: DefaultMaxPollInterval}
	p.actions = providers.NewActions("github", p.prepare, actionTypes...)
	return p
}

// Configure reads the provider block and builds the HTTP client. The token
// is the block's token, else GITHUB_TOKEN; it stays in memory.
func (p *Provider) Configure(_ context.Context, req providers.ConfigureRequest) error {
	cfg := providers.Args{V: req.Config}
	if req.Logger != nil {
		p.log = req.Logger
	}
	p.owner = cfg.String("owner")
	opts := p.base
	opts.BaseURL = cfg.StringOr("base_url", ghhttp.DefaultBaseURL)
	opts.Token = cfg.String("token")
	if opts.Token == "" {
		opts.Token = p.getenv(TokenEnv)
	}
	if opts.Logger == nil {
		opts.Logger = p.log.Named("http")
	}
	var err error
	if opts.MutationInterval, err = durationAttr(cfg, "mutation_interval", opts.MutationInterval); err != nil {
		return err
	}
	if opts.MutationInterval == 0 && cfg.Known("mutation_interval") {
		opts.MutationInterval = ghhttp.Disabled
	}
	if p.pollInterval, err = durationAttr(cfg, "poll_interval", p.pollInterval); err != nil {
		return err
	}
	if p.maxPollInterval, err = durationAttr(cfg, "max_poll_interval", p.maxPollInterval); err != nil {
		return err
	}
	if p.pollInterval <= 0 || p.maxPollInterval < p.pollInterval {
		return fmt.Errorf("poll_interval must be positive and max_poll_interval at least poll_interval")
	}
	p.client, p.transport, err = ghhttp.NewClient(opts)
	if err != nil {
		return err
	}
	p.clock = opts.Clock
	if p.clock == nil {
		p.clock = ghhttp.RealClock{}
	}
	return nil
}

// durationAttr parses a duration attribute ("1s", "2m"), def when unset.
func durationAttr(a providers.Args, name string, def time.Duration) (time.Duration, error) {
	s := a.String(name)
	if s == "" {
		return def, nil
	}
	d, err := time.ParseDuration(s)
	if err != nil || d < 0 {
		return 0, fmt.Errorf("%s: %q is not a duration such as \"1s\" or \"5m\"", name, s)
	}
	return d, nil
}

// Stats returns the HTTP request counters of the run so far.
func (p *Provider) Stats() ghhttp.Stats {
	if p.transport == nil {
		return ghhttp.Stats{}
	}
	return p.transport.Stats()
}

// repoRef is an "owner/name" repository.
type repoRef struct{ owner, name string }

func (r repoRef) String() string { return r.owner + "/" + r.name }

// repo resolves a repository name: "owner/name", or "name" in the
// provider's owner.
func (p *Provider) repo(name string) (repoRef, error) {
	name = strings.TrimSuffix(strings.TrimSpace(name), ".git")
	owner, repo, ok := strings.Cut(name, "/")
	if !ok {
		if p.owner == "" {
			return repoRef{}, fmt.Errorf("repository %q has no owner and the github provider sets no owner", name)
		}
		owner, repo = p.owner, name
	}
	if owner == "" || repo == "" || strings.Contains(repo, "/") {
		return repoRef{}, fmt.Errorf("repository %q is not \"owner/name\"", name)
	}
	return repoRef{owner: owner, name: repo}, nil
}

// undoData encodes v for the state.
func undoData(v any) json.RawMessage { return providers.EncodeUndo(v) }

// decodeUndo reads undo data written by undoData; an action recorded
// without undo data reads as the zero value, and its undo falls back to
// the action's outputs (orOutput).
func decodeUndo(raw json.RawMessage, v any) error {
	_, err := providers.DecodeUndo(raw, v)
	return err
}

// orOutput is n as the undo data recorded it or, when that is zero (an
// action recorded without undo data), the number output named key; zero
// still means there is no record of what relctl did.
func orOutput[T int | int64](n T, outputs map[string]cty.Value, key string) T {
	if n == 0 {
		n = T(providers.Args{V: objectOf(outputs)}.Int(key, 0))
	}
	return n
}

func short(sha string) string {
	if len(sha) > 7 {
		return sha[:7]
	}
	return sha
}

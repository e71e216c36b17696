package circleci

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/hashicorp/go-hclog"

	"github.com/relctl/relctl/providers"
	"github.com/relctl/relctl/providers/httpretry"
)

// Defaults of the provider block.
const (
	DefaultBaseURL      = "https://circleci.com/api/v2/"
	DefaultAppURL       = "https://app.circleci.com/"
	DefaultPollInterval = 10 * time.Second
	// TokenEnv is the environment variable the token is read from.
	TokenEnv = "CIRCLE_TOKEN"
)

var (
	// ErrNoToken is returned when neither the provider block nor the
	// environment gives a token.
	ErrNoToken = errors.New("no CircleCI token: set " + TokenEnv + " or the provider's token")
	// ErrIrreversible is returned by UndoAction: a pipeline that ran
	// cannot be undone.
	ErrIrreversible = fmt.Errorf("a CircleCI pipeline that ran %w", providers.ErrIrreversible)
)

// Provider triggers CircleCI pipelines.
type Provider struct {
	client  *client
	appURL  string
	poll    time.Duration
	journal inflight
	log     hclog.Logger
	clock   Clock
	getenv  func(string) string
}

var _ providers.Provider = (*Provider)(nil)

// Option adjusts a provider made by NewProvider.
type Option func(*Provider)

// WithClock makes every wait go through c.
func WithClock(c Clock) Option {
	return func(p *Provider) { p.clock = c; p.client.clock = c; p.journal.clock = c }
}

// WithHTTPClient sends the requests with h (its redirect policy is
// replaced: redirects are never followed).
func WithHTTPClient(h *http.Client) Option {
	return func(p *Provider) {
		c := *h
		c.CheckRedirect = noRedirects
		p.client.http = &c
	}
}

// WithRetryPolicy replaces DefaultRetryPolicy.
func WithRetryPolicy(r RetryPolicy) Option { return func(p *Provider) { p.client.retry = r } }

// WithEnv replaces os.Getenv for reading the token.
func WithEnv(getenv func(string) string) Option { return func(p *Provider) { p.getenv = getenv } }

// New returns an unconfigured CircleCI provider.
func New() providers.Provider { return NewProvider() }

// NewProvider returns an unconfigured CircleCI provider with options.
func NewProvider(opts ...Option) *Provider {
	base, _ := url.Parse(DefaultBaseURL)
	p := &Provider{
		client: &client{base: base, http: &http.Client{CheckRedirect: noRedirects, Timeout: time.Minute},
			clock: httpretry.RealClock{}, retry: DefaultRetryPolicy},
		appURL:  DefaultAppURL,
		poll:    DefaultPollInterval,
		journal: inflight{dir: filepath.Join(".relctl", "circleci"), clock: httpretry.RealClock{}},
		log:     hclog.NewNullLogger(),
		clock:   httpretry.RealClock{},
		getenv:  os.Getenv,
	}
	for _, o := range opts {
		o(p)
	}
	return p
}

// Schema describes the provider block and circleci_pipeline.
func (p *Provider) Schema() providers.ProviderSchema { return schema() }

// Configure reads the API and app URLs, the token and the poll interval.
func (p *Provider) Configure(_ context.Context, req providers.ConfigureRequest) error {
	cfg := providers.Args{V: req.Config}
	base, err := baseURL(cfg.StringOr("base_url", DefaultBaseURL), "base_url")
	if err != nil {
		return err
	}
	app, err := baseURL(cfg.StringOr("app_url", DefaultAppURL), "app_url")
	if err != nil {
		return err
	}
	p.client.base, p.appURL = base, app.String()
	p.client.token = cfg.StringOr("token", p.getenv(TokenEnv))
	if s := cfg.String("poll_interval"); s != "" {
		d, err := time.ParseDuration(s)
		if err != nil || d <= 0 {
			return fmt.Errorf("circleci provider: poll_interval %q is not a positive duration such as \"10s\"", s)
		}
		p.poll = d
	}
	p.journal.dir = filepath.Join(req.Dir, ".relctl", "circleci")
	if req.Logger != nil {
		p.log = req.Logger
	}
	return nil
}

// baseURL parses an http(s) URL and makes its path end with a slash.
func baseURL(s, name string) (*url.URL, error) {
	u, err := url.Parse(s)
	if err != nil {
		return nil, fmt.Errorf("circleci provider: %s is not a URL", name)
	}
	if u.User != nil {
		return nil, fmt.Errorf("circleci provider: %s %q must not hold credentials: the token goes in token or %s", name, u.Redacted(), TokenEnv)
	}
	if (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
		return nil, fmt.Errorf("circleci provider: %s %q is not an http(s) URL", name, s)
	}
	if !strings.HasSuffix(u.Path, "/") {
		u.Path += "/"
	}
	return u, nil
}

// pipelineURL is the web page of pipeline number in project slug
// ("gh/acme/api" -> <app>/pipelines/github/acme/api/12).
func (p *Provider) pipelineURL(slug string, number int) string {
	vcs, rest, _ := strings.Cut(slug, "/")
	switch vcs {
	case "gh":
		vcs = "github"
	case "bb":
		vcs = "bitbucket"
	}
	return fmt.Sprintf("%spipelines/%s/%s/%d", p.appURL, vcs, rest, number)
}

func (p *Provider) logger(l hclog.Logger, address string) hclog.Logger {
	if l == nil {
		l = p.log
	}
	return l.With("action", address)
}

func (p *Provider) needToken() error {
	if p.client.token == "" {
		return ErrNoToken
	}
	return nil
}

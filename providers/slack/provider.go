package slack

import (
	"context"
	"fmt"
	"net/http"
	"time"

	"github.com/hashicorp/go-hclog"

	"github.com/relctl/relctl/providers"
	"github.com/relctl/relctl/providers/httpretry"
)

// ErrIrreversible is returned by UndoAction: a sent message cannot be
// unsent.
var ErrIrreversible = fmt.Errorf("a sent Slack message %w", providers.ErrIrreversible)

// Provider posts Slack messages through incoming webhooks. Its action
// methods are those of the embedded dispatcher.
type Provider struct {
	*actions

	http  *http.Client
	clock Clock
	retry RetryPolicy
	log   hclog.Logger
}

var _ providers.Provider = (*Provider)(nil)

// Option adjusts a provider made by NewProvider.
type Option func(*Provider)

// WithClock makes every wait go through c.
func WithClock(c Clock) Option { return func(p *Provider) { p.clock = c } }

// WithHTTPClient sends the messages with h (redirects are still not
// followed).
func WithHTTPClient(h *http.Client) Option {
	return func(p *Provider) {
		c := *h
		c.CheckRedirect = noRedirects
		p.http = &c
	}
}

// WithRetryPolicy replaces DefaultRetryPolicy.
func WithRetryPolicy(r RetryPolicy) Option { return func(p *Provider) { p.retry = r } }

// New returns a Slack provider.
func New() providers.Provider { return NewProvider() }

// NewProvider returns a Slack provider with options.
func NewProvider(opts ...Option) *Provider {
	p := &Provider{
		http:  &http.Client{CheckRedirect: noRedirects, Timeout: 30 * time.Second},
		clock: httpretry.RealClock{},
		retry: DefaultRetryPolicy,
		log:   hclog.NewNullLogger(),
	}
	p.actions = providers.NewActions("slack", p.prepare, messageType)
	for _, o := range opts {
		o(p)
	}
	return p
}

// actions dispatches the provider methods to slack_message.
type actions = providers.Actions[*Provider, *message]

// prepare parses the message; every call runs with the provider.
func (p *Provider) prepare(_ context.Context, call providers.Call, m *message) (providers.Opened[*Provider], error) {
	parsed, err := parse(call.Args)
	if err != nil {
		return providers.Opened[*Provider]{}, err
	}
	*m = parsed
	return providers.Opened[*Provider]{Env: p, Log: call.LoggerOr(p.log)}, nil
}

// Schema describes slack_message; the provider block takes nothing.
func (p *Provider) Schema() providers.ProviderSchema {
	return providers.ProviderSchema{Config: map[string]providers.Attribute{}, Actions: p.Schemas()}
}

// Configure keeps the logger.
func (p *Provider) Configure(_ context.Context, req providers.ConfigureRequest) error {
	if req.Logger != nil {
		p.log = req.Logger
	}
	return nil
}

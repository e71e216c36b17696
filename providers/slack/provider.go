package slack

import (
	"context"
	"fmt"
	"net/http"
	"time"

	"github.com/hashicorp/go-hclog"
	"github.com/zclconf/go-cty/cty"

	"github.com/relctl/relctl/providers"
	"github.com/relctl/relctl/providers/httpretry"
)

// ErrIrreversible is returned by UndoAction: a sent message cannot be
// unsent.
var ErrIrreversible = fmt.Errorf("a sent Slack message %w", providers.ErrIrreversible)

// Provider posts Slack messages through incoming webhooks.
type Provider struct {
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
	for _, o := range opts {
		o(p)
	}
	return p
}

// Schema describes slack_message; the provider block takes nothing.
func (p *Provider) Schema() providers.ProviderSchema { return schema() }

// Configure keeps the logger.
func (p *Provider) Configure(_ context.Context, req providers.ConfigureRequest) error {
	if req.Logger != nil {
		p.log = req.Logger
	}
	return nil
}

// PlanAction validates the message and describes it; a message is always
// sent.
func (p *Provider) PlanAction(_ context.Context, req providers.PlanActionRequest) (providers.PlanActionResponse, error) {
	if _, err := parse(req.Type, req.Args); err != nil {
		return providers.PlanActionResponse{}, fmt.Errorf("planning %s: %w", req.Address, err)
	}
	return providers.PlanActionResponse{
		Operation:     providers.OpRun,
		Reversibility: providers.Irreversible,
		Description:   describe(req.Args),
	}, nil
}

// ApplyAction posts the message.
func (p *Provider) ApplyAction(ctx context.Context, req providers.ApplyActionRequest) (providers.ApplyActionResponse, error) {
	m, err := parse(req.Type, req.Args)
	if err == nil && m.webhook == nil {
		err = fmt.Errorf("webhook_url is not known")
	}
	if err != nil {
		return providers.ApplyActionResponse{}, fmt.Errorf("applying %s: %w", req.Address, err)
	}
	log := req.Logger
	if log == nil {
		log = p.log
	}
	log = log.With("action", req.Address, "webhook", redactURL(m.webhook))
	if err := p.post(ctx, log, m); err != nil {
		return providers.ApplyActionResponse{}, fmt.Errorf("applying %s: %w", req.Address, err)
	}
	sent := p.clock.Now().UTC().Format(time.RFC3339)
	log.Info("sent Slack message", "channel", m.payload.Channel, "sent_at", sent)
	return providers.ApplyActionResponse{Outputs: map[string]cty.Value{"sent_at": cty.StringVal(sent)}}, nil
}

// CheckAction says done only when the state recorded the message as sent:
// a webhook cannot be asked what it posted.
func (p *Provider) CheckAction(_ context.Context, req providers.CheckActionRequest) (providers.CheckActionResponse, error) {
	if _, err := parse(req.Type, req.Args); err != nil {
		return providers.CheckActionResponse{}, fmt.Errorf("checking %s: %w", req.Address, err)
	}
	if v, ok := req.Outputs["sent_at"]; ok && !v.IsNull() && v.IsKnown() && v.Type() == cty.String && v.AsString() != "" {
		return providers.CheckActionResponse{Status: providers.CheckDone, Outputs: req.Outputs}, nil
	}
	return providers.CheckActionResponse{Status: providers.CheckNotDone}, nil
}

// UndoAction refuses: a sent message cannot be unsent.
func (p *Provider) UndoAction(_ context.Context, req providers.UndoActionRequest) (providers.UndoActionResponse, error) {
	return providers.UndoActionResponse{}, fmt.Errorf("undoing %s: %w", req.Address, ErrIrreversible)
}

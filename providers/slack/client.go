package slack

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/hashicorp/go-hclog"

	"github.com/relctl/relctl/providers/httpretry"
)

// WebhookError is a non-success answer of an incoming webhook, with
// Slack's reason ("invalid_payload", "no_service").
type WebhookError struct {
	// Host is the only part of the webhook URL that may be shown.
	Host   string
	Status int
	Reason string
}

func (e *WebhookError) Error() string {
	reason := e.Reason
	if reason == "" {
		reason = http.StatusText(e.Status)
	}
	return fmt.Sprintf("Slack webhook at %s answered %d: %s", e.Host, e.Status, reason)
}

// post sends the message, retrying transient failures.
func (p *Provider) post(ctx context.Context, log hclog.Logger, m message) error {
	body, err := json.Marshal(m.payload)
	if err != nil {
		return fmt.Errorf("encoding the message: %w", err)
	}
	var reason string
	try := func() httpretry.Attempt {
		var a httpretry.Attempt
		a.Status, a.Header, reason, a.Err = p.once(ctx, m, body)
		return a
	}
	onRetry := func(a httpretry.Attempt, n int, wait time.Duration) {
		log.Warn("retrying Slack message", "webhook", redactURL(m.webhook), "status", a.Status,
			"error", m.scrub(errText(a.Err)), "attempt", n, "wait", wait)
	}
	a, err := p.retry.Do(ctx, p.clock, try, retryWait(p.retry), onRetry)
	switch {
	case err != nil:
		return fmt.Errorf("posting to the Slack webhook at %s: %w", redactURL(m.webhook), err)
	case a.Err != nil:
		return fmt.Errorf("posting to the Slack webhook at %s: %w", redactURL(m.webhook), m.redactErr(a.Err))
	case a.Status < 200 || a.Status > 299:
		return &WebhookError{Host: redactURL(m.webhook), Status: a.Status, Reason: m.scrub(reason)}
	}
	if reason != "ok" {
		log.Warn("Slack answered an unexpected body", "status", a.Status, "body", m.scrub(reason))
	}
	return nil
}

// once makes one attempt; status is 0 on a network error.
func (p *Provider) once(ctx context.Context, m message, body []byte) (int, http.Header, string, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, m.webhook.String(), bytes.NewReader(body))
	if err != nil {
		return 0, nil, "", err
	}
	req.Header.Set("Content-Type", "application/json")
	resp, err := p.http.Do(req)
	if err != nil {
		return 0, nil, "", err
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(io.LimitReader(resp.Body, 64<<10))
	if err != nil {
		return 0, nil, "", err
	}
	reason := strings.TrimSpace(string(data))
	if len(reason) > 200 {
		reason = reason[:200] + "…"
	}
	return resp.StatusCode, resp.Header, reason, nil
}

// redactErr hides the webhook URL in a network error, keeping the error
// chain (context.Canceled, *net.OpError) where it can.
func (m message) redactErr(err error) error {
	var ue *url.Error
	if errors.As(err, &ue) {
		err = &url.Error{Op: ue.Op, URL: redactURL(m.webhook), Err: ue.Err}
	}
	if s := err.Error(); m.scrub(s) != s {
		return errors.New(m.scrub(s))
	}
	return err
}

func errText(err error) string {
	if err == nil {
		return ""
	}
	return err.Error()
}

// noRedirects keeps the message on the webhook's host.
func noRedirects(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }

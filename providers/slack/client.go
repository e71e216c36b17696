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

	"github.com/hashicorp/go-hclog"
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
	for n := 1; ; n++ {
		status, header, reason, err := p.once(ctx, m, body)
		if err == nil && status >= 200 && status <= 299 {
			if reason != "ok" {
				log.Warn("Slack answered an unexpected body", "status", status, "body", m.scrub(reason))
			}
			return nil
		}
		wait, retry := retryWait(p.retry, status, header, n, p.clock.Now())
		if !retry || n >= p.retry.MaxAttempts || ctx.Err() != nil {
			if err != nil {
				return fmt.Errorf("posting to the Slack webhook at %s: %w", redactURL(m.webhook), m.redactErr(err))
			}
			return &WebhookError{Host: redactURL(m.webhook), Status: status, Reason: m.scrub(reason)}
		}
		log.Warn("retrying Slack message", "webhook", redactURL(m.webhook), "status", status,
			"error", m.scrub(errText(err)), "attempt", n, "wait", wait)
		if err := p.clock.Sleep(ctx, wait); err != nil {
			return fmt.Errorf("posting to the Slack webhook at %s: %w", redactURL(m.webhook), err)
		}
	}
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

package circleci

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptrace"
	"net/url"
	"strings"
	"time"

	"github.com/hashicorp/go-hclog"

	"github.com/relctl/relctl/providers/httpretry"
)

// APIError is an answer of CircleCI that is not a success, with the API's
// message.
type APIError struct {
	Method, Path string
	Status       int
	Message      string
}

func (e *APIError) Error() string {
	msg := e.Message
	if msg == "" {
		msg = http.StatusText(e.Status)
	}
	return fmt.Sprintf("CircleCI answered %s %s with %d: %s", e.Method, e.Path, e.Status, msg)
}

// client calls the CircleCI API v2. The token is sent as the Circle-Token
// header to the configured base URL only: redirects are not followed.
type client struct {
	base  *url.URL
	token string
	http  *http.Client
	clock Clock
	retry RetryPolicy
}

// maxBody caps what is read of an answer.
const maxBody = 4 << 20

// call sends one API request with retries and decodes the JSON answer into
// out (when not nil). path is relative to the base URL.
func (c *client) call(ctx context.Context, log hclog.Logger, method, path string, body, out any) error {
	var payload []byte
	if body != nil {
		b, err := json.Marshal(body)
		if err != nil {
			return fmt.Errorf("encoding the request: %w", err)
		}
		payload = b
	}
	var data []byte
	try := func() httpretry.Attempt {
		var a httpretry.Attempt
		a, data = c.once(ctx, method, path, payload)
		return a
	}
	onRetry := func(a httpretry.Attempt, n int, wait time.Duration) {
		log.Warn("retrying CircleCI request", "method", method, "path", path,
			"status", a.Status, "error", c.scrub(errText(a.Err)), "attempt", n, "wait", wait)
	}
	a, err := c.retry.Do(ctx, c.clock, try, retryable(c.retry, method), onRetry)
	if err != nil {
		return fmt.Errorf("%s %s: %w", method, path, err)
	}
	return c.finish(method, path, a, data, out)
}

// once makes one attempt.
func (c *client) once(ctx context.Context, method, path string, payload []byte) (httpretry.Attempt, []byte) {
	p, query, _ := strings.Cut(path, "?")
	u := c.base.JoinPath(p)
	u.RawQuery = query
	var sent bool
	trace := &httptrace.ClientTrace{WroteRequest: func(httptrace.WroteRequestInfo) { sent = true }}
	req, err := http.NewRequestWithContext(httptrace.WithClientTrace(ctx, trace), method, u.String(), bytes.NewReader(payload))
	if err != nil {
		return httpretry.Attempt{Err: err}, nil
	}
	req.Header.Set("Circle-Token", c.token)
	req.Header.Set("Accept", "application/json")
	if payload != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	resp, err := c.http.Do(req)
	if err != nil {
		return httpretry.Attempt{Err: err, Sent: sent}, nil
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(io.LimitReader(resp.Body, maxBody))
	if err != nil {
		return httpretry.Attempt{Err: err, Sent: true}, nil
	}
	return httpretry.Attempt{Status: resp.StatusCode, Header: resp.Header, Sent: true}, data
}

// finish turns the last attempt into the call's result.
func (c *client) finish(method, path string, a httpretry.Attempt, data []byte, out any) error {
	if a.Err != nil {
		if msg := a.Err.Error(); c.scrub(msg) != msg {
			return fmt.Errorf("%s %s: %s", method, path, c.scrub(msg))
		}
		return fmt.Errorf("%s %s: %w", method, path, a.Err)
	}
	if a.Status < 200 || a.Status > 299 {
		return &APIError{Method: method, Path: path, Status: a.Status, Message: c.scrub(apiMessage(data))}
	}
	if out == nil {
		return nil
	}
	if err := json.Unmarshal(data, out); err != nil {
		return fmt.Errorf("%s %s: reading the answer: %w", method, path, err)
	}
	return nil
}

// apiMessage is the "message" of a CircleCI error body, else the start of
// the body.
func apiMessage(data []byte) string {
	var body struct {
		Message string `json:"message"`
	}
	if json.Unmarshal(data, &body) == nil && body.Message != "" {
		return body.Message
	}
	s := strings.TrimSpace(string(data))
	if len(s) > 200 {
		s = s[:200] + "…"
	}
	return s
}

// scrub masks the token wherever a message might show it.
func (c *client) scrub(s string) string {
	if c.token == "" {
		return s
	}
	return strings.ReplaceAll(s, c.token, "***")
}

func errText(err error) string {
	if err == nil {
		return ""
	}
	return err.Error()
}

// noRedirects keeps the token on the configured host: a redirect is
// answered as it is, and fails as an unexpected status.
func noRedirects(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }

// isStatus reports whether err is an APIError with the given status.
func isStatus(err error, status int) bool {
	var apiErr *APIError
	return errors.As(err, &apiErr) && apiErr.Status == status
}

package ghhttp

import (
	"bytes"
	"crypto/tls"
	"crypto/x509"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"strings"
	"time"

	"github.com/relctl/relctl/providers/httpretry"
)

// outcome is what one attempt produced.
type outcome struct {
	resp *http.Response
	err  error
	// unsent is true when the request certainly did not reach GitHub (no
	// connection, or the request could not be written).
	unsent bool
}

// verdictKind says what the transport does after an attempt.
type verdictKind int

const (
	final     verdictKind = iota // return the outcome to the caller
	backoff                      // sleep the verdict's wait, then retry
	primary                      // retry once the primary quota resets
	secondary                    // pause all requests for the wait, then retry
)

func (k verdictKind) String() string {
	return [...]string{"final", "transient failure", "primary rate limit", "secondary rate limit"}[k]
}

type verdict struct {
	kind verdictKind
	wait time.Duration
	// message is GitHub's message for rate-limit answers.
	message string
}

// idempotent methods may be sent again after any failure.
func idempotent(method string) bool {
	switch method {
	case http.MethodGet, http.MethodHead, http.MethodOptions, http.MethodPut, http.MethodDelete:
		return true
	}
	return false
}

// isMutation reports whether GitHub counts the method as a mutation that
// clients must space out.
func isMutation(method string) bool {
	switch method {
	case http.MethodPost, http.MethodPatch, http.MethodPut, http.MethodDelete:
		return true
	}
	return false
}

// judge classifies an attempt (see "Which requests are retried" in doc.go).
// secondaryHits counts the secondary-limit answers this request got so far.
func (t *Transport) judge(method string, o outcome, retry int, secondaryHits int) verdict {
	if o.err != nil {
		if isContextErr(o.err) || permanentErr(o.err) || !idempotent(method) && !o.unsent {
			return verdict{kind: final}
		}
		return verdict{kind: backoff, wait: t.backoff(retry)}
	}
	resp := o.resp
	if resp.StatusCode == http.StatusForbidden || resp.StatusCode == http.StatusTooManyRequests {
		return t.judgeLimited(resp, secondaryHits)
	}
	if resp.StatusCode >= 500 && idempotent(method) {
		wait := t.backoff(retry)
		if ra, ok := httpretry.RetryAfter(resp.Header, t.opts.Clock.Now()); ok && ra > wait {
			wait = ra
		}
		return verdict{kind: backoff, wait: wait}
	}
	return verdict{kind: final}
}

// judgeLimited tells a rate-limit answer from a plain 403 (permission).
func (t *Transport) judgeLimited(resp *http.Response, secondaryHits int) verdict {
	body := peekBody(resp)
	msg := apiMessage(body)
	if _, ok := exhaustedUntil(resp.Header); ok {
		return verdict{kind: primary, message: msg}
	}
	// Without a reset time, an exhausted quota is waited for like a
	// secondary limit.
	ra, hasRA := httpretry.RetryAfter(resp.Header, t.opts.Clock.Now())
	limited := mentionsSecondaryLimit(body) || resp.Header.Get("X-RateLimit-Remaining") == "0"
	if !hasRA && resp.StatusCode == http.StatusForbidden && !limited {
		return verdict{kind: final}
	}
	if !hasRA {
		ra = DefaultSecondaryWait
	}
	// GitHub: "if you continue to receive rate limit errors, wait for an
	// exponentially increasing amount of time between retries".
	wait := ra
	for i := 0; i < secondaryHits && wait <= t.opts.MaxRateLimitWait; i++ {
		wait *= 2
	}
	return verdict{kind: secondary, wait: wait, message: msg}
}

// backoff is the capped exponential backoff with full jitter before retry
// number n (1-based): uniform in [0, min(MaxBackoff, BaseBackoff*2^(n-1))).
func (t *Transport) backoff(n int) time.Duration {
	return httpretry.FullJitter(httpretry.Ceiling(t.opts.BaseBackoff, t.opts.MaxBackoff, n), t.opts.Rand())
}

// permanentErr reports network errors that a retry cannot fix.
func permanentErr(err error) bool {
	var (
		verify   *tls.CertificateVerificationError
		unknown  x509.UnknownAuthorityError
		hostname x509.HostnameError
		invalid  x509.CertificateInvalidError
	)
	return errors.As(err, &verify) || errors.As(err, &unknown) ||
		errors.As(err, &hostname) || errors.As(err, &invalid)
}

// mentionsSecondaryLimit recognises GitHub's secondary-limit answers by their
// message or documentation_url.
func mentionsSecondaryLimit(body []byte) bool {
	b := strings.ToLower(string(body))
	return strings.Contains(b, "secondary rate limit") ||
		strings.Contains(b, "secondary-rate-limits") ||
		strings.Contains(b, "abuse")
}

// peekBody reads up to 64 KiB of an error answer and puts it back, so that
// go-github still decodes GitHub's message from it.
func peekBody(resp *http.Response) []byte {
	head, _ := io.ReadAll(io.LimitReader(resp.Body, 64<<10))
	resp.Body = readCloser{io.MultiReader(bytes.NewReader(head), resp.Body), resp.Body}
	return head
}

// apiMessage extracts GitHub's "message" from an error body, or "".
func apiMessage(body []byte) string {
	var e struct {
		Message string `json:"message"`
	}
	if err := json.Unmarshal(body, &e); err != nil {
		return ""
	}
	return e.Message
}

// replayable returns a function that yields a fresh copy of req's body for
// each attempt, and closes req.Body as a RoundTripper must.
func replayable(req *http.Request) (func() (io.ReadCloser, error), error) {
	if req.Body == nil || req.Body == http.NoBody {
		return func() (io.ReadCloser, error) { return http.NoBody, nil }, nil
	}
	if req.GetBody != nil {
		req.Body.Close()
		return req.GetBody, nil
	}
	data, err := io.ReadAll(req.Body)
	req.Body.Close()
	if err != nil {
		return nil, err
	}
	return func() (io.ReadCloser, error) { return io.NopCloser(bytes.NewReader(data)), nil }, nil
}

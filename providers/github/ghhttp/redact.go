package ghhttp

import (
	"context"
	"errors"
	"net/http"
	"net/url"
	"strings"
)

const redacted = "[redacted]"

// sensitiveQueryKeys are query parameters whose values are never logged.
var sensitiveQueryKeys = []string{"token", "secret", "key", "code", "password", "sig", "state"}

// scrubber removes the token from text that leaves the transport.
type scrubber struct {
	token string
}

// text returns s with every occurrence of the token replaced.
func (s scrubber) text(str string) string {
	if s.token == "" {
		return str
	}
	return strings.ReplaceAll(str, s.token, redacted)
}

// err returns err unchanged when its message does not contain the token;
// otherwise an error carrying only the scrubbed message. The original is not
// wrapped, so that no caller can unwrap its way back to the token.
func (s scrubber) err(err error) error {
	if err == nil || s.token == "" || !strings.Contains(err.Error(), s.token) {
		return err
	}
	return &scrubbedError{msg: s.text(err.Error())}
}

type scrubbedError struct{ msg string }

func (e *scrubbedError) Error() string { return e.msg }

// Is keeps scrubbed errors out of every errors.Is match.
func (e *scrubbedError) Is(error) bool { return false }

var _ error = (*scrubbedError)(nil)

// logPath is the request path with the values of sensitive query parameters
// redacted, for logs.
func logPath(u *url.URL) string {
	if u.RawQuery == "" {
		return u.EscapedPath()
	}
	q := u.Query()
	for k := range q {
		if isSensitiveKey(k) {
			q[k] = []string{redacted}
		}
	}
	return u.EscapedPath() + "?" + q.Encode()
}

func isSensitiveKey(k string) bool {
	k = strings.ToLower(k)
	for _, s := range sensitiveQueryKeys {
		if strings.Contains(k, s) {
			return true
		}
	}
	return false
}

// headers renders request or response headers for trace logs, with
// credentials redacted.
func (s scrubber) headers(h http.Header) map[string]string {
	out := make(map[string]string, len(h))
	for k, v := range h {
		switch http.CanonicalHeaderKey(k) {
		case "Authorization", "Proxy-Authorization", "Cookie", "Set-Cookie":
			out[k] = redacted
		default:
			out[k] = s.text(strings.Join(v, ", "))
		}
	}
	return out
}

// isContextErr reports whether err is the context's cancellation or deadline.
func isContextErr(err error) bool {
	return errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded)
}

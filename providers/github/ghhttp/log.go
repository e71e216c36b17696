package ghhttp

import (
	"net/http"
	"time"
)

// logAttempt logs one attempt at debug level (method, path without secret
// query values, status, attempt, duration) and its headers at trace level,
// with credentials redacted.
func (t *Transport) logAttempt(req *http.Request, o outcome, attempt int, took time.Duration) {
	if !t.log.IsDebug() {
		return
	}
	args := []any{"method", req.Method, "path", logPath(req.URL), "attempt", attempt, "duration", took}
	if req.URL.Host != t.ends.base.Host {
		args = append(args, "host", req.URL.Host)
	}
	if o.err != nil {
		args = append(args, "error", t.scrub.text(o.err.Error()), "sent", !o.unsent)
	} else {
		args = append(args, "status", o.resp.StatusCode)
		if remaining := o.resp.Header.Get("X-RateLimit-Remaining"); remaining != "" {
			args = append(args, "rate_remaining", remaining)
		}
	}
	t.log.Debug("github request", args...)
	if !t.log.IsTrace() {
		return
	}
	t.log.Trace("github request headers", "method", req.Method, "path", logPath(req.URL), "headers", t.scrub.headers(req.Header))
	if o.resp != nil {
		t.log.Trace("github response headers", "status", o.resp.StatusCode, "headers", t.scrub.headers(o.resp.Header))
	}
}

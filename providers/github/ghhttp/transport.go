package ghhttp

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptrace"
	"strings"
	"sync"
	"time"

	"github.com/hashicorp/go-hclog"
)

// Transport is the http.RoundTripper for every GitHub call of a run. It is
// safe for concurrent use; one Transport should serve the whole run so that
// rate limits, mutation spacing, the ETag cache and the counters are shared.
type Transport struct {
	opts      Options
	ends      endpoints
	authority map[string]bool // scheme://host that receive the token
	bearer    string
	scrub     scrubber
	cache     *etagCache
	limits    *limiter
	slots     chan struct{} // one per request in flight; nil: unbounded
	counters  counters
	log       hclog.Logger
}

var _ http.RoundTripper = (*Transport)(nil)

// NewTransport returns a Transport for o, with defaults for its zero fields.
func NewTransport(o Options) (*Transport, error) {
	o = o.withDefaults()
	ends, err := parseEndpoints(o.BaseURL, o.UploadURL)
	if err != nil {
		return nil, err
	}
	t := &Transport{
		opts:   o,
		ends:   ends,
		scrub:  scrubber{token: o.Token},
		cache:  newETagCache(),
		limits: newLimiter(),
		log:    o.Logger.Named("github"),
		authority: map[string]bool{
			origin(ends.base.Scheme, ends.base.Host):     true,
			origin(ends.upload.Scheme, ends.upload.Host): true,
		},
	}
	if o.MaxInFlight > 0 {
		t.slots = make(chan struct{}, o.MaxInFlight)
	}
	if o.Token != "" {
		t.bearer = "Bearer " + o.Token
	}
	return t, nil
}

// String describes the transport without its token.
func (t *Transport) String() string {
	return fmt.Sprintf("ghhttp.Transport{base:%s token:%s}", t.ends.base, tokenState(t.opts.Token))
}

// GoString is String, for %#v.
func (t *Transport) GoString() string { return t.String() }

func origin(scheme, host string) string {
	return strings.ToLower(scheme + "://" + host)
}

// RoundTrip sends req with authentication, conditional caching, rate-limit
// waits, mutation spacing and retries. See the package documentation for
// which requests are retried.
func (t *Transport) RoundTrip(req *http.Request) (*http.Response, error) {
	body, err := replayable(req)
	if err != nil {
		return nil, t.scrub.err(fmt.Errorf("reading github request body: %w", err))
	}
	ctx := req.Context()
	template := t.outgoing(req)
	key, entry := t.remembered(template)
	resource := resourceOf(template.URL.Path)
	secondaryHits, message := 0, ""
	for n := 1; ; n++ {
		if err := t.takeTurn(ctx, template.Method, resource, message); err != nil {
			return nil, t.scrub.err(err)
		}
		out, err := t.attemptRequest(ctx, template, body, entry)
		if err != nil {
			t.release()
			return nil, t.scrub.err(err)
		}
		o := t.send(out, n)
		t.release()
		v := t.judge(template.Method, o, n, secondaryHits)
		if v.kind == final || n > t.opts.MaxRetries {
			return t.finish(o, n, key, entry)
		}
		message = v.message
		if o.resp != nil {
			drain(o.resp)
		}
		t.log.Debug("retrying github request", "method", template.Method, "path", logPath(template.URL),
			"attempt", n, "reason", v.kind, "wait", v.wait)
		switch v.kind {
		case secondary:
			secondaryHits++
			t.limits.pause(t.opts.Clock.Now().Add(v.wait))
		case backoff:
			if err := t.opts.Clock.Sleep(ctx, v.wait); err != nil {
				return nil, err
			}
		}
	}
}

// remembered returns the cache key of a request the transport may make
// conditional, and the answer remembered for it, if any.
func (t *Transport) remembered(req *http.Request) (string, *cacheEntry) {
	if !cacheable(req) {
		return "", nil
	}
	key := cacheKey(req)
	return key, t.cache.get(key)
}

// outgoing is the request as every attempt sends it: the credentials go only
// to the configured API and upload origins, and never to any other host.
func (t *Transport) outgoing(req *http.Request) *http.Request {
	out := req.Clone(req.Context())
	out.Body, out.GetBody = nil, nil
	if t.authority[origin(req.URL.Scheme, req.URL.Host)] {
		if t.bearer != "" && out.Header.Get("Authorization") == "" {
			out.Header.Set("Authorization", t.bearer)
		}
		if out.Header.Get("X-GitHub-Api-Version") == "" {
			out.Header.Set("X-GitHub-Api-Version", APIVersion)
		}
	} else if t.opts.Token != "" && strings.Contains(out.Header.Get("Authorization"), t.opts.Token) {
		out.Header.Del("Authorization")
	}
	if out.Header.Get("User-Agent") == "" {
		out.Header.Set("User-Agent", "relctl/"+t.opts.Version)
	}
	return out
}

// attemptRequest prepares one attempt: a fresh body and, when an answer is
// remembered, the If-None-Match that makes the GET conditional.
func (t *Transport) attemptRequest(ctx context.Context, template *http.Request, body func() (io.ReadCloser, error), entry *cacheEntry) (*http.Request, error) {
	out := template.Clone(ctx)
	b, err := body()
	if err != nil {
		return nil, fmt.Errorf("replaying github request body: %w", err)
	}
	out.Body = b
	out.GetBody = body
	if entry != nil {
		out.Header.Set("If-None-Match", entry.etag)
	}
	return out, nil
}

// takeTurn waits as waitTurn does, then for a slot among the requests in
// flight; the caller releases the slot once the attempt has its answer.
// A rate-limit pause that began while the request waited for its slot is
// waited for again, without the slot, so that no request is sent into a
// pause.
func (t *Transport) takeTurn(ctx context.Context, method, resource, message string) error {
	for {
		if err := t.waitTurn(ctx, method, resource, message); err != nil {
			return err
		}
		if t.slots == nil {
			return nil
		}
		select {
		case t.slots <- struct{}{}:
		case <-ctx.Done():
			return ctx.Err()
		}
		t.counters.inFlight(len(t.slots))
		if wait, _, _ := t.limits.pending(resource, t.opts.Clock.Now()); wait <= 0 {
			return nil
		}
		t.release()
	}
}

// release frees the slot of a request whose attempt is over.
func (t *Transport) release() {
	if t.slots != nil {
		<-t.slots
	}
}

// waitTurn holds a request until the rate limits allow it and, for a
// mutation, until its slot after the previous mutation.
func (t *Transport) waitTurn(ctx context.Context, method, resource, message string) error {
	now := t.opts.Clock.Now()
	if wait, until, isSecondary := t.limits.pending(resource, now); wait > 0 {
		if wait > t.opts.MaxRateLimitWait {
			return &RateLimitError{Secondary: isSecondary, Resource: resource, Until: until,
				Wait: wait, MaxWait: t.opts.MaxRateLimitWait, Message: t.scrub.text(message)}
		}
		t.log.Debug("waiting for github rate limit", "resource", resource, "secondary", isSecondary,
			"wait", wait, "until", until.UTC().Format(time.RFC3339))
		t.counters.update(func(s *Stats) { s.RateLimitWaits++; s.RateLimitWaited += wait })
		if err := t.opts.Clock.Sleep(ctx, wait); err != nil {
			return err
		}
	}
	if !isMutation(method) || t.opts.MutationInterval <= 0 {
		return nil
	}
	wait := t.limits.mutationSlot(t.opts.Clock.Now(), t.opts.MutationInterval)
	if wait <= 0 {
		return nil
	}
	t.counters.update(func(s *Stats) { s.MutationWaited += wait })
	return t.opts.Clock.Sleep(ctx, wait)
}

// send performs one attempt, noting whether the request left the client, and
// logs it.
func (t *Transport) send(req *http.Request, n int) outcome {
	var (
		mu             sync.Mutex
		dialing, wrote bool
	)
	trace := &httptrace.ClientTrace{
		GetConn: func(string) { mu.Lock(); dialing = true; mu.Unlock() },
		WroteRequest: func(i httptrace.WroteRequestInfo) {
			mu.Lock()
			wrote = wrote || i.Err == nil
			mu.Unlock()
		},
	}
	req = req.WithContext(httptrace.WithClientTrace(req.Context(), trace))
	t.counters.sent(req.Method, n > 1)
	start := t.opts.Clock.Now()
	resp, err := t.opts.Base.RoundTrip(req)
	mu.Lock()
	unsent := dialing && !wrote
	mu.Unlock()
	o := outcome{resp: resp, err: err, unsent: err != nil && unsent}
	t.logAttempt(req, o, n, t.opts.Clock.Now().Sub(start))
	if resp != nil {
		t.limits.observe(resourceOf(req.URL.Path), resp, t.opts.Clock.Now())
	}
	return o
}

// finish hands the last outcome to the caller: a 304 becomes the remembered
// 200, a fresh 200 with an ETag is remembered, and errors lose the token.
func (t *Transport) finish(o outcome, attempts int, key string, entry *cacheEntry) (*http.Response, error) {
	if o.err != nil {
		if attempts > 1 && !isContextErr(o.err) {
			return nil, t.scrub.err(fmt.Errorf("after %d attempts: %w", attempts, o.err))
		}
		return nil, t.scrub.err(o.err)
	}
	resp := o.resp
	switch {
	case resp.StatusCode == http.StatusNotModified && entry != nil:
		t.counters.update(func(s *Stats) { s.NotModified++ })
		resp = entry.revalidated(resp)
	case key != "":
		if err := t.cache.remember(key, resp); err != nil {
			return nil, t.scrub.err(fmt.Errorf("reading github response: %w", err))
		}
	}
	if resp.Header.Get("X-RateLimit-Remaining") == "0" {
		// The transport waits for the reset itself; without this go-github
		// would refuse the next call instead of letting it wait.
		resp.Header.Set(headerFromCache, "1")
	}
	return resp, nil
}

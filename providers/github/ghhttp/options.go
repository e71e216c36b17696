package ghhttp

import (
	"errors"
	"fmt"
	"math/rand/v2"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/hashicorp/go-hclog"
)

// DefaultBaseURL is GitHub.com's REST API.
const DefaultBaseURL = "https://api.github.com/"

// APIVersion is the REST API version relctl is written against, sent as
// X-GitHub-Api-Version.
const APIVersion = "2022-11-28"

// Defaults applied by NewTransport to zero fields of Options.
const (
	DefaultMaxRetries       = 5
	DefaultBaseBackoff      = time.Second
	DefaultMaxBackoff       = 30 * time.Second
	DefaultMutationInterval = time.Second
	DefaultMaxRateLimitWait = 15 * time.Minute
	// DefaultSecondaryWait is how long GitHub asks clients to wait after a
	// secondary rate limit answer without Retry-After.
	DefaultSecondaryWait = time.Minute
	// DefaultMaxInFlight bounds the requests of a transport in flight at
	// once. GitHub's secondary rate limit counts concurrent requests, and
	// its guidance is "not many at once": a few hide most of the latency.
	DefaultMaxInFlight = 8
)

// Disabled, given as MutationInterval or MaxRetries, turns mutation spacing
// or retries off (any negative value does; zero means the default).
const Disabled = -1

// Options configures a Transport. Zero fields take the defaults above.
type Options struct {
	// Token authenticates requests to the API and upload hosts. It is kept in
	// memory only and never logged or put into an error.
	Token string
	// BaseURL is the REST API root: "" for GitHub.com, or the GitHub
	// Enterprise Server API ("https://ghe.example.com/api/v3/"; a bare host
	// gets "api/v3/" appended).
	BaseURL string
	// UploadURL is the release-asset upload root. "" derives it from BaseURL:
	// https://uploads.github.com/ for GitHub.com, ".../api/uploads/" for an
	// Enterprise ".../api/v3/" base, otherwise the base URL itself.
	UploadURL string
	// Version is relctl's version; the User-Agent is "relctl/<Version>".
	Version string

	// MaxRetries bounds the retries of one request (Disabled: none).
	MaxRetries int
	// BaseBackoff and MaxBackoff shape the backoff before retry n: uniform
	// in [0, min(MaxBackoff, BaseBackoff*2^(n-1))).
	BaseBackoff, MaxBackoff time.Duration
	// MutationInterval is the minimum time between the starts of two
	// mutations (Disabled in tests).
	MutationInterval time.Duration
	// MaxRateLimitWait bounds a single rate-limit wait; a longer one fails
	// with a *RateLimitError naming the reset time.
	MaxRateLimitWait time.Duration
	// MaxInFlight bounds the requests sent at once, however many
	// goroutines call the transport; the others wait for a slot (Disabled:
	// no bound).
	MaxInFlight int

	Clock Clock
	// Rand returns a number in [0, 1) for backoff jitter.
	Rand   func() float64
	Logger hclog.Logger
	// Base sends the requests; when nil, http.DefaultTransport with
	// ResponseHeaderTimeout.
	Base http.RoundTripper
}

// String describes the options without the token, so that printing them
// (with %v or %+v) cannot leak it.
func (o Options) String() string {
	return fmt.Sprintf("ghhttp.Options{BaseURL:%q UploadURL:%q Token:%s MaxRetries:%d MutationInterval:%s}",
		o.BaseURL, o.UploadURL, tokenState(o.Token), o.MaxRetries, o.MutationInterval)
}

// GoString is String, for %#v.
func (o Options) GoString() string { return o.String() }

func tokenState(token string) string {
	if token == "" {
		return "unset"
	}
	return "[redacted]"
}

// withDefaults fills the zero fields.
func (o Options) withDefaults() Options {
	switch {
	case o.MaxRetries == 0:
		o.MaxRetries = DefaultMaxRetries
	case o.MaxRetries < 0:
		o.MaxRetries = 0
	}
	o.BaseBackoff = orDefault(o.BaseBackoff, DefaultBaseBackoff)
	o.MaxBackoff = orDefault(o.MaxBackoff, DefaultMaxBackoff)
	o.MaxRateLimitWait = orDefault(o.MaxRateLimitWait, DefaultMaxRateLimitWait)
	switch {
	case o.MutationInterval == 0:
		o.MutationInterval = DefaultMutationInterval
	case o.MutationInterval < 0:
		o.MutationInterval = 0
	}
	if o.Clock == nil {
		o.Clock = RealClock{}
	}
	if o.Rand == nil {
		o.Rand = rand.Float64
	}
	if o.Logger == nil {
		o.Logger = hclog.NewNullLogger()
	}
	switch {
	case o.MaxInFlight == 0:
		o.MaxInFlight = DefaultMaxInFlight
	case o.MaxInFlight < 0:
		o.MaxInFlight = 0
	}
	if o.Base == nil {
		o.Base = defaultBase(o.MaxInFlight)
	}
	if o.Version == "" {
		o.Version = "dev"
	}
	return o
}

// ResponseHeaderTimeout bounds the wait for GitHub's answer to one attempt
// on the default base transport; GitHub itself gives up on a request after
// ten seconds, so a longer silence is a network failure.
const ResponseHeaderTimeout = time.Minute

// defaultBase is http.DefaultTransport with a bound on the wait for answers,
// so that a stalled connection fails (and is retried when that is safe)
// instead of hanging the run, and with as many idle connections kept per
// host as requests may be in flight, so that a burst of concurrent reads
// does not open new connections (a TLS handshake each) for the next one.
func defaultBase(inFlight int) http.RoundTripper {
	base := http.DefaultTransport.(*http.Transport).Clone()
	base.ResponseHeaderTimeout = ResponseHeaderTimeout
	base.MaxIdleConnsPerHost = max(inFlight, http.DefaultMaxIdleConnsPerHost)
	return base
}

func orDefault(d, def time.Duration) time.Duration {
	if d <= 0 {
		return def
	}
	return d
}

// endpoints are the parsed API and upload roots.
type endpoints struct {
	base   *url.URL
	upload *url.URL
}

// parseEndpoints resolves BaseURL and UploadURL as documented on Options.
func parseEndpoints(baseURL, uploadURL string) (endpoints, error) {
	if baseURL == "" {
		baseURL = DefaultBaseURL
	}
	base, err := parseRoot(baseURL)
	if err != nil {
		return endpoints{}, fmt.Errorf("parsing github base_url: %w", err)
	}
	if base.Host != "api.github.com" && base.Path == "/" {
		base.Path = "/api/v3/"
	}
	var upload *url.URL
	if uploadURL != "" {
		if upload, err = parseRoot(uploadURL); err != nil {
			return endpoints{}, fmt.Errorf("parsing github upload url: %w", err)
		}
	} else {
		upload = deriveUpload(base)
	}
	return endpoints{base: base, upload: upload}, nil
}

func parseRoot(raw string) (*url.URL, error) {
	u, err := url.Parse(raw)
	if err != nil {
		// url.Error quotes the whole URL, which may hold credentials.
		var uerr *url.Error
		if errors.As(err, &uerr) {
			return nil, uerr.Err
		}
		return nil, err
	}
	if u.Scheme != "http" && u.Scheme != "https" || u.Host == "" {
		return nil, fmt.Errorf("%q is not an absolute http(s) URL", u.Redacted())
	}
	if u.User != nil {
		return nil, fmt.Errorf("%q must not carry credentials; relctl takes the token from GITHUB_TOKEN", u.Redacted())
	}
	u.RawQuery, u.Fragment = "", ""
	if !strings.HasSuffix(u.Path, "/") {
		u.Path += "/"
	}
	return u, nil
}

func deriveUpload(base *url.URL) *url.URL {
	u := *base
	switch {
	case base.Host == "api.github.com":
		u.Host, u.Path = "uploads.github.com", "/"
	case strings.HasSuffix(base.Path, "/api/v3/"):
		u.Path = strings.TrimSuffix(base.Path, "v3/") + "uploads/"
	}
	return &u
}

// Package ghhttp is the HTTP layer that every GitHub call of relctl goes
// through. It owns what GitHub asks of a well-behaved client and nothing of
// the API's meaning:
//
//   - authentication: the token lives in memory only and is sent, as
//     "Authorization: Bearer", only to the configured API and upload hosts
//     (never to a host reached by a redirect or any other URL);
//   - retries with capped exponential backoff and full jitter on network
//     errors, HTTP 5xx and 429 (see "Which requests are retried" below);
//   - GitHub's primary rate limit (wait until X-RateLimit-Reset when the quota
//     is exhausted, also before sending once a response said so) and its
//     secondary rate limit (wait Retry-After, or one minute when absent,
//     doubling on repeats, pausing every request of the transport);
//   - conditional requests: GET responses with an ETag are remembered and
//     revalidated with If-None-Match, so repeated reads and polls cost 304s,
//     which GitHub does not count against the quota; the caller still sees a
//     200 with the remembered body;
//   - spacing of mutations (POST, PATCH, PUT, DELETE) by a minimum interval,
//     as GitHub asks of integrations (about one second; zero in tests);
//   - a per-run request counter (Stats, LogSummary) and debug logging of one
//     line per request.
//
// # Which requests are retried
//
// GET, HEAD, OPTIONS, PUT and DELETE are idempotent and are retried on
// network errors and on 5xx. POST and PATCH are retried only where GitHub
// certainly did not act on them: when the failure happened before the request
// was written to the connection, and on rate-limit answers (429, or 403 with
// an exhausted quota or a secondary-limit message), which GitHub documents as
// "not processed". A POST or PATCH that failed after it was sent is returned
// to the caller: the provider's check step (did it already happen?) decides,
// instead of a blind retry that could create a second pull request or
// comment. 4xx answers other than rate limits are final.
//
// Errors that reach the caller keep GitHub's status and message: when retries
// are exhausted the transport returns GitHub's last real response, from which
// go-github builds its ErrorResponse. A wait longer than
// Options.MaxRateLimitWait fails at once with a *RateLimitError naming the
// reset time.
//
// # Living with go-github's own rate-limit checks
//
// go-github refuses, without a request, any call made while the last
// response it saw reported an exhausted quota. Since the transport waits for
// the reset itself, responses reporting remaining 0 (and the 200s served
// from the ETag cache, which cost no quota) carry X-From-Cache, go-github's
// marker for answers whose rate limit it must not record. After a secondary
// limit that outlasted the retries, go-github still refuses calls until its
// Retry-After has passed on the wall clock; those calls fail with GitHub's
// message.
//
// The Clock, the backoff arithmetic and Retry-After parsing are shared with
// the other HTTP providers through providers/httpretry; what is retried,
// and GitHub's rate limits, are this package's own.
//
// The next layer up is the GitHub provider (providers/github), which builds a
// go-github v57 client on this transport with NewClient and gives the API
// calls their meaning.
package ghhttp

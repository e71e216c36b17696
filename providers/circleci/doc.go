// Package circleci is relctl's CircleCI provider: the circleci_pipeline
// action triggers a pipeline of a project (POST /project/{slug}/pipeline
// of the CircleCI API v2, with a branch or tag and parameters) and, unless
// wait is false, polls GET /pipeline/{id}/workflow every poll_interval
// until every workflow has finished. It fails naming the workflows that
// failed, errored, were canceled or are failing (a failing workflow will
// fail, so relctl does not wait for the rest), or when the pipeline's
// configuration errored or ran no workflow. The outputs are the pipeline's
// id, number, state ("success" after a wait, else CircleCI's state at
// trigger time) and web URL.
//
// Parameters are sent as strings: declare them as string parameters in
// the CircleCI configuration (CircleCI refuses a string for a boolean or
// integer parameter).
//
// # Resuming
//
// A pipeline cannot be told apart from any other of its project, so relctl
// remembers the ones it triggered. Right after the trigger, a small
// journal file (.relctl/circleci/<digest of address and arguments>.json in
// the configuration directory, written atomically) records the pipeline;
// it is removed once the result has been returned. An apply stopped while
// waiting — the timeout passed (the error wraps providers.ErrWaitTimeout,
// and the outputs come with it), Ctrl-C, a crash, CircleCI unreachable —
// leaves the entry, and the next apply waits for that pipeline again
// instead of triggering a second one. CheckAction reads the pipeline
// recorded in the state's outputs, else the journaled one: succeeded is
// done, failed is a conflict (forgotten, so that applying again triggers
// a new pipeline), running is not done (apply takes it up). Entries older
// than MaxInflightAge are from abandoned applies and are ignored; a newer
// one left by an apply that was abandoned rather than resumed is taken up
// by the next apply of the same action (same address and arguments):
// remove .relctl/circleci to start afresh.
//
// # Retries and secrets
//
// Reads are retried on network errors, 5xx and 429 with capped
// exponential backoff and jitter, or after Retry-After; the trigger is
// retried only where CircleCI did not act on it (request never sent, 429,
// 502/503/504), since a blind retry after a 500 could start a second
// pipeline. Other 4xx answers fail at once with CircleCI's message. All
// waits go through a Clock, so tests run on a virtual one; the clock, the
// backoff and Retry-After parsing come from providers/httpretry.
//
// The token (the provider's token, else CIRCLE_TOKEN) lives in memory
// only: it is sent as the Circle-Token header to the configured base URL
// (redirects are not followed) and masked in any message that could show
// it; it is never in descriptions, outputs, the journal or logs.
//
// The executor decides when actions run; circlecitest is the fake CircleCI
// API the tests run against.
package circleci

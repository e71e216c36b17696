// Package slack is relctl's Slack provider: the slack_message action posts
// one message (text, optionally Block Kit blocks, and for legacy webhooks a
// channel, username and icon) to an incoming webhook. Slack answers "ok",
// or a status with a short reason ("invalid_payload", "no_service",
// "channel_is_archived"), which the error reports.
//
// A sent message cannot be unsent: the action is irreversible (rollback
// lists it) and CheckAction says done only when the state recorded its
// outputs, so a message is sent again only if an apply stopped before
// recording it.
//
// Network errors, 5xx and 429 are retried with capped exponential backoff
// and jitter (or after Retry-After; both from providers/httpretry), through
// a Clock that tests replace; a
// duplicated notification is preferred to a release that stops on a
// hiccup. Other 4xx answers fail at once.
//
// The webhook URL is a secret (whoever holds it may post): it is a
// sensitive argument, typically env("SLACK_WEBHOOK"), that the planner
// never stores. This package never puts it in a description, output, log
// line or error; where a message must name the webhook it shows the host
// only ("https://hooks.slack.com/…"). Redirects are not followed, so the
// message goes to the webhook's host only.
//
// slacktest is the fake incoming-webhook server the tests post to.
package slack

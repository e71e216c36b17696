// Package slacktest is a fake Slack incoming-webhook service for relctl's
// tests: an httptest server that hands out webhook URLs shaped like
// Slack's (/services/T…/B…/<secret>), records the messages posted to them
// and answers as Slack does: 200 "ok", or a status with a short reason in
// the body (400 invalid_payload / no_text / invalid_blocks, 403
// invalid_token for a revoked webhook, 404 no_service / channel_not_found,
// 410 channel_is_archived). Faults (5xx, 429 with Retry-After, dropped
// connections, a failure after the message was posted) are injected in
// order. Any request the fake does not know fails the test.
//
// The provider that posts to it is providers/slack.
package slacktest

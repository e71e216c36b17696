// Package circlecitest is a fake CircleCI API v2 for relctl's tests: an
// httptest server, mounted under /api/v2/ so that a client ignoring its
// base path fails, that keeps projects and the pipelines triggered on
// them and answers with CircleCI's JSON shapes and status codes.
//
// It serves GET /project/{slug}, POST /project/{slug}/pipeline,
// GET /pipeline/{id} and GET /pipeline/{id}/workflow (paginated with
// next_page_token / page-token). Every request must carry the
// Circle-Token header with the server's token (else 401). A project
// declares its parameters (others are refused as CircleCI refuses them)
// and scripts the workflows of its pipelines: each listing of a
// pipeline's workflows moves every workflow one status further, so a test
// can watch statuses progress over polls. Faults (5xx bursts, 429 with
// Retry-After, dropped connections, a 500 after the pipeline was created)
// are injected per method and path. Any request the fake does not know
// fails the test.
//
// The provider that talks to it is providers/circleci.
package circlecitest

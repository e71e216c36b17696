// Package githubtest is a stateful fake of GitHub's REST API for testing
// relctl's GitHub provider with the real go-github client. It owns the fake
// world (repositories with a git object model, refs, files, pull requests,
// issues, milestones, comments, releases, workflow runs) and the HTTP
// behaviour around it (pagination, ETags, rate limits, errors, faults). The
// provider under test begins where the HTTP request leaves the client.
//
// # Starting
//
//	srv := githubtest.New(t, githubtest.WithToken("canary-token"))
//	repo := srv.AddRepo("gravitee-io/release", "master")
//	sha := repo.Commit("master", "Add manifest", map[string]string{"release.json": "{}"})
//	client, _ := github.NewClient(nil).WithAuthToken("canary-token").
//		WithEnterpriseURLs(srv.URL(), srv.URL())
//
// The API is mounted under a base path (DefaultBasePath "/api/v3/")
// so that a client that builds URLs from the root, or follows
// an absolute URL to the wrong place, hits an unknown path. Any request the
// fake does not know (method or path) fails the test with t.Errorf
// ("githubtest: unexpected request ...") and gets 404. The server is closed
// by t.Cleanup.
//
// # Endpoints
//
// Paths are relative to URL(); {ref...} may contain slashes.
//
//	GET    repos/{o}/{r}
//	GET    repos/{o}/{r}/git/ref/{ref...}           GET git/matching-refs/{ref...}
//	POST   repos/{o}/{r}/git/refs                   PATCH/DELETE git/refs/{ref...}
//	GET    repos/{o}/{r}/git/commits/{sha}          POST git/tags, GET git/tags/{sha}
//	POST   repos/{o}/{r}/git/trees                  POST git/commits, GET git/blobs/{sha}
//	GET    repos/{o}/{r}/branches[/{branch}]        GET tags
//	GET    repos/{o}/{r}/commits/{ref}              GET compare/{base}...{head}
//	GET/PUT/DELETE repos/{o}/{r}/contents/{path...} (?ref= on GET)
//	GET/POST repos/{o}/{r}/pulls                    GET/PATCH pulls/{n}, PUT pulls/{n}/merge
//	GET    repos/{o}/{r}/milestones[/{n}]           PATCH milestones/{n}
//	GET    repos/{o}/{r}/issues[/{n}]               GET issues/{n}/timeline
//	GET/POST repos/{o}/{r}/issues/{n}/comments      PATCH/DELETE issues/comments/{id}
//	GET/POST repos/{o}/{r}/releases                 GET releases/tags/{tag}, GET/PATCH/DELETE releases/{id}
//	GET    repos/{o}/{r}/immutable-releases
//	POST   repos/{o}/{r}/actions/workflows/{id or file}/dispatches
//	GET    repos/{o}/{r}/actions/workflows/{id or file}/runs   GET actions/runs/{id}
//	GET    rate_limit
//
// Bodies follow GitHub's REST reference (snake_case keys, RFC 3339 times,
// null for absent values) and are built by hand, not from go-github's types,
// so that go-github decoding them is a real check. Notable answers:
//
//   - POST git/refs on an existing ref: 422 "Reference already exists";
//     PATCH without force that is not a fast forward: 422 "Update is not a
//     fast forward"; DELETE of a missing ref: 422 "Reference does not exist";
//     GET of a missing ref: 404 "Not Found".
//   - POST git/trees takes blob entries with "content" or a known blob
//     "sha" (a null "sha" deletes the path from base_tree); trees are flat,
//     so nested paths are kept as full names. POST git/commits with an
//     unknown tree: 422 "Tree SHA does not exist"; with an unknown parent:
//     422 "Parent SHA does not exist or is not a commit object"; no parents
//     make a root commit (an orphan branch once a ref points at it).
//   - Contents: GET returns base64 content wrapped at 60 columns and the
//     git blob SHA (for a file over 1 MB, "content": "" and "encoding":
//     "none", as GitHub: read it with GET git/blobs/{sha}); PUT on an existing file without "sha" is 422
//     `Invalid request.\n\n"sha" wasn't supplied.`, with a stale "sha" 409
//     "<path> does not match <sha>"; each PUT/DELETE is one commit.
//   - POST pulls while an open one exists for head and base: 422 Validation
//     Failed with "A pull request already exists for owner:branch."; merging
//     a closed, merged, draft or conflicting pull request: 405; "sha" not the
//     head: 409.
//   - Comments longer than 65536 characters: 422 Validation Failed with
//     "Body is too long (maximum is 65536 characters)".
//   - POST releases for a tag that has a release: 422 with code
//     "already_exists". Publishing a release creates its tag if missing.
//   - Immutable releases (EnableImmutableReleases): GET immutable-releases
//     answers 200 {"enabled": true, "enforced_by_owner": false}, 404 while
//     the setting is off. A release published while it is on has
//     "immutable": true and locks its tag for good: PATCH or DELETE of the
//     tag's ref is 422, a new release of the tag (even after the release
//     is deleted) 422 "tag_name was used by an immutable release", and an
//     edit of the immutable release other than its name and body 422.
//   - The issues list includes pull requests (with a "pull_request" key);
//     the timeline has labeled, milestoned, commented, cross-referenced,
//     merged and closed events; a cross-reference's source.issue carries
//     "pull_request" and "repository".
//
// Errors are {"message", "errors", "documentation_url", "status"}, so
// go-github returns *github.ErrorResponse.
//
// # HTTP behaviour
//
//   - Lists paginate with per_page (default 30, max 100) and page and set
//     Link with prev/next/last/first absolute URLs under the base path, in
//     GitHub's order; go-github fills Response.NextPage and LastPage.
//   - Successful GETs carry a weak ETag; If-None-Match with it gives 304 and
//     an empty body (go-github reports it as *github.ErrorResponse with
//     status 304), and a 304 does not spend the rate limit.
//   - Every answer carries X-RateLimit-Limit/Remaining/Used/Reset/Resource
//     for the "core" resource (SetRateLimit, RateRemaining). An exhausted
//     budget answers 403 with GitHub's message and X-RateLimit-Remaining: 0
//     (*github.RateLimitError).
//   - With WithToken, requests need "Authorization: Bearer|token <token>"
//     (401 "Requires authentication" or "Bad credentials" otherwise), and a
//     request URL containing the token fails the test (TokenLeaks).
//   - X-GitHub-Api-Version and other headers are accepted and ignored.
//
// The pipeline order is: latency, unknown-request check, token-in-URL check,
// authentication, injected faults, primary rate limit, handler, ETag/304.
//
// # Faults
//
// Requests are numbered from 1 in arrival order (Request.Seq). FailNth,
// FailBurst and FailNext answer chosen requests with an error status (5xx as
// {"message":"Server Error"}) without touching the world;
// SecondaryRateLimit answers 403 with the secondary-rate-limit
// documentation URL and Retry-After (*github.AbuseRateLimitError with
// RetryAfter); Latency delays every response.
//
// # World
//
// AddRepo creates a repository whose default branch has an empty root
// commit. Repo.Commit, DeleteFiles, Branch, Tag and AnnotatedTag build
// history; commits are real git objects (blob, flat tree and commit SHA-1
// over git's encodings) dated by a logical clock, so SHAs are identical on
// every run. API timestamps use WithClock (default time.Now).
// AddMilestone, AddIssue (IssueSpec; also pull requests), LinkPR,
// AddComment, SetIssueState and MergePR (a reviewer merging) arrange the
// rest; AddWorkflow, RunPolls and RunConclusion script Actions: a dispatch
// creates a run (event workflow_dispatch, head_branch = ref) that reads as
// queued, then in_progress, then completed.
//
// Tests check the world, not the provider's word: Ref, Refs, File,
// CommitOf, PullRequests, Issue, Comments, Milestone, Releases, Runs; and
// the traffic: Requests, Count, RequestCount, Mutations.
//
// Everything is safe for concurrent use; requests are answered one at a time
// (latency excepted), like a consistent GitHub.
//
// # go-github behaviours worth knowing
//
// These are go-github v57's, not the fake's, and tests here pin them:
//
//   - RepositoriesService.GetBranch bypasses Client.Do: a 404 comes back as a
//     plain error ("unexpected status code: 404 Not Found") with the
//     *github.Response, not as *github.ErrorResponse, and its response does
//     not update the client's rate-limit bookkeeping.
//   - Once a response said X-RateLimit-Remaining: 0 with a future reset, the
//     client refuses further calls itself with *github.RateLimitError,
//     without sending them; the fake's log then shows no request.
//   - A 304 Not Modified is returned as *github.ErrorResponse with status
//     304; a caching transport must handle it below go-github.
package githubtest

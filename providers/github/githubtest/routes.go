package githubtest

import "net/http"

// Documentation pages used as documentation_url in error bodies.
const (
	docRepos     = "https://docs.github.com/rest/repos/repos#get-a-repository"
	docRefs      = "https://docs.github.com/rest/git/refs"
	docGitCommit = "https://docs.github.com/rest/git/commits#get-a-commit-object"
	docGitTags   = "https://docs.github.com/rest/git/tags"
	docGitTrees  = "https://docs.github.com/rest/git/trees#create-a-tree"
	docGitBlobs  = "https://docs.github.com/rest/git/blobs#get-a-blob"
	docBranches  = "https://docs.github.com/rest/branches/branches"
	docTags      = "https://docs.github.com/rest/repos/repos#list-repository-tags"
	docCommits   = "https://docs.github.com/rest/commits/commits"
	docContents  = "https://docs.github.com/rest/repos/contents"
	docPulls     = "https://docs.github.com/rest/pulls/pulls"
	docMilestone = "https://docs.github.com/rest/issues/milestones"
	docIssues    = "https://docs.github.com/rest/issues/issues"
	docTimeline  = "https://docs.github.com/rest/issues/timeline#list-timeline-events-for-an-issue"
	docComments  = "https://docs.github.com/rest/issues/comments"
	docReleases  = "https://docs.github.com/rest/releases/releases"
	docWorkflows = "https://docs.github.com/rest/actions/workflows"
	docRuns      = "https://docs.github.com/rest/actions/workflow-runs"
	docRateLimit = "https://docs.github.com/rest/rate-limit/rate-limit#get-rate-limit-status-for-the-authenticated-user"
)

// register lists every endpoint the fake speaks; anything else fails the test.
func (s *Server) register() {
	const repo = "repos/{owner}/{repo}"
	type ep struct {
		method, path, doc string
		h                 func(*call)
	}
	for _, e := range []ep{
		{"GET", repo, docRepos, (*call).getRepo},

		{"GET", repo + "/git/ref/{ref...}", docRefs, (*call).getRef},
		{"GET", repo + "/git/matching-refs/{ref...}", docRefs, (*call).matchingRefs},
		{"POST", repo + "/git/refs", docRefs, (*call).createRef},
		{"PATCH", repo + "/git/refs/{ref...}", docRefs, (*call).updateRef},
		{"DELETE", repo + "/git/refs/{ref...}", docRefs, (*call).deleteRef},
		{"GET", repo + "/git/commits/{sha}", docGitCommit, (*call).getGitCommit},
		{"POST", repo + "/git/commits", docGitCommit, (*call).createCommit},
		{"POST", repo + "/git/trees", docGitTrees, (*call).createTree},
		{"GET", repo + "/git/blobs/{sha}", docGitBlobs, (*call).getBlob},
		{"POST", repo + "/git/tags", docGitTags, (*call).createTag},
		{"GET", repo + "/git/tags/{sha}", docGitTags, (*call).getTag},

		{"GET", repo + "/branches", docBranches, (*call).listBranches},
		{"GET", repo + "/branches/{branch}", docBranches, (*call).getBranch},
		{"GET", repo + "/tags", docTags, (*call).listTags},
		{"GET", repo + "/commits/{ref...}", docCommits, (*call).getCommit},
		{"GET", repo + "/compare/{basehead}", docCommits, (*call).compare},

		{"GET", repo + "/contents/{path...}", docContents, (*call).getContents},
		{"PUT", repo + "/contents/{path...}", docContents, (*call).putContents},
		{"DELETE", repo + "/contents/{path...}", docContents, (*call).deleteContents},

		{"GET", repo + "/pulls", docPulls, (*call).listPulls},
		{"POST", repo + "/pulls", docPulls, (*call).createPull},
		{"GET", repo + "/pulls/{number}", docPulls, (*call).getPull},
		{"PATCH", repo + "/pulls/{number}", docPulls, (*call).updatePull},
		{"PUT", repo + "/pulls/{number}/merge", docPulls, (*call).mergePull},

		{"GET", repo + "/milestones", docMilestone, (*call).listMilestones},
		{"GET", repo + "/milestones/{number}", docMilestone, (*call).getMilestone},
		{"PATCH", repo + "/milestones/{number}", docMilestone, (*call).updateMilestone},
		{"GET", repo + "/issues", docIssues, (*call).listIssues},
		{"GET", repo + "/issues/{number}", docIssues, (*call).getIssue},
		{"GET", repo + "/issues/{number}/timeline", docTimeline, (*call).timeline},
		{"GET", repo + "/issues/{number}/comments", docComments, (*call).listComments},
		{"POST", repo + "/issues/{number}/comments", docComments, (*call).createComment},
		{"PATCH", repo + "/issues/comments/{id}", docComments, (*call).updateComment},
		{"DELETE", repo + "/issues/comments/{id}", docComments, (*call).deleteComment},

		{"POST", repo + "/releases", docReleases, (*call).createRelease},
		{"GET", repo + "/releases", docReleases, (*call).listReleases},
		{"GET", repo + "/releases/tags/{tag}", docReleases, (*call).getReleaseByTag},
		{"GET", repo + "/releases/{id}", docReleases, (*call).getRelease},
		{"PATCH", repo + "/releases/{id}", docReleases, (*call).updateRelease},
		{"DELETE", repo + "/releases/{id}", docReleases, (*call).deleteRelease},

		{"POST", repo + "/actions/workflows/{workflow}/dispatches", docWorkflows, (*call).dispatch},
		{"GET", repo + "/actions/workflows/{workflow}/runs", docRuns, (*call).listRuns},
		{"GET", repo + "/actions/runs/{id}", docRuns, (*call).getRun},

		{"GET", "rate_limit", docRateLimit, func(c *call) { c.json(http.StatusOK, c.s.rate.json()) }},
	} {
		s.handle(e.method, e.path, e.doc, e.h)
	}
}

// Package github is relctl's GitHub provider: the github_* actions and the
// planning reads, all made with go-github v57 through the HTTP layer of
// package ghhttp (retries, rate limits, ETags, mutation spacing, token
// handling). This package gives the API calls their meaning; ghhttp owns
// how requests travel; the executor decides when actions run.
//
// # Provider block
//
//	provider "github" {
//	  owner    = "gravitee-io"              # owner of repositories named "name"
//	  base_url = "https://api.github.com/"  # or a GitHub Enterprise Server's /api/v3/
//	  # token: GITHUB_TOKEN unless set; sensitive, never in plan or state
//	  # mutation_interval = "1s", poll_interval = "10s", max_poll_interval = "2m"
//	}
//
// # Reads
//
// ReadRepository (default branch, branches and peeled tags, 100 per page),
// CountCommits (the compare API's ahead_by), ReadFile (contents API, blob
// SHA), ReadMilestone (by number, or by title among all milestones; its
// issues and pull requests in every state, 100 per page; with
// LinkedPullRequests, each issue's timeline for cross-referencing pull
// requests, at most four timelines at once) and CheckFact for the facts
// the planner and the actions record:
//
//	ref:<owner/name>:heads/<branch>      commit SHA, "" when absent
//	ref:<owner/name>:tags/<tag>          commit SHA (peeled), "" when absent
//	file:<owner/name>:<path>@<ref>       blob SHA, "" when absent ("" ref: default branch)
//	pull:<owner/name>:<head>-><base>     number of the open pull request, ""
//
// # Actions
//
// Every action finds what an earlier apply made before making anything:
// a branch that contains its start point, a file with the content, an
// open pull request from head to base, a comment carrying its hidden
// marker, a tag on the expected commit, a release for the tag, a closed
// milestone. ApplyAction checks first, so applying twice does the work
// once, and a POST that failed after reaching GitHub is recognised rather
// than repeated.
//
//	github_branch           reversible   undo deletes the branch if it holds nothing but relctl's commits
//	github_file             compensable  undo commits the previous content back, if the file is still relctl's
//	github_pull_request     compensable  undo closes the pull request
//	github_await_merge      irreversible a wait; its timeout stops apply (providers.ErrWaitTimeout, exit 3)
//	github_comment          reversible   undo deletes the comment
//	github_tag              reversible   undo deletes the tag if it still names what relctl made
//	github_release          reversible   undo deletes the release (not the tag)
//	github_milestone_close  compensable  undo reopens the milestone
//	github_workflow         irreversible a run that ran
//
// Commits relctl makes carry the trailer "Relctl-Action: <address>".
//
// PublishComments keeps a document split in several comments (relctl
// comment) in relctl's own comments on a pull request, edited in place.
package github

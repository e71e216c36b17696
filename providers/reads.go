package providers

import "context"

// Repository identifies a repository for the reads: Repo is the name the
// configuration uses ("acme/api"); URL, when set, is a git remote (path,
// file://, ssh or https) that the git provider reads directly.
type Repository struct {
	Repo string
	URL  string
}

// RepositoryReader reads a repository's refs for planning.
type RepositoryReader interface {
	ReadRepository(ctx context.Context, repo Repository) (RepositoryRefs, error)
}

// RefsReader is a RepositoryReader that can leave the default branch out
// of a read, for a planner that does not need it: on GitHub that saves a
// request per repository. Without withDefaultBranch, DefaultBranch is "".
type RefsReader interface {
	RepositoryReader
	ReadRefs(ctx context.Context, repo Repository, withDefaultBranch bool) (RepositoryRefs, error)
}

// RepositoryRefs are a repository's branches and tags.
type RepositoryRefs struct {
	DefaultBranch string
	// Branches maps branch names to commit SHAs.
	Branches map[string]string
	// Tags maps tag names to the commit SHA they point at (peeled).
	Tags map[string]string
}

// ChangeCounter counts the commits reachable from To that are not
// reachable from From (git rev-list --count From..To).
type ChangeCounter interface {
	CountCommits(ctx context.Context, repo Repository, from, to string) (int, error)
}

// FileReader reads one file of a repository at a ref.
type FileReader interface {
	ReadFile(ctx context.Context, repo Repository, path, ref string) (FileContent, error)
}

// FileContent is a file read from a repository.
type FileContent struct {
	Content []byte
	// SHA is the blob SHA (GitHub's file sha), used for updates and facts.
	SHA string
}

// MilestoneReader reads a milestone with all its issues and pull requests.
type MilestoneReader interface {
	ReadMilestone(ctx context.Context, req MilestoneRequest) (Milestone, error)
}

// MilestoneRequest names a milestone by number or by title.
type MilestoneRequest struct {
	Repo   string
	Number int
	Title  string
	// LinkedPullRequests asks for the repositories of pull requests that
	// reference or close each issue.
	LinkedPullRequests bool
}

// Milestone is a milestone and its items.
type Milestone struct {
	Repo   string
	Number int
	Title  string
	URL    string
	State  string
	Issues []Issue
}

// Issue is an issue or pull request of a milestone.
type Issue struct {
	Number      int
	Title       string
	URL         string
	State       string
	PullRequest bool
	Labels      []string
	// LinkedRepos are the repositories ("owner/name") of pull requests
	// linked to the issue, when requested.
	LinkedRepos []string
	// LinkedPullRequests are those pull requests, by repository and
	// number.
	LinkedPullRequests []PullRequestRef
}

// PullRequestRef is a pull request linked to an issue.
type PullRequestRef struct {
	Repo   string
	Number int
	Title  string
	URL    string
}

// FactChecker re-reads the facts a plan relied on. It returns, for each
// fact of its own, the current value.
type FactChecker interface {
	CheckFact(ctx context.Context, fact Fact) (current string, err error)
}

// RefFactMaker is implemented by repository readers that name their ref
// facts themselves (for example with a normalised remote), so that the
// planner's facts and the provider's own match and CheckFact can read them.
type RefFactMaker interface {
	RefFact(repo Repository, ref, sha string) Fact
}

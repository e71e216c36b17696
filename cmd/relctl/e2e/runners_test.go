package e2e

import (
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/relctl/relctl/providers/github/githubtest"
	"github.com/relctl/relctl/providers/slack/slacktest"
	"github.com/relctl/relctl/state/pg/pgtest"
)

// The release across CI runners: each runner is a working directory of its
// own holding nothing but a copy of the configuration, as a CI job's
// checkout; the state and the plan being applied are shared only through
// the backend. GitHub and Slack are fakes in the test process, so every
// runner talks to the same ones.

// runnerTimeout bounds one relctl run: on the github backend every state
// write is a GitHub mutation, spaced by a second as GitHub asks.
const runnerTimeout = 4 * time.Minute

// masterManifest is release.json on master before the release.
const masterManifest = "{\"version\": \"1.1.0\"}\n"

const (
	runnerToken = "ghp_runnercanary0123456789abcdefABCDEF"
	runnersRepo = "acme/release"
)

// releaseConfig is a Gravitee-like release: prepare (branch, release.json,
// pull request, Slack, wait for the merge), publish (tag the merge
// commit, GitHub release), announce (Slack).
const releaseConfig = `relctl {
  BACKEND
}

variable "version" {
  type = string
}

variable "slack_webhook_url" {
  type      = string
  sensitive = true
}

provider "github" {
  owner    = "acme"
  base_url = "GITHUB_URL"
}

provider "slack" {}

locals {
  repo    = "acme/release"
  prepare = "feature/prepare_release_${var.version}"
}

stage "prepare" {
  action "github_branch" "prepare" {
    repo   = local.repo
    branch = local.prepare
    from   = "master"
  }

  action "github_file" "release_json" {
    repo    = local.repo
    branch  = local.prepare
    path    = "release.json"
    content = "{\"version\": \"${var.version}\"}\n"
    message = "Prepare release ${var.version}"
  }

  action "github_pull_request" "prepare" {
    repo  = local.repo
    head  = local.prepare
    base  = "master"
    title = "Prepare release ${var.version}"
    body  = "Merge to release ${var.version}."
  }

  action "slack_message" "review" {
    webhook_url = var.slack_webhook_url
    text        = "Release ${var.version} is ready for review: ${action.github_pull_request.prepare.url}"
  }

  action "github_await_merge" "approval" {
    repo    = local.repo
    number  = action.github_pull_request.prepare.number
    timeout = "2s"
  }
}

stage "publish" {
  depends_on = [stage.prepare]

  action "github_tag" "release" {
    repo    = local.repo
    tag     = var.version
    sha     = stage.prepare.action.github_await_merge.approval.merge_commit_sha
    message = "Release ${var.version}"
  }

  action "github_release" "release" {
    repo = local.repo
    tag  = var.version
    name = "Release ${var.version}"
    body = "Released by relctl."
  }
}

stage "announce" {
  depends_on = [stage.publish]

  action "slack_message" "done" {
    webhook_url = var.slack_webhook_url
    text        = "Release ${var.version} is out."
  }
}
`

// releaseWorld is the fake GitHub and Slack, the backend and the
// environment every runner is given (its CI secrets).
type releaseWorld struct {
	t      *testing.T
	gh     *githubtest.Server
	slack  *slacktest.Server
	config string
	env    []string
	// secrets must appear in no file a runner keeps, nor in any output.
	secrets []string
	// tracking is the issue runner A posts the plan on.
	tracking int
}

func newReleaseWorld(t *testing.T, backend string) *releaseWorld {
	t.Helper()
	gh := githubtest.New(t, githubtest.WithToken(runnerToken), githubtest.WithUser("release-bot"))
	gh.AddRepo(runnersRepo, "master").Commit("master", "Release 1.1.0", map[string]string{"release.json": masterManifest})
	slack := slacktest.New(t)
	hook := slack.AddWebhook("#releases")
	w := &releaseWorld{t: t, gh: gh, slack: slack,
		env:     []string{"GITHUB_TOKEN=" + runnerToken, "RELCTL_VAR_slack_webhook_url=" + hook},
		secrets: []string{runnerToken, hook}}
	var block string
	switch backend {
	case "github":
		block = fmt.Sprintf("backend \"github\" {\n    repo       = %q\n    base_url   = %q\n    lock_stale = \"3s\"\n  }", runnersRepo, gh.URL())
	case "pg":
		conn := pgtest.Database(t)
		w.env = append(w.env, "PG_CONN_STR="+conn)
		if pw := connPassword(conn); pw != "" {
			w.secrets = append(w.secrets, pw)
		}
		block = "backend \"pg\" {\n    workspace = \"acme\"\n  }"
	default:
		t.Fatalf("no backend %q", backend)
	}
	w.config = strings.NewReplacer("BACKEND", block, "GITHUB_URL", gh.URL()).Replace(releaseConfig)
	return w
}

var passwordRE = regexp.MustCompile(`(?:://[^:/@]*:([^@]+)@)|(?:password=(\S+))`)

func connPassword(conn string) string {
	m := passwordRE.FindStringSubmatch(conn)
	if m == nil {
		return ""
	}
	return m[1] + m[2]
}

// runner is a fresh working directory with the configuration alone.
func (w *releaseWorld) runner(name string) string {
	w.t.Helper()
	dir := filepath.Join(w.t.TempDir(), name)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		w.t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "release.rel.hcl"), []byte(w.config), 0o644); err != nil {
		w.t.Fatal(err)
	}
	return dir
}

func (w *releaseWorld) start(dir string, args ...string) *proc {
	w.t.Helper()
	return startEnv(w.t, dir, w.env, args...)
}

func (w *releaseWorld) mustRun(dir string, code int, args ...string) result {
	w.t.Helper()
	r := w.start(dir, args...).waitWithin(runnerTimeout)
	if r.code != code {
		w.t.Fatalf("exit code %d, want %d:\n%s", r.code, code, r)
	}
	w.wantNoSecret("the output of relctl "+strings.Join(args, " "), r.stdout+r.stderr)
	return r
}

func (w *releaseWorld) wantNoSecret(what, s string) {
	w.t.Helper()
	for _, sec := range w.secrets {
		if strings.Contains(s, sec) {
			w.t.Errorf("%s holds a secret (%.6s…)", what, sec)
		}
	}
}

// wantNoSecretInFiles searches every file of the runners' directories.
func (w *releaseWorld) wantNoSecretInFiles(dirs ...string) {
	w.t.Helper()
	for _, dir := range dirs {
		filepath.WalkDir(dir, func(path string, d os.DirEntry, err error) error {
			if err == nil && !d.IsDir() {
				data, _ := os.ReadFile(path)
				w.wantNoSecret(path, string(data))
			}
			return nil
		})
	}
}

// prepare is runner A: plan, comment the plan on the release's tracking
// issue, apply up to the merge gate (exit code 3); then a person merges
// the pull request. It returns the pull request's number.
func (w *releaseWorld) prepare(version string) (dirA string, pr int) {
	w.t.Helper()
	dirA = w.runner("A")
	tracking := w.gh.AddIssue(runnersRepo, githubtest.IssueSpec{Title: "Release " + version})
	w.tracking = tracking
	// -chdir with the runner's absolute path: the plan names a directory
	// that the other runners do not have.
	w.mustRun(dirA, 0, "-chdir="+dirA, "plan", "-var", "version="+version, "-out", "plan.out")
	w.mustRun(dirA, 0, "comment", "plan.out", "-pr", fmt.Sprintf("%s#%d", runnersRepo, tracking))
	gate := w.mustRun(dirA, 3, "apply", "plan.out")
	wantOutput(w.t, "runner A at the merge gate", gate.stdout, "github_await_merge.approval")
	prs := w.gh.PullRequests(runnersRepo)
	if len(prs) != 1 {
		w.t.Fatalf("after runner A: %d pull requests, want 1", len(prs))
	}
	w.gh.MergePR(runnersRepo, prs[0].Number)
	// Runner A's machine is gone.
	w.wantNoSecretInFiles(dirA)
	if err := os.RemoveAll(dirA); err != nil {
		w.t.Fatal(err)
	}
	return dirA, prs[0].Number
}

// sideEffects counts the side effects of the release in the fakes.
type sideEffects struct {
	prs, releases, slack int
	tag                  bool
	branchCommits        int
}

func (w *releaseWorld) count(version string) sideEffects {
	var r sideEffects
	r.prs = len(w.gh.PullRequests(runnersRepo))
	r.releases = len(w.gh.Releases(runnersRepo))
	r.slack = len(w.slack.Messages())
	_, r.tag = w.gh.CommitOf(runnersRepo, version)
	for _, req := range w.gh.Requests() {
		if req.Method == "PUT" && strings.HasSuffix(req.Path, "/contents/release.json") && req.Status < 300 {
			r.branchCommits++
		}
	}
	return r
}

func TestReleaseAcrossRunners(t *testing.T) {
	for _, backend := range []string{"github", "pg"} {
		t.Run(backend, func(t *testing.T) {
			t.Parallel()
			w := newReleaseWorld(t, backend)
			w.prepare("1.2.0")

			dirB := w.runner("B")
			resumed := w.mustRun(dirB, 0, "-log-level=debug", "apply")
			wantOutput(t, "runner B", resumed.stdout, "Resuming plan ", "begun by ", "Apply complete!")
			want := sideEffects{prs: 1, releases: 1, slack: 2, tag: true, branchCommits: 1}
			if got := w.count("1.2.0"); got != want {
				t.Errorf("after runner B: %+v, want %+v", got, want)
			}
			w.wantNoSecretInBackend(backend)
			shown := w.mustRun(w.runner("show"), 0, "show")
			wantOutput(t, "relctl show on another runner", shown.stdout, "Every action is done.")

			if got, _ := w.gh.File(runnersRepo, "master", "release.json"); got == masterManifest {
				t.Fatalf("the merge did not bring release.json to master")
			}

			// Runner C rolls back past the merge gate: the merged pull
			// request stays (listed), its release.json change is reverted
			// on master, the prepare branch, tag and release are deleted.
			dirC := w.runner("C")
			rb := w.mustRun(dirC, 0, "rollback", "-auto-approve")
			wantOutput(t, "the rollback on runner C", rb.stdout, "merged by ")
			if _, tag := w.gh.CommitOf(runnersRepo, "1.2.0"); tag || len(w.gh.Releases(runnersRepo)) != 0 {
				t.Errorf("after the rollback on runner C the tag or the release is still there:\n%s", rb)
			}
			if got, _ := w.gh.File(runnersRepo, "master", "release.json"); got != masterManifest {
				t.Errorf("after the rollback master's release.json is %q, want %q", got, masterManifest)
			}
			if w.gh.Ref(runnersRepo, "heads/feature/prepare_release_1.2.0") != "" {
				t.Errorf("after the rollback the prepare branch is still there")
			}
			if n := len(w.slack.Messages()); n != 2 {
				t.Errorf("after the rollback: %d Slack messages, want the 2 of the release (a message cannot be unsent)", n)
			}
			w.wantNoSecretInFiles(dirB, dirC)
		})
	}
}

// TestRunnerKilledMidCall: runner B is killed (SIGKILL, with the process
// group) while GitHub holds its requests, at a random moment of the
// publish stage; runner C then resumes the release from the backend
// (getting B's lock once it is stale, as the next CI job would) and
// every side effect happens exactly once.
func TestRunnerKilledMidCall(t *testing.T) {
	for _, backend := range []string{"github", "pg"} {
		t.Run(backend, func(t *testing.T) {
			t.Parallel()
			w := newReleaseWorld(t, backend)
			w.prepare("2.0.0")

			w.gh.Latency(300 * time.Millisecond)
			b := w.start(w.runner("B"), "apply")
			b.waitForOutput("stage.publish.github_tag.release: Creating...")
			time.Sleep(time.Duration(rand.IntN(2500)) * time.Millisecond)
			syscall.Kill(-b.pid(), syscall.SIGKILL)
			if r := b.waitWithin(runnerTimeout); !r.killed {
				t.Fatalf("runner B was not killed:\n%s", r)
			}
			w.gh.Latency(0)

			dirC := w.runner("C")
			w.resumeAfterKill(dirC, backend)
			want := sideEffects{prs: 1, releases: 1, slack: 2, tag: true, branchCommits: 1}
			if got := w.count("2.0.0"); got != want {
				t.Errorf("after runner C: %+v, want %+v", got, want)
			}
			if n := w.created("refs/tags/2.0.0"); n != 1 {
				t.Errorf("the tag was created %d times, want once", n)
			}
			w.mustRun(dirC, 1, "apply")
		})
	}
}

// resumeAfterKill is runner C: relctl apply, which finds the dead
// runner's lock and gets it: on pg the server releases the advisory lock
// with the dead connection; on github the lock is taken over once its
// heartbeat is older than lock_stale.
func (w *releaseWorld) resumeAfterKill(dir, backend string) {
	w.t.Helper()
	r := w.mustRun(dir, 0, "apply", "-lock-timeout", "60s")
	wantOutput(w.t, "runner C", r.stdout, "Resuming plan ", "Apply complete!")
}

// created counts the successful creations of ref on the fake GitHub.
func (w *releaseWorld) created(ref string) int {
	n := 0
	for _, req := range w.gh.Requests() {
		if req.Method == "POST" && strings.HasSuffix(req.Path, "/git/refs") && strings.Contains(req.Body, `"`+ref+`"`) && req.Status == 201 {
			n++
		}
	}
	return n
}

// wantNoSecretInBackend searches what the github backend wrote (the state
// and the plan on the branch relctl-state) and every comment.
func (w *releaseWorld) wantNoSecretInBackend(backend string) {
	w.t.Helper()
	comments := w.gh.Comments(runnersRepo, w.tracking)
	if len(comments) == 0 {
		w.t.Errorf("runner A posted no plan on issue #%d", w.tracking)
	}
	for _, c := range comments {
		w.wantNoSecret("a comment", c.Body)
	}
	if backend != "github" {
		return
	}
	for _, f := range []string{"default.relctl-state", "default.relctl-plan.json"} {
		data, ok := w.gh.File(runnersRepo, "relctl-state", f)
		if !ok {
			w.t.Errorf("the github backend holds no %s on relctl-state", f)
		}
		w.wantNoSecret("the backend's "+f, data)
	}
}

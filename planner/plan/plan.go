package plan

import (
	"encoding/json"
	"time"

	"github.com/relctl/relctl/providers"
)

// FormatVersion is the version of the plan file format this relctl writes
// and the newest it reads.
const FormatVersion = "1"

// Plan is a complete, self-contained release plan: everything apply, show
// and graph need, without the configuration files. Its JSON form is a
// documented interface (SPEC §6); the names below are kept stable.
type Plan struct {
	FormatVersion string    `json:"format_version"`
	RelctlVersion string    `json:"relctl_version"`
	PlanID        string    `json:"plan_id"`
	CreatedAt     time.Time `json:"created_at"`

	Release     Release          `json:"release"`
	Milestone   *Milestone       `json:"milestone,omitempty"`
	Components  []Component      `json:"components"`
	NotReleased []NotReleased    `json:"not_released"`
	Stages      []Stage          `json:"stages"`
	Actions     []Action         `json:"actions"`
	Facts       []providers.Fact `json:"facts"`
	Warnings    []string         `json:"warnings"`

	// Settings apply needs: where the state lives, default parallelism,
	// and each provider's non-sensitive configuration.
	Settings Settings `json:"settings"`
	// Inputs that produced the plan, for review and audit.
	Inputs Inputs `json:"inputs"`
	// Rollback is set on a rollback plan (relctl rollback -out).
	Rollback *Rollback `json:"rollback,omitempty"`
}

// Release names the release being made.
type Release struct {
	Name    string `json:"name"`
	Version string `json:"version"`
	// Notes are the release notes in Markdown: every component's notes
	// under a heading of its name and version.
	Notes string `json:"notes,omitempty"`
}

// Milestone is the milestone the plan read, with the issues it saw.
type Milestone struct {
	Repo     string           `json:"repo"`
	Number   int              `json:"number"`
	Title    string           `json:"title"`
	URL      string           `json:"url"`
	Issues   []MilestoneIssue `json:"issues"`
	Unmapped []MilestoneIssue `json:"unmapped"`
}

// MilestoneIssue is one issue or pull request of the milestone.
type MilestoneIssue struct {
	Number     int      `json:"number"`
	Title      string   `json:"title"`
	URL        string   `json:"url"`
	Labels     []string `json:"labels"`
	Components []string `json:"components"`
	// PullRequests are the pull requests linked to the issue (with
	// linked_pull_requests = true).
	PullRequests []PullRequest `json:"pull_requests,omitempty"`
}

// PullRequest is a pull request linked to a milestone issue.
type PullRequest struct {
	Repo   string `json:"repo"`
	Number int    `json:"number"`
	Title  string `json:"title"`
	URL    string `json:"url"`
}

// Component is a component selected for release, with its versions.
type Component struct {
	Name string `json:"name"`
	Repo string `json:"repo"`
	// URL is the git remote, when the component names one.
	URL       string   `json:"url,omitempty"`
	Current   string   `json:"current"`
	Version   string   `json:"version"`
	Next      string   `json:"next"`
	Tag       string   `json:"tag"`
	Branch    string   `json:"branch"`
	Reason    string   `json:"reason"`
	Issues    []int    `json:"issues"`
	DependsOn []string `json:"depends_on"`
	// Source says where Current came from: attribute, manifest, tag, initial.
	Source string `json:"source"`
	// Notes are the component's release notes in Markdown: its milestone
	// issues grouped by label, with their linked pull requests.
	Notes string `json:"notes,omitempty"`
}

// Reasons a component is released.
const (
	ReasonMilestone  = "milestone"
	ReasonManifest   = "manifest"
	ReasonDependency = "dependency"
	ReasonForced     = "forced"
	ReasonChanged    = "changed"
)

// NotReleased is a declared component that the plan does not release.
type NotReleased struct {
	Name string `json:"name"`
	Why  string `json:"why"`
}

// Stage is an expanded stage: its instances' actions are in Plan.Actions.
type Stage struct {
	Name      string   `json:"name"`
	DependsOn []string `json:"depends_on"`
	Order     string   `json:"order"`
	OnFailure string   `json:"on_failure"`
	// Keys are the for_each keys of the stage's instances, in wave order;
	// empty for a stage without for_each.
	Keys []string `json:"keys"`
	// Waves is the number of waves the instances form (1 for a stage
	// without for_each or with order = "parallel").
	Waves int `json:"waves"`
	// Rollback is the stage's rollback block, when it has one; it
	// overrides the relctl block's.
	Rollback *RollbackSettings `json:"rollback,omitempty"`
}

// RollbackSettings say how a rollback compensates what reached a base
// branch (the relctl block's or a stage's rollback block).
type RollbackSettings struct {
	// ViaPullRequest proposes the compensating change (the revert of a
	// file a merged pull request brought) as a pull request for review,
	// instead of committing it to the base branch.
	ViaPullRequest bool `json:"via_pull_request"`
}

// Action is one action instance of the plan.
type Action struct {
	Address       string                  `json:"address"`
	Stage         string                  `json:"stage"`
	Key           string                  `json:"key,omitempty"`
	Type          string                  `json:"type"`
	Name          string                  `json:"name"`
	Provider      string                  `json:"provider"`
	Operation     providers.Operation     `json:"operation"`
	Reversibility providers.Reversibility `json:"reversibility"`
	DependsOn     []string                `json:"depends_on"`
	Description   string                  `json:"description"`
	// Disabled is why an action with operation "skip" is not performed:
	// the source of its enabled argument and "is false".
	Disabled string `json:"disabled,omitempty"`
	// Args are the known arguments, as JSON conforming to the action
	// schema; attributes listed in Unknown are null here. A disabled
	// action's arguments are not evaluated: Args is null.
	Args    json.RawMessage `json:"args"`
	Unknown []string        `json:"unknown"`
	// Deferred holds, for each unknown or sensitive attribute, the
	// expression to evaluate at apply time.
	Deferred map[string]Deferred `json:"deferred,omitempty"`
	Diff     string              `json:"diff"`
	// Wave is the action's wave within its stage (0-based).
	Wave int `json:"wave"`
	// OnFailure is copied from the stage: "halt" or "continue".
	OnFailure string `json:"on_failure"`
}

// Deferred is an attribute expression evaluated at apply time, once the
// outputs of earlier actions are known.
type Deferred struct {
	// Expr is the HCL source of the expression.
	Expr string `json:"expr"`
	// Refs are the values of the non-action references the expression
	// uses, by traversal ("each.value.repo"), as typed JSON.
	Refs map[string]json.RawMessage `json:"refs,omitempty"`
	// Outputs maps the action references the expression uses
	// ("action.git_commit.bump") to the addresses of those actions.
	Outputs map[string]string `json:"outputs,omitempty"`
	// Env names the sensitive variables to read again from RELCTL_VAR_*.
	Env []string `json:"env,omitempty"`
	// Dir is the configuration directory, which file() reads from.
	Dir string `json:"dir,omitempty"`
}

// Settings are what apply needs besides the actions.
type Settings struct {
	StatePath   string `json:"state_path"`
	Parallelism int    `json:"parallelism"`
	// Dir is the configuration directory the plan was made in.
	Dir string `json:"dir"`
	// Providers maps provider names to their non-sensitive configuration
	// as JSON conforming to the provider schema.
	Providers map[string]json.RawMessage `json:"providers"`
	// Backend is where the state and the applied plan are kept; nil for
	// the local file StatePath.
	Backend *Backend `json:"backend,omitempty"`
	// Rollback is the relctl block's rollback block, when it has one.
	Rollback *RollbackSettings `json:"rollback,omitempty"`
}

// Backend names a state backend and its settings. Sensitive settings (a
// connection string, a token) are never in a plan: apply reads them from
// the configuration or the environment.
type Backend struct {
	Type     string            `json:"type"`
	Settings map[string]string `json:"settings,omitempty"`
}

// Inputs record what produced the plan.
type Inputs struct {
	ConfigDigest   string                     `json:"config_digest"`
	ConfigFiles    map[string]string          `json:"config_files"`
	Variables      map[string]json.RawMessage `json:"variables"`
	ManifestPath   string                     `json:"manifest_path,omitempty"`
	ManifestDigest string                     `json:"manifest_digest,omitempty"`
}

// Counts summarises the actions by operation.
type Counts struct {
	Total, Create, Update, Delete, Run, Wait, Noop, Skip, Irreversible int
}

// Count tallies the plan's actions.
func (p *Plan) Count() Counts {
	var c Counts
	for _, a := range p.Actions {
		c.Total++
		switch a.Operation {
		case providers.OpCreate:
			c.Create++
		case providers.OpUpdate:
			c.Update++
		case providers.OpDelete:
			c.Delete++
		case providers.OpRun:
			c.Run++
		case providers.OpWait:
			c.Wait++
		case providers.OpNoop:
			c.Noop++
		case providers.OpSkip:
			c.Skip++
		}
		if a.Reversibility == providers.Irreversible && a.Performed() {
			c.Irreversible++
		}
	}
	return c
}

// HasChanges reports whether applying the plan would do anything.
func (p *Plan) HasChanges() bool {
	for _, a := range p.Actions {
		if a.Performed() {
			return true
		}
	}
	return false
}

// Performed reports whether applying the action changes anything: it is
// neither already done (noop) nor disabled (skip).
func (a *Action) Performed() bool {
	return a.Operation != providers.OpNoop && a.Operation != providers.OpSkip
}

// Action returns the action with the given address.
func (p *Plan) Action(addr string) (*Action, bool) {
	for i := range p.Actions {
		if p.Actions[i].Address == addr {
			return &p.Actions[i], true
		}
	}
	return nil, false
}

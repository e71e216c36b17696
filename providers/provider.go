package providers

import (
	"context"
	"encoding/json"

	"github.com/hashicorp/go-hclog"
	"github.com/zclconf/go-cty/cty"
)

// Provider is the one shared contract of relctl. Requests and responses are
// structs so that the contract can grow without breaking implementations.
type Provider interface {
	// Schema describes the provider block and the action types offered.
	// It must be callable before Configure.
	Schema() ProviderSchema
	// Configure receives the provider block's evaluated attributes (an
	// object of the schema's Config attributes; absent ones are null).
	Configure(ctx context.Context, req ConfigureRequest) error
	// PlanAction reads the world and decides what the action will do.
	// Arguments may contain unknown values (outputs of earlier actions).
	PlanAction(ctx context.Context, req PlanActionRequest) (PlanActionResponse, error)
	// ApplyAction performs the action. All arguments are known.
	ApplyAction(ctx context.Context, req ApplyActionRequest) (ApplyActionResponse, error)
	// CheckAction tells whether the action's result already holds in the
	// world, without changing anything.
	CheckAction(ctx context.Context, req CheckActionRequest) (CheckActionResponse, error)
	// UndoAction reverses a performed action using its undo data.
	// Actions whose schema says Irreversible are never undone.
	UndoAction(ctx context.Context, req UndoActionRequest) (UndoActionResponse, error)
}

// ConfigureRequest carries the provider block's attributes.
type ConfigureRequest struct {
	// Config is an object value conforming to ProviderSchema.Config.
	Config cty.Value
	// Dir is the configuration directory; relative paths resolve against it.
	Dir    string
	Logger hclog.Logger
}

// PlanActionRequest asks a provider to plan one action instance.
type PlanActionRequest struct {
	Address string
	Type    string
	// Args is an object of the action schema's attributes; some may be unknown.
	Args cty.Value
}

// PlanActionResponse is the result of planning one action instance.
type PlanActionResponse struct {
	Operation     Operation
	Reversibility Reversibility
	// Description is one line for the human plan, e.g.
	// "acme/api v1.2.0 at 1a2b3c4".
	Description string
	// Diff is an optional unified-diff-like text shown under the action.
	Diff string
	// Facts are what the plan relied on; apply refuses the plan when a
	// fact no longer holds.
	Facts []Fact
}

// ApplyActionRequest asks a provider to perform an action.
type ApplyActionRequest struct {
	Address string
	Type    string
	Args    cty.Value
	Logger  hclog.Logger
}

// ApplyActionResponse is what a performed action leaves behind. When
// ApplyAction fails with an error wrapping ErrWaitTimeout, the outputs it
// returns (what it started and was waiting for) are recorded all the same
// and passed to the CheckAction of the next apply.
type ApplyActionResponse struct {
	// Outputs conform to the action schema's Outputs.
	Outputs map[string]cty.Value
	// UndoData is provider-defined and stored in the state; it must not
	// contain secrets.
	UndoData json.RawMessage
}

// CheckActionRequest asks whether an action's result already holds.
type CheckActionRequest struct {
	Address string
	Type    string
	Args    cty.Value
	// Outputs and UndoData are those recorded by an earlier apply, if any.
	Outputs  map[string]cty.Value
	UndoData json.RawMessage
}

// CheckStatus is the verdict of a check.
type CheckStatus string

const (
	// CheckNotDone: the action has not happened; it may run.
	CheckNotDone CheckStatus = "not_done"
	// CheckDone: the world already holds the desired result; the action is
	// adopted with the returned outputs.
	CheckDone CheckStatus = "done"
	// CheckConflict: the world holds something else in the action's place
	// (a tag on another commit); the action fails with Detail.
	CheckConflict CheckStatus = "conflict"
)

// CheckActionResponse is the verdict of a check.
type CheckActionResponse struct {
	Status CheckStatus
	// Detail names both values on a conflict ("tag v1.2.0 is at 9f8e7d6,
	// the plan expects 1a2b3c4").
	Detail   string
	Outputs  map[string]cty.Value
	UndoData json.RawMessage
}

// UndoActionRequest asks a provider to reverse a performed action.
type UndoActionRequest struct {
	Address  string
	Type     string
	Args     cty.Value
	Outputs  map[string]cty.Value
	UndoData json.RawMessage
	Logger   hclog.Logger
	// ViaPullRequest is the setting PlanUndoRequest describes: changes
	// compensating what reached a base branch are proposed as a pull
	// request instead of committed.
	ViaPullRequest bool
}

// UndoActionResponse reports what an undo did.
type UndoActionResponse struct {
	// Description says what was done ("deleted tag v1.2.0").
	Description string
}

// OfflinePlanner is implemented by providers that can plan an action from
// its arguments alone, without reading the world. The planner uses it for
// plan -refresh=false; actions of other providers are then shown by their
// address only.
type OfflinePlanner interface {
	PlanActionOffline(ctx context.Context, req PlanActionRequest) (PlanActionResponse, error)
}

// CommentPublisher is implemented by providers that can keep a document as
// relctl's comments on a pull request or issue (relctl comment).
type CommentPublisher interface {
	PublishComments(ctx context.Context, req PublishCommentsRequest) (PublishCommentsResponse, error)
}

// PublishCommentsRequest asks for Parts to become the content of relctl's
// comments on pull request (or issue) Number of Repo. The comments whose
// first line is Marker, or a part marker made from it, are edited in
// place, in order; missing parts are added and surplus old parts deleted.
type PublishCommentsRequest struct {
	Repo   string
	Number int
	Marker string
	Parts  []string
}

// PublishCommentsResponse says what PublishComments did.
type PublishCommentsResponse struct {
	Created, Updated, Unchanged, Deleted int
	// URLs are the links of the comments that now hold the parts, in order.
	URLs []string
}

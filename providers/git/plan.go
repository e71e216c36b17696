package git

import (
	"context"
	"errors"

	"github.com/zclconf/go-cty/cty"

	"github.com/relctl/relctl/providers"
)

// withFact adds f to the plan's facts unless it is empty.
func withFact(resp providers.PlanActionResponse, f providers.Fact) providers.PlanActionResponse {
	if f.Key != "" {
		resp.Facts = append(resp.Facts, f)
	}
	return resp
}

// withSourceFact adds the fact of the remote branch name when the plan
// resolved name there (where is what resolve said), so that apply refuses
// to run if that branch moved since.
func withSourceFact(ctx context.Context, c *clone, resp providers.PlanActionResponse, name, where string) (providers.PlanActionResponse, error) {
	if where != inRemoteBranch {
		return resp, nil
	}
	f, err := refFact(ctx, c, "heads", name)
	if err != nil {
		return resp, err
	}
	resp.Facts = append(resp.Facts, f)
	return resp, nil
}

// settle finishes a plan with the action's current state (st and err from
// its check): a conflict fails the plan, and an action already done is a
// no-op whose description ends in done.
func settle(resp providers.PlanActionResponse, st providers.CheckActionResponse, err error, done string) (providers.PlanActionResponse, error) {
	switch {
	case err != nil:
		return resp, err
	case st.Status == providers.CheckConflict:
		return resp, errors.New(st.Detail)
	case st.Status == providers.CheckDone:
		resp.Operation = providers.OpNoop
		resp.Description += done
	}
	return resp, nil
}

// recordedSHA is the commit an apply recorded in its sha output or, without
// one, the commit that the name from gives resolves to now.
func recordedSHA(ctx context.Context, c *clone, outputs map[string]cty.Value, from func(context.Context, *clone) (string, error)) (string, error) {
	if v, ok := outputs["sha"]; ok && v.IsKnown() && !v.IsNull() {
		return v.AsString(), nil
	}
	name, err := from(ctx, c)
	if err != nil {
		return "", err
	}
	sha, _, err := c.resolve(ctx, name)
	return sha, err
}

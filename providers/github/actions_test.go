package github

import (
	"context"
	"errors"
	"net/http"
	"testing"

	"github.com/google/go-cmp/cmp"
	gh "github.com/google/go-github/v57/github"
	"github.com/zclconf/go-cty/cty"

	"github.com/relctl/relctl/providers"
)

// checkOnly is an action whose check answers st and err.
type checkOnly struct {
	st     providers.CheckActionResponse
	err    error
	checks int
}

func (c *checkOnly) parse(*Provider, string, providers.Args) error { return nil }
func (c *checkOnly) Plan(context.Context, *Provider, providers.PlanActionRequest) (providers.PlanActionResponse, error) {
	return providers.PlanActionResponse{}, nil
}
func (c *checkOnly) Check(context.Context, *Provider, providers.CheckActionRequest) (providers.CheckActionResponse, error) {
	c.checks++
	return c.st, c.err
}
func (c *checkOnly) Apply(context.Context, *Provider, providers.ApplyActionRequest) (providers.ApplyActionResponse, error) {
	return providers.ApplyActionResponse{}, nil
}
func (c *checkOnly) Undo(context.Context, *Provider, providers.UndoActionRequest) (providers.UndoActionResponse, error) {
	return providers.UndoActionResponse{}, nil
}

func TestAdopt(t *testing.T) {
	t.Parallel()
	refused := func(status int) error {
		return &gh.ErrorResponse{Response: &http.Response{StatusCode: status}, Message: "Reference already exists"}
	}
	done := providers.CheckActionResponse{Status: providers.CheckDone,
		Outputs: map[string]cty.Value{"sha": cty.StringVal("abc")}, UndoData: []byte(`{"sha":"abc"}`)}
	tests := map[string]struct {
		err        error
		st         providers.CheckActionResponse
		checkErr   error
		want       providers.ApplyActionResponse
		wantOK     bool
		wantChecks int
	}{
		"exists and check says done": {err: refused(422), st: done, wantOK: true, wantChecks: 1,
			want: providers.ApplyActionResponse{Outputs: done.Outputs, UndoData: done.UndoData}},
		"exists but check says not done": {err: refused(422), st: providers.CheckActionResponse{Status: providers.CheckNotDone}, wantChecks: 1},
		"check fails":                    {err: refused(422), st: done, checkErr: errors.New("boom"), wantChecks: 1},
		"another status is not checked":  {err: refused(http.StatusForbidden), st: done},
		"network error is not checked":   {err: errors.New("connection reset"), st: done},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			act := &checkOnly{st: tc.st, err: tc.checkErr}
			got, ok := adopt(context.Background(), nil, act, tc.err, nil, http.StatusConflict, http.StatusUnprocessableEntity)
			if ok != tc.wantOK || act.checks != tc.wantChecks {
				t.Errorf("adopt: ok %v after %d checks, want %v after %d", ok, act.checks, tc.wantOK, tc.wantChecks)
			}
			if diff := cmp.Diff(tc.want, got, cmp.Comparer(func(a, b cty.Value) bool { return a.RawEquals(b) })); diff != "" {
				t.Errorf("adopt (-want +got):\n%s", diff)
			}
		})
	}
}

package circleci

import (
	"context"
	"net/http"
	"strings"
	"testing"

	"github.com/zclconf/go-cty/cty"

	"github.com/relctl/relctl/providers"
	"github.com/relctl/relctl/providers/circleci/circlecitest"
)

// TestTokenNeverShown runs plan, apply, check and failures with a canary
// token, from the environment or the provider block, and looks for it in
// everything relctl shows or keeps: descriptions, outputs, errors, check
// details, logs (at trace level) and the journal. An error body that
// echoes the token is masked.
func TestTokenNeverShown(t *testing.T) {
	t.Parallel()
	tests := map[string]map[string]cty.Value{
		"token from CIRCLE_TOKEN": nil,
		"token in the block":      {"token": str(canaryToken)},
	}
	for name, config := range tests {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			f := setup(t, slowProject(), config)
			var shown []string
			ctx := context.Background()
			a := releaseArgs(map[string]cty.Value{"timeout": str("20s")})

			plan, err := f.p.PlanAction(ctx, providers.PlanActionRequest{Address: addr, Type: ActionPipeline, Args: a})
			shown = append(shown, plan.Description, errorOf(err))
			f.srv.Inject(circlecitest.Fault{Method: "GET", Status: http.StatusBadGateway, Count: 2, Message: "upstream saw " + canaryToken})
			resp, err := f.apply(ctx, a)
			shown = append(shown, errorOf(err))
			for _, v := range render(resp.Outputs) {
				shown = append(shown, v)
			}
			st := f.check(a, resp.Outputs)
			shown = append(shown, st.Detail)

			f.srv.Inject(circlecitest.Fault{Method: "POST", Status: http.StatusBadRequest, Message: "token " + canaryToken + " is not valid"})
			_, err = f.apply(ctx, args(map[string]cty.Value{"project": str(slug), "branch": str("master")}))
			if !strings.Contains(errorOf(err), "token *** is not valid") {
				t.Errorf("error %q does not show the masked message", err)
			}
			shown = append(shown, errorOf(err), f.logs.String())
			for _, s := range shown {
				if strings.Contains(s, canaryToken) {
					t.Errorf("the token is shown in %q", s)
				}
			}
			if !strings.Contains(f.logs.String(), "retrying CircleCI request") {
				t.Errorf("the log has no retry lines, the test proves little:\n%s", f.logs.String())
			}
			f.wantJournal(1)
		})
	}
}

// TestTokenGoesOnlyToTheAPI: a redirect is not followed, so the
// Circle-Token header never reaches another host.
func TestTokenGoesOnlyToTheAPI(t *testing.T) {
	t.Parallel()
	leaked := make(chan string, 1)
	other := newRecordingServer(t, leaked)
	redirect := http.NewServeMux()
	redirect.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, other+r.URL.Path, http.StatusTemporaryRedirect)
	})
	base := newServer(t, redirect)
	f := setup(t, defaultProject(), map[string]cty.Value{"base_url": str(base + "/api/v2/")})
	_, err := f.apply(context.Background(), releaseArgs(nil))
	if !strings.Contains(errorOf(err), "with 307") {
		t.Errorf("error = %v, want the redirect refused", err)
	}
	select {
	case got := <-leaked:
		t.Errorf("the redirect target received Circle-Token %q", got)
	default:
	}
}

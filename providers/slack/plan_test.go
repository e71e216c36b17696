package slack

import (
	"context"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/zclconf/go-cty/cty"

	"github.com/relctl/relctl/providers"
)

func TestPlan(t *testing.T) {
	t.Parallel()
	tests := map[string]struct {
		attrs map[string]cty.Value
		want  string
	}{
		"channel": {
			attrs: map[string]cty.Value{"channel": str("#releases")},
			want:  `message to #releases: "APIM 3.4.7 is ready for review"`,
		},
		"the webhook's own channel": {
			want: `message to the webhook's channel: "APIM 3.4.7 is ready for review"`,
		},
		"long text on several lines is cut": {
			attrs: map[string]cty.Value{"text": str("APIM 3.4.7 is ready for review.\n\nComponents: gravitee-common 1.20.5, gravitee-gateway 3.4.7, gravitee-management 3.4.7")},
			want:  `message to the webhook's channel: "APIM 3.4.7 is ready for review. Components: gravitee-common 1.20.5, gra…"`,
		},
		"blocks": {
			attrs: map[string]cty.Value{"blocks": str(`[{"type":"divider"}]`)},
			want:  `message to the webhook's channel: "APIM 3.4.7 is ready for review" with blocks`,
		},
		"text known after apply": {
			attrs: map[string]cty.Value{"text": cty.UnknownVal(cty.String), "channel": cty.UnknownVal(cty.String)},
			want:  `message to (known after apply): (known after apply)`,
		},
		"webhook known after apply": {
			attrs: map[string]cty.Value{"webhook_url": cty.UnknownVal(cty.String)},
			want:  `message to the webhook's channel: "APIM 3.4.7 is ready for review"`,
		},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			f := setup(t)
			got, err := f.p.PlanAction(context.Background(), providers.PlanActionRequest{Address: addr, Type: ActionMessage, Args: f.message(tc.attrs)})
			if err != nil {
				t.Fatal(err)
			}
			want := providers.PlanActionResponse{Operation: providers.OpRun, Reversibility: providers.Irreversible, Description: tc.want}
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("plan (-want +got):\n%s", diff)
			}
			if strings.Contains(got.Description, "services") {
				t.Errorf("description shows the webhook: %s", got.Description)
			}
		})
	}
}

func TestPlanErrors(t *testing.T) {
	t.Parallel()
	const secret = "https://hooks.slack.com/services/T0/B0/plan-canary-9d2e"
	tests := map[string]struct {
		attrs   map[string]cty.Value
		typ     string
		wantErr string
	}{
		"webhook is not a URL": {
			attrs:   map[string]cty.Value{"webhook_url": str("hooks.slack.com/services/T0/B0/plan-canary-9d2e")},
			wantErr: "webhook_url is not an http(s) URL with a host (its value is not shown: it is a secret)",
		},
		"webhook does not parse": {
			attrs:   map[string]cty.Value{"webhook_url": str("https://hooks.slack.com/services/%zz/plan-canary-9d2e")},
			wantErr: "webhook_url is not an http(s) URL with a host (its value is not shown: it is a secret)",
		},
		"empty text": {
			attrs:   map[string]cty.Value{"webhook_url": str(secret), "text": str("  ")},
			wantErr: "text is empty",
		},
		"blocks are not an array": {
			attrs:   map[string]cty.Value{"webhook_url": str(secret), "blocks": str(`{"type":"divider"}`)},
			wantErr: "blocks is not a JSON array of Block Kit blocks: json: cannot unmarshal object into Go value of type []map[string]interface {}",
		},
		"unknown action type": {
			typ:     "slack_reaction",
			wantErr: `slack provider has no action type "slack_reaction"`,
		},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			f := setup(t)
			typ := tc.typ
			if typ == "" {
				typ = ActionMessage
			}
			_, err := f.p.PlanAction(context.Background(), providers.PlanActionRequest{Address: addr, Type: typ, Args: f.message(tc.attrs)})
			if diff := cmp.Diff("planning "+addr+": "+tc.wantErr, errorOf(err)); diff != "" {
				t.Errorf("error (-want +got):\n%s", diff)
			}
		})
	}
}

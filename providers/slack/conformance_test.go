package slack

import (
	"testing"

	"github.com/zclconf/go-cty/cty"

	"github.com/relctl/relctl/providers"
	"github.com/relctl/relctl/providers/providertest"
)

// TestConformance puts slack_message through the provider conformance
// suite: one message is posted, the check rests on the recorded outputs,
// and undo is refused.
func TestConformance(t *testing.T) {
	t.Parallel()
	tests := map[string]map[string]cty.Value{
		"text":                 nil,
		"channel and sender":   {"channel": str("#general"), "username": str("relctl"), "icon_emoji": str(":rocket:")},
		"blocks with fallback": {"blocks": str(`[{"type":"section","text":{"type":"mrkdwn","text":"*APIM 3.4.7* is ready"}}]`)},
	}
	for name, extra := range tests {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			f := setup(t)
			providertest.Conformance(t, f.p, providertest.Case{
				Type: ActionMessage, Args: f.message(extra), Reversibility: providers.Irreversible, Unobservable: true,
				Verify: func(t *testing.T, done bool) {
					want := 0
					if done {
						want = 1
					}
					if got := len(f.srv.Messages()); got != want {
						t.Errorf("%d messages posted, want %d", got, want)
					}
				},
			})
		})
	}
}

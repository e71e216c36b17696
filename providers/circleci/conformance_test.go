package circleci

import (
	"testing"

	"github.com/zclconf/go-cty/cty"

	"github.com/relctl/relctl/providers"
	"github.com/relctl/relctl/providers/providertest"
)

// TestConformance puts circleci_pipeline through the provider conformance
// suite against the fake CircleCI: exactly one pipeline is triggered, the
// check adopts it from the recorded outputs, and undo is refused.
func TestConformance(t *testing.T) {
	t.Parallel()
	tests := map[string]cty.Value{
		"wait for the workflows": releaseArgs(nil),
		"without waiting":        releaseArgs(map[string]cty.Value{"wait": cty.False}),
		"tag":                    args(map[string]cty.Value{"project": str(slug), "tag": str("1.20.5")}),
	}
	for name, a := range tests {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			f := setup(t, defaultProject(), nil)
			providertest.Conformance(t, f.p, providertest.Case{
				Type: ActionPipeline, Args: a, Reversibility: providers.Irreversible, Unobservable: true,
				Verify: func(t *testing.T, done bool) {
					want := 0
					if done {
						want = 1
					}
					if got := f.triggered(); got != want {
						t.Errorf("%d pipelines triggered, want %d", got, want)
					}
				},
			})
		})
	}
}

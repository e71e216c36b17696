package views

import (
	"bytes"
	"testing"

	"github.com/sebdah/goldie/v2"

	"github.com/relctl/relctl/planner/plan"
)

// newGolden pins renderings under testdata/<TestName>/<case>.golden.
func newGolden(t *testing.T) *goldie.Goldie {
	t.Helper()
	return goldie.New(t, goldie.WithFixtureDir("testdata"), goldie.WithTestNameForDir(true))
}

func TestWritePlan(t *testing.T) {
	t.Parallel()
	tests := map[string]struct {
		plan *plan.Plan
		opts Options
	}{
		"quickstart": {plan: quickstartPlan(), opts: Options{PlanPath: "plan.out"}},
		"multiwave":  {plan: apimPlan(), opts: Options{PlanPath: "plan.out"}},
		"cascade":    {plan: cascadePlan()},
		"unknown":    {plan: unknownPlan()},
		"noop":       {plan: noopPlan()},
		"all_done":   {plan: allDonePlan(), opts: Options{PlanPath: "plan.out"}},
		"warnings":   {plan: warningsPlan()},
		"empty":      {plan: emptyPlan()},
		"color":      {plan: apimPlan(), opts: Options{Color: true, PlanPath: "out dir/plan.out"}},
		"narrow":     {plan: apimPlan(), opts: Options{Width: 80}},
		"hostile":    {plan: hostilePlan()},
		"disabled":   {plan: disabledPlan(), opts: Options{PlanPath: "plan.out"}},
		"notes":      {plan: notesPlan()},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			var buf bytes.Buffer
			if err := WritePlan(&buf, tc.plan, tc.opts); err != nil {
				t.Fatal(err)
			}
			newGolden(t).Assert(t, name, buf.Bytes())
		})
	}
}

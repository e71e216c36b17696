package views

import (
	"bytes"
	"testing"

	"github.com/relctl/relctl/planner/plan"
)

const testMarker = "<!-- relctl:plan -->"

func TestWritePlanMarkdown(t *testing.T) {
	t.Parallel()
	tests := map[string]struct {
		plan *plan.Plan
		opts MarkdownOptions
	}{
		"quickstart": {plan: quickstartPlan(), opts: MarkdownOptions{PlanPath: "plan.out", Marker: testMarker}},
		"multiwave":  {plan: apimPlan(), opts: MarkdownOptions{PlanPath: "plans/apim 3.4.7.out", Marker: testMarker}},
		"cascade":    {plan: cascadePlan(), opts: MarkdownOptions{Marker: testMarker}},
		"unknown":    {plan: unknownPlan()},
		"noop":       {plan: noopPlan(), opts: MarkdownOptions{Marker: testMarker}},
		"all_done":   {plan: allDonePlan(), opts: MarkdownOptions{Marker: testMarker}},
		"warnings":   {plan: warningsPlan(), opts: MarkdownOptions{Marker: testMarker}},
		"empty":      {plan: emptyPlan(), opts: MarkdownOptions{Marker: testMarker}},
		"hostile":    {plan: hostilePlan(), opts: MarkdownOptions{Marker: testMarker}},
		"disabled":   {plan: disabledPlan(), opts: MarkdownOptions{PlanPath: "plan.out", Marker: testMarker}},
		"notes":      {plan: notesPlan(), opts: MarkdownOptions{Marker: testMarker}},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			var buf bytes.Buffer
			if err := WritePlanMarkdown(&buf, tc.plan, tc.opts); err != nil {
				t.Fatal(err)
			}
			newGolden(t).Assert(t, name, buf.Bytes())
		})
	}
}

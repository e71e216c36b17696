package views

import (
	"bytes"
	"encoding/json"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/relctl/relctl/planner/plan"
)

func TestWritePlanJSON(t *testing.T) {
	t.Parallel()
	tests := map[string]*plan.Plan{
		"multiwave": apimPlan(),
		"unknown":   unknownPlan(),
		"empty":     emptyPlan(),
		"hostile":   hostilePlan(),
		"disabled":  disabledPlan(),
		"notes":     notesPlan(),
	}
	for name, p := range tests {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			var buf bytes.Buffer
			if err := WritePlanJSON(&buf, p); err != nil {
				t.Fatal(err)
			}
			newGolden(t).Assert(t, name, buf.Bytes())

			var back plan.Plan
			if err := json.Unmarshal(buf.Bytes(), &back); err != nil {
				t.Fatalf("output is not JSON: %v", err)
			}
			if diff := cmp.Diff(p, &back, compactJSON); diff != "" {
				t.Errorf("JSON does not round-trip to the same plan (-want +got):\n%s", diff)
			}
		})
	}
}

// compactJSON compares raw JSON values by content, not layout.
var compactJSON = cmp.Transformer("compact", func(r json.RawMessage) string {
	var b bytes.Buffer
	if err := json.Compact(&b, r); err != nil {
		return "invalid: " + string(r)
	}
	return b.String()
})

// The plan `show -json` prints is byte for byte the saved plan file.
func TestWritePlanJSONMatchesPlanFile(t *testing.T) {
	t.Parallel()
	p := apimPlan()
	file, err := plan.Encode(p)
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := WritePlanJSON(&buf, p); err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(string(file), buf.String()); diff != "" {
		t.Errorf("show -json differs from the plan file (-file +show):\n%s", diff)
	}
}

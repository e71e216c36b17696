package views

import (
	"bytes"
	"io"
	"testing"

	"github.com/relctl/relctl/planner/plan"
)

func TestWriteGraph(t *testing.T) {
	t.Parallel()
	plans := map[string]*plan.Plan{
		"quickstart": quickstartPlan(),
		"multiwave":  apimPlan(),
		"noop":       noopPlan(),
		"empty":      emptyPlan(),
		"hostile":    hostilePlan(),
		"dangling":   danglingPlan(),
		"disabled":   disabledPlan(),
	}
	formats := map[string]func(io.Writer, *plan.Plan) error{
		"dot":     WriteGraphDot,
		"mermaid": WriteGraphMermaid,
	}
	for name, p := range plans {
		for format, write := range formats {
			t.Run(name+"_"+format, func(t *testing.T) {
				t.Parallel()
				var buf bytes.Buffer
				if err := write(&buf, p); err != nil {
					t.Fatal(err)
				}
				newGolden(t).Assert(t, name+"_"+format, buf.Bytes())
			})
		}
	}
}

// danglingPlan has an action that depends on an address the plan lacks.
func danglingPlan() *plan.Plan {
	p := unknownPlan()
	p.Actions[0].DependsOn = []string{"stage.gone.exec.x"}
	return p
}

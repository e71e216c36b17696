package views

import (
	"encoding/json"
	"fmt"
	"io"

	"github.com/relctl/relctl/planner/plan"
)

// WritePlanJSON writes the plan's documented JSON model (SPEC §6), the
// same document the plan file holds: indented by two spaces, fields in
// the model's order, without HTML escaping, ending with a newline.
func WritePlanJSON(w io.Writer, p *plan.Plan) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	if err := enc.Encode(p); err != nil {
		return fmt.Errorf("writing plan as JSON: %w", err)
	}
	return nil
}

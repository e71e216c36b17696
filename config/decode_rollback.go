package config

import (
	"fmt"

	"github.com/hashicorp/hcl/v2"
)

// Rollback is a rollback block, in the relctl block (every stage) or in a
// stage (that stage, overriding the relctl block's), in the way a
// Terraform lifecycle block sits in the resource it governs:
//
//	rollback {
//	  via_pull_request = true
//	}
type Rollback struct {
	// ViaPullRequest proposes the changes that compensate what a merged
	// pull request brought to its base branch (the revert of release.json)
	// as a pull request for review, instead of committing them.
	ViaPullRequest bool
	DeclRange      hcl.Range
}

var rollbackSchema = &hcl.BodySchema{
	Attributes: []hcl.AttributeSchema{{Name: "via_pull_request"}},
}

// rollbackBlock is the header schema of the rollback block.
var rollbackBlock = hcl.BlockHeaderSchema{Type: "rollback"}

// decodeRollback reads the rollback block of a relctl or stage block;
// nil when there is none.
func decodeRollback(blocks hcl.Blocks) (*Rollback, hcl.Diagnostics) {
	var r *Rollback
	var diags hcl.Diagnostics
	for _, b := range blocks.OfType("rollback") {
		if r != nil {
			diags = append(diags, &hcl.Diagnostic{
				Severity: hcl.DiagError,
				Summary:  "Duplicate rollback block",
				Detail:   fmt.Sprintf("A block has at most one rollback block; the first is at %s. Merge their settings into it.", r.DeclRange),
				Subject:  b.DefRange.Ptr(),
			})
			continue
		}
		content, d := b.Body.Content(rollbackSchema)
		diags = append(diags, d...)
		r = &Rollback{DeclRange: b.DefRange}
		if a, ok := content.Attributes["via_pull_request"]; ok {
			v, d := literalBool(a)
			diags = append(diags, d...)
			r.ViaPullRequest = v
		}
	}
	return r, diags
}

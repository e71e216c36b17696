package planner

import (
	"fmt"
	"path/filepath"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/zclconf/go-cty/cty"

	"github.com/relctl/relctl/config"
	"github.com/relctl/relctl/planner/funcs"
)

// validateCalls checks every function call of the configuration: the
// function exists, and a file() call with a constant path stays inside
// the configuration directory.
func validateCalls(cfg *config.Config) hcl.Diagnostics {
	known := funcs.Functions(cfg.Dir, func(string) string { return "" })
	names := make([]string, 0, len(known))
	for n := range known {
		names = append(names, n)
	}
	var diags hcl.Diagnostics
	for _, call := range cfg.Calls {
		if _, ok := known[call.Name]; !ok {
			d := &hcl.Diagnostic{
				Severity: hcl.DiagError,
				Summary:  "Call to unknown function",
				Detail:   fmt.Sprintf("There is no function named %q.", call.Name),
				Subject:  call.NameRange.Ptr(),
			}
			if s := config.Suggest(call.Name, names); s != "" {
				d.Detail += fmt.Sprintf(" Did you mean %q?", s)
			}
			diags = append(diags, d)
			continue
		}
		if call.Name == "file" && len(call.Args) == 1 {
			diags = append(diags, checkFileArg(call.Args[0])...)
		}
	}
	return diags
}

func checkFileArg(arg hclsyntax.Expression) hcl.Diagnostics {
	if len(arg.Variables()) > 0 {
		return nil
	}
	v, d := arg.Value(nil)
	if d.HasErrors() || !v.IsKnown() || v.IsNull() || !v.Type().Equals(cty.String) {
		return nil
	}
	if p := v.AsString(); !filepath.IsLocal(p) {
		return hcl.Diagnostics{{
			Severity: hcl.DiagError,
			Summary:  "File outside the configuration directory",
			Detail:   fmt.Sprintf("file(%q) reads outside the configuration directory; file() may only read files inside it.", p),
			Subject:  arg.Range().Ptr(),
		}}
	}
	return nil
}

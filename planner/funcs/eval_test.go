package funcs

import (
	"strings"
	"testing"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/zclconf/go-cty/cty"
)

// testEnv is the environment the tests evaluate env() against.
var testEnv = map[string]string{
	"GITHUB_TOKEN": "ghp_canary0123456789",
	"RELEASE":      "3.4.7",
	"EMPTY":        "",
}

func testGetenv(name string) string { return testEnv[name] }

// eval evaluates an HCL expression with the functions of dir, the way the
// planner does, and returns the value or the diagnostics as one string.
func eval(t *testing.T, dir, src string) (cty.Value, string) {
	t.Helper()
	expr, diags := hclsyntax.ParseExpression([]byte(src), "test.rel.hcl", hcl.InitialPos)
	if diags.HasErrors() {
		t.Fatalf("parsing %s: %s", src, diags.Error())
	}
	ctx := &hcl.EvalContext{
		Variables: map[string]cty.Value{
			"var": cty.ObjectVal(map[string]cty.Value{"token": cty.StringVal("s3cret").Mark(SensitiveMark)}),
		},
		Functions: Functions(dir, testGetenv),
	}
	v, diags := expr.Value(ctx)
	return v, diagText(diags)
}

// diagText renders diagnostics as "Summary: Detail" lines.
func diagText(diags hcl.Diagnostics) string {
	lines := make([]string, len(diags))
	for i, d := range diags {
		lines[i] = d.Summary + ": " + d.Detail
	}
	return strings.Join(lines, "\n")
}

package funcs

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/zclconf/go-cty/cty"
	"github.com/zclconf/go-cty/cty/function"
	"github.com/zclconf/go-cty/cty/function/stdlib"
)

// TestSensitiveErrorsAreRedacted checks that a failing call on a value
// from the environment (or any sensitive value) does not print the value,
// while the same failure on a plain value keeps its useful message.
func TestSensitiveErrorsAreRedacted(t *testing.T) {
	t.Parallel()
	const hidden = `Invalid value for "%s" parameter: ` + redactedDetail + `.`
	tests := map[string]struct {
		expr     string
		wantDiag string
	}{
		"tonumber":          {`tonumber(env("GITHUB_TOKEN"))`, `Invalid function argument: ` + strings.ReplaceAll(hidden, "%s", "v")},
		"tobool":            {`tobool(env("GITHUB_TOKEN"))`, `Invalid function argument: ` + strings.ReplaceAll(hidden, "%s", "v")},
		"parseint":          {`parseint(env("GITHUB_TOKEN"), 10)`, `Invalid function argument: ` + strings.ReplaceAll(hidden, "%s", "number")},
		"semver_bump":       {`semver_bump(env("GITHUB_TOKEN"), "patch")`, `Invalid function argument: ` + strings.ReplaceAll(hidden, "%s", "version")},
		"sensitive var":     {`tonumber(var.token)`, `Invalid function argument: ` + strings.ReplaceAll(hidden, "%s", "v")},
		"deep in an object": {`tomap({a = env("GITHUB_TOKEN"), b = [1]})`, `Invalid function argument: ` + strings.ReplaceAll(hidden, "%s", "v")},
		"nested in a list":  {`jsondecode(join("", [env("GITHUB_TOKEN")]))`, `Error in function call: Call to function "jsondecode" failed: ` + redactedDetail + `.`},
		"plain stays clear": {`tonumber("ghp_plain")`,
			`Invalid function argument: Invalid value for "v" parameter: cannot convert "ghp_plain" to number; given string must be a decimal representation of a number.`},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			_, diags := eval(t, t.TempDir(), tc.expr)
			if diff := cmp.Diff(tc.wantDiag, diags); diff != "" {
				t.Errorf("diagnostics (-want +got):\n%s", diff)
			}
			for _, secret := range []string{testEnv["GITHUB_TOKEN"], "s3cret"} {
				if strings.Contains(diags, secret) {
					t.Errorf("diagnostic reveals a secret: %s", diags)
				}
			}
		})
	}
}

// TestRedactErrorsIsTransparent checks that the wrapper returns what the
// wrapped function returns for unknown, null, dynamic and marked arguments.
func TestRedactErrorsIsTransparent(t *testing.T) {
	t.Parallel()
	tests := map[string]struct {
		fn   function.Function
		args []cty.Value
	}{
		"unknown string":  {stdlib.UpperFunc, []cty.Value{cty.UnknownVal(cty.String)}},
		"dynamic":         {stdlib.UpperFunc, []cty.Value{cty.DynamicVal}},
		"null":            {stdlib.UpperFunc, []cty.Value{cty.NullVal(cty.String)}},
		"marked":          {stdlib.UpperFunc, []cty.Value{cty.StringVal("x").Mark(SensitiveMark)}},
		"variadic":        {stdlib.JoinFunc, []cty.Value{cty.StringVal("-"), cty.ListVal([]cty.Value{cty.StringVal("a")}), cty.ListVal([]cty.Value{cty.UnknownVal(cty.String)})}},
		"null allowed":    {coalesceFunc, []cty.Value{cty.NullVal(cty.String), cty.StringVal("x")}},
		"unknown allowed": {lengthFunc, []cty.Value{cty.UnknownVal(cty.List(cty.String))}},
		"type conversion": {stdlib.UpperFunc, []cty.Value{cty.NumberIntVal(3)}},
		"wrong type":      {stdlib.UpperFunc, []cty.Value{cty.ListValEmpty(cty.String)}},
		"semver unknown":  {semverBumpFunc, []cty.Value{cty.UnknownVal(cty.String), cty.StringVal("patch")}},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			want, wantErr := tc.fn.Call(tc.args)
			got, gotErr := redactErrors(tc.fn).Call(tc.args)
			if diff := cmp.Diff(errString(wantErr), errString(gotErr)); diff != "" {
				t.Fatalf("error (-direct +wrapped):\n%s", diff)
			}
			if wantErr == nil && !got.RawEquals(want) {
				t.Errorf("wrapped = %#v, direct = %#v", got, want)
			}
		})
	}
}

func errString(err error) string {
	if err == nil {
		return ""
	}
	return err.Error()
}

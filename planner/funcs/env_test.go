package funcs

import (
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/zclconf/go-cty/cty"
)

func TestEnv(t *testing.T) {
	t.Parallel()
	tests := map[string]struct {
		expr     string
		want     cty.Value
		wantDiag string
	}{
		"set":           {expr: `env("RELEASE")`, want: cty.StringVal("3.4.7").Mark(SensitiveMark)},
		"unset":         {expr: `env("NOT_SET")`, want: cty.StringVal("").Mark(SensitiveMark)},
		"set but empty": {expr: `env("EMPTY")`, want: cty.StringVal("").Mark(SensitiveMark)},
		"mark survives a function": {expr: `upper(env("GITHUB_TOKEN"))`,
			want: cty.StringVal("GHP_CANARY0123456789").Mark(SensitiveMark)},
		"mark survives a template": {expr: `"token ${env("GITHUB_TOKEN")}"`,
			want: cty.StringVal("token ghp_canary0123456789").Mark(SensitiveMark)},
		"default for unset": {expr: `coalesce(env("NOT_SET"), "fallback")`,
			want: cty.StringVal("fallback").Mark(SensitiveMark)},
		"empty name": {expr: `env("")`,
			wantDiag: `Invalid function argument: Invalid value for "name" parameter: environment variable name must not be empty.`},
		"not a string": {expr: `env(["A"])`,
			wantDiag: `Invalid function argument: Invalid value for "name" parameter: string required, but have tuple.`},
		"no argument": {expr: `env()`,
			wantDiag: `Not enough function arguments: Function "env" expects 1 argument(s). Missing value for "name".`},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			got, diags := eval(t, t.TempDir(), tc.expr)
			if diff := cmp.Diff(tc.wantDiag, diags); diff != "" {
				t.Fatalf("diagnostics (-want +got):\n%s", diff)
			}
			if tc.wantDiag == "" && !got.RawEquals(tc.want) {
				t.Errorf("%s = %#v, want %#v", tc.expr, got, tc.want)
			}
		})
	}
}

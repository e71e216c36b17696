package funcs

import (
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/zclconf/go-cty/cty"
)

func TestSemverCompare(t *testing.T) {
	t.Parallel()
	tests := map[string]struct {
		expr     string
		want     int64
		wantDiag string
	}{
		"less":                 {expr: `semver_compare("1.2.3", "1.2.4")`, want: -1},
		"equal":                {expr: `semver_compare("1.2.3", "1.2.3")`, want: 0},
		"greater":              {expr: `semver_compare("1.10.0", "1.9.9")`, want: 1},
		"prerelease first":     {expr: `semver_compare("1.0.0-rc.1", "1.0.0")`, want: -1},
		"numeric identifiers":  {expr: `semver_compare("1.0.0-beta.11", "1.0.0-beta.2")`, want: 1},
		"alpha before alpha.1": {expr: `semver_compare("1.0.0-alpha", "1.0.0-alpha.1")`, want: -1},
		"build ignored":        {expr: `semver_compare("1.0.0+a", "1.0.0+b")`, want: 0},
		"in a condition":       {expr: `semver_compare("2.0.0", "1.9.0") > 0 ? 1 : 0`, want: 1},
		"invalid first": {expr: `semver_compare("1.0", "1.0.0")`,
			wantDiag: `Invalid function argument: Invalid value for "a" parameter: invalid semver version "1.0": "1.0" has 2 dot-separated numbers, not 3; expected MAJOR.MINOR.PATCH[-PRERELEASE][+BUILD], e.g. 1.4.2 or 2.0.0-rc.1.`},
		"invalid second": {expr: `semver_compare("1.0.0", "1.0.0-SNAPSHOT.01")`,
			wantDiag: `Invalid function argument: Invalid value for "b" parameter: invalid semver version "1.0.0-SNAPSHOT.01": prerelease identifier "01" has a leading zero; expected MAJOR.MINOR.PATCH[-PRERELEASE][+BUILD], e.g. 1.4.2 or 2.0.0-rc.1.`},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			got, diags := eval(t, t.TempDir(), tc.expr)
			if diff := cmp.Diff(tc.wantDiag, diags); diff != "" {
				t.Fatalf("diagnostics (-want +got):\n%s", diff)
			}
			if tc.wantDiag == "" && !got.RawEquals(cty.NumberIntVal(tc.want)) {
				t.Errorf("%s = %#v, want %d", tc.expr, got, tc.want)
			}
		})
	}
}

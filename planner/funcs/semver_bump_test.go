package funcs

import (
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/zclconf/go-cty/cty"
)

func TestSemverBump(t *testing.T) {
	t.Parallel()
	tests := map[string]struct {
		expr     string
		want     string
		wantDiag string
	}{
		"patch":               {expr: `semver_bump("1.2.3", "patch")`, want: "1.2.4"},
		"minor":               {expr: `semver_bump("1.2.3", "minor")`, want: "1.3.0"},
		"major":               {expr: `semver_bump("1.2.3", "major")`, want: "2.0.0"},
		"prerelease":          {expr: `semver_bump("1.2.3", "prerelease")`, want: "1.2.4-rc.1"},
		"prerelease again":    {expr: `semver_bump("1.2.4-rc.1", "prerelease")`, want: "1.2.4-rc.2"},
		"final of prerelease": {expr: `semver_bump("1.2.4-rc.2", "patch")`, want: "1.2.4"},
		"build dropped":       {expr: `semver_bump("1.2.3+sha.5114f85", "patch")`, want: "1.2.4"},
		"chained":             {expr: `semver_bump(semver_bump("0.9.7", "minor"), "major")`, want: "1.0.0"},
		"in a template":       {expr: `"v${semver_bump("1.2.3", "minor")}"`, want: "v1.3.0"},
		"invalid version": {expr: `semver_bump("1.2", "patch")`,
			wantDiag: `Invalid function argument: Invalid value for "version" parameter: invalid semver version "1.2": "1.2" has 2 dot-separated numbers, not 3; expected MAJOR.MINOR.PATCH[-PRERELEASE][+BUILD], e.g. 1.4.2 or 2.0.0-rc.1.`},
		"unknown part": {expr: `semver_bump("1.2.3", "micro")`,
			wantDiag: `Invalid function argument: Invalid value for "part" parameter: part "micro" must be one of major, minor, patch, prerelease.`},
		"snapshot is maven only": {expr: `semver_bump("1.2.3", "snapshot")`,
			wantDiag: `Invalid function argument: Invalid value for "part" parameter: part "snapshot" must be one of major, minor, patch, prerelease.`},
		"number argument": {expr: `semver_bump(1, "patch")`,
			wantDiag: `Invalid function argument: Invalid value for "version" parameter: invalid semver version "1": "1" has 1 dot-separated numbers, not 3; expected MAJOR.MINOR.PATCH[-PRERELEASE][+BUILD], e.g. 1.4.2 or 2.0.0-rc.1.`},
		"overflow": {expr: `semver_bump("9223372036854775807.0.0", "major")`,
			wantDiag: `Error in function call: Call to function "semver_bump" failed: bumping major of 9223372036854775807.0.0: major 9223372036854775807 is too large to increment.`},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			got, diags := eval(t, t.TempDir(), tc.expr)
			if diff := cmp.Diff(tc.wantDiag, diags); diff != "" {
				t.Fatalf("diagnostics (-want +got):\n%s", diff)
			}
			if tc.wantDiag == "" && !got.RawEquals(cty.StringVal(tc.want)) {
				t.Errorf("%s = %#v, want %q", tc.expr, got, tc.want)
			}
		})
	}
}

func TestSemverBumpUnknown(t *testing.T) {
	t.Parallel()
	got, err := Functions(t.TempDir(), testGetenv)["semver_bump"].Call([]cty.Value{cty.UnknownVal(cty.String), cty.StringVal("patch")})
	if err != nil {
		t.Fatalf("semver_bump(unknown, patch): %v", err)
	}
	if got.IsKnown() || got.Type() != cty.String {
		t.Errorf("semver_bump(unknown, patch) = %#v, want an unknown string", got)
	}
}

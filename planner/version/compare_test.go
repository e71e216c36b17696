package version

import (
	"testing"
)

// TestCompareOrder checks every pair of each list, which must be strictly
// increasing: Compare(a, b) is -1 before, +1 after and 0 on the diagonal.
func TestCompareOrder(t *testing.T) {
	t.Parallel()
	tests := map[string]struct {
		scheme  Scheme
		ordered []string
	}{
		// SemVer 2.0 §11 example, then core and numeric-identifier cases.
		"semver spec precedence example": {SemVer, []string{
			"1.0.0-alpha", "1.0.0-alpha.1", "1.0.0-alpha.beta", "1.0.0-beta",
			"1.0.0-beta.2", "1.0.0-beta.11", "1.0.0-rc.1", "1.0.0",
		}},
		"semver core numeric not lexical": {SemVer, []string{
			"0.0.0", "0.0.1", "0.0.9", "0.0.10", "0.1.0", "0.9.99", "0.10.0", "1.0.0", "2.0.0", "10.0.0", "11.0.0",
		}},
		"semver numeric below alphanumeric": {SemVer, []string{
			"1.0.0-0", "1.0.0-1", "1.0.0-2", "1.0.0-10", "1.0.0-99999999999999999999999", "1.0.0--", "1.0.0-0a", "1.0.0-A", "1.0.0-a",
		}},
		"semver longer prerelease later": {SemVer, []string{
			"1.2.4-rc", "1.2.4-rc.1", "1.2.4-rc.1.0", "1.2.4-rc.2", "1.2.4", "1.2.5-alpha",
		}},
		"maven snapshot before release": {Maven, []string{
			"1.2.3-SNAPSHOT", "1.2.3", "1.2.4-SNAPSHOT", "1.2.4", "1.10.0-SNAPSHOT", "1.10.0", "2.0.0-SNAPSHOT",
		}},
		"calver by fields": {CalVer, []string{
			"2023.12.0", "2023.12.9", "2023.12.10", "2024.01.0", "2024.02.3", "2024.10.0", "2025.01.0",
		}},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			vs := make([]Version, len(tc.ordered))
			for i, s := range tc.ordered {
				vs[i] = MustParse(tc.scheme, s)
			}
			for i := range vs {
				for j := range vs {
					want := 0
					if i < j {
						want = -1
					} else if i > j {
						want = 1
					}
					if got := Compare(vs[i], vs[j]); got != want {
						t.Errorf("Compare(%s, %s) = %d, want %d", vs[i], vs[j], got, want)
					}
				}
			}
		})
	}
}

func TestCompareEqual(t *testing.T) {
	t.Parallel()
	tests := map[string]struct {
		scheme Scheme
		a, b   string
	}{
		"build metadata ignored":      {SemVer, "1.0.0+build.1", "1.0.0+build.2"},
		"build against none":          {SemVer, "1.0.0-rc.1+x", "1.0.0-rc.1"},
		"identical maven snapshot":    {Maven, "1.2.3-SNAPSHOT", "1.2.3-SNAPSHOT"},
		"identical calver":            {CalVer, "2024.03.4", "2024.03.4"},
		"semver identical prerelease": {SemVer, "1.0.0-alpha.1", "1.0.0-alpha.1"},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			a, b := MustParse(tc.scheme, tc.a), MustParse(tc.scheme, tc.b)
			if got := Compare(a, b); got != 0 {
				t.Errorf("Compare(%s, %s) = %d, want 0", a, b, got)
			}
		})
	}
}

func TestCompareAcrossSchemesIsTotal(t *testing.T) {
	t.Parallel()
	m, s := MustParse(Maven, "1.0.0"), MustParse(SemVer, "1.0.0")
	if Compare(m, s) != -Compare(s, m) || Compare(m, s) == 0 {
		t.Errorf("Compare(maven 1.0.0, semver 1.0.0) = %d and reverse %d, want opposite non-zero results", Compare(m, s), Compare(s, m))
	}
}

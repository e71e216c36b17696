package version

import (
	"math"
	"testing"
)

// FuzzParseSemver checks that parsing never panics, that a parsed version
// prints back exactly as written, and that ordering is reflexive and
// consistent with a bump.
func FuzzParseSemver(f *testing.F) {
	for _, s := range []string{
		"1.2.3", "0.0.0", "1.0.0-alpha", "1.0.0-alpha.1", "1.0.0-0.3.7", "1.0.0-x.7.z.92",
		"1.0.0+20130313144700", "1.0.0-beta+exp.sha.5114f85", "1.0.0-x-y-z.--", "01.2.3",
		"1.2", "1.2.3-", "1.2.3+", "1.2.3-rc.01", "99999999999999999999.0.0", "v1.2.3", "",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		v, err := Parse(SemVer, s)
		if err != nil {
			return
		}
		if got := v.String(); got != s {
			t.Fatalf("Parse(%q).String() = %q", s, got)
		}
		again, err := Parse(SemVer, v.String())
		if err != nil || Compare(v, again) != 0 {
			t.Fatalf("re-parsing %q: %v, compare %d", s, err, Compare(v, again))
		}
		for _, part := range []string{BumpMajor, BumpMinor, BumpPatch, BumpPrerelease} {
			next, err := Bump(v, part, "")
			if err != nil {
				continue
			}
			if Compare(next, v) <= 0 {
				t.Fatalf("Bump(%q, %s) = %s does not follow it", s, part, next)
			}
		}
	})
}

// FuzzParseMavenCalVer checks the same round trip for the maven and calver
// schemes, whose versions come from manifests and tags written by hand.
func FuzzParseMavenCalVer(f *testing.F) {
	for _, s := range []string{"1.20.5", "3.10.15-SNAPSHOT", "1.2.3-RC1", "2024.03.0", "2024.3.0", "2024.13.1", "0999.01.0"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		for _, scheme := range []Scheme{Maven, CalVer} {
			v, err := Parse(scheme, s)
			if err != nil {
				continue
			}
			if got := v.String(); got != s {
				t.Fatalf("Parse(%s, %q).String() = %q", scheme, s, got)
			}
			// A patch release and its next SNAPSHOT need two more patch numbers.
			if scheme == Maven && v.Patch() < math.MaxInt-1 {
				if _, err := Compute(Strategy{Scheme: Maven, Bump: BumpPatch}, s, march2024); err != nil {
					t.Fatalf("Compute(maven patch, %q): %v", s, err)
				}
			}
		}
	})
}

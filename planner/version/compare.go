package version

import (
	"cmp"
	"strings"
)

// Compare returns -1, 0 or +1 as a precedes, equals or follows b.
//
// Numbers compare numerically, major first (calver: year, month, micro).
// A version with prerelease identifiers precedes the same version without
// (semver 1.0.0-rc.1 < 1.0.0, maven 1.2.3-SNAPSHOT < 1.2.3). Prerelease
// identifiers compare as SemVer 2.0 §11 says: numeric ones numerically and
// below alphanumeric ones, alphanumeric ones in ASCII order, and a shorter
// list first when all its identifiers are equal. Build metadata is ignored.
// Versions of different schemes, which callers should not mix, order by
// scheme name so that the result is still a total order.
func Compare(a, b Version) int {
	if c := strings.Compare(string(a.Scheme()), string(b.Scheme())); c != 0 {
		return c
	}
	if c := cmp.Compare(a.major, b.major); c != 0 {
		return c
	}
	if c := cmp.Compare(a.minor, b.minor); c != 0 {
		return c
	}
	if c := cmp.Compare(a.patch, b.patch); c != 0 {
		return c
	}
	return comparePrerelease(a.pre, b.pre)
}

func comparePrerelease(a, b []string) int {
	switch {
	case len(a) == 0 && len(b) == 0:
		return 0
	case len(a) == 0:
		return 1
	case len(b) == 0:
		return -1
	}
	for i := 0; i < len(a) && i < len(b); i++ {
		if c := compareIdentifier(a[i], b[i]); c != 0 {
			return c
		}
	}
	return cmp.Compare(len(a), len(b))
}

func compareIdentifier(a, b string) int {
	an, bn := allDigits(a), allDigits(b)
	switch {
	case an && bn:
		// Without leading zeros, a longer numeral is a larger number; this
		// also orders numerals too large for an int.
		if c := cmp.Compare(len(a), len(b)); c != 0 {
			return c
		}
		return strings.Compare(a, b)
	case an:
		return -1
	case bn:
		return 1
	default:
		return strings.Compare(a, b)
	}
}

package version

import (
	"fmt"
	"strings"
)

// Scheme names a versioning scheme.
type Scheme string

const (
	// SemVer is Semantic Versioning 2.0: MAJOR.MINOR.PATCH[-PRERELEASE][+BUILD].
	SemVer Scheme = "semver"
	// Maven is MAJOR.MINOR.PATCH for releases and MAJOR.MINOR.PATCH-SNAPSHOT
	// for development versions.
	Maven Scheme = "maven"
	// CalVer is YYYY.0M.MICRO: the release's year and zero-padded month and a
	// counter that restarts at 0 every month.
	CalVer Scheme = "calver"
)

// Schemes lists every scheme, in the order the documentation gives them.
var Schemes = []Scheme{SemVer, Maven, CalVer}

// ParseScheme returns the scheme named s.
func ParseScheme(s string) (Scheme, error) {
	for _, sc := range Schemes {
		if s == string(sc) {
			return sc, nil
		}
	}
	return "", fmt.Errorf("%w %q: want one of %s", ErrUnknownScheme, s, schemeList())
}

func schemeList() string {
	names := make([]string, len(Schemes))
	for i, sc := range Schemes {
		names[i] = string(sc)
	}
	return strings.Join(names, ", ")
}

// form is the expected shape of a version of the scheme, for error messages.
func (s Scheme) form() string {
	switch s {
	case Maven:
		return "MAJOR.MINOR.PATCH or MAJOR.MINOR.PATCH-SNAPSHOT, e.g. 1.20.5 or 1.20.6-SNAPSHOT"
	case CalVer:
		return "YYYY.0M.MICRO, e.g. 2024.03.0"
	default:
		return "MAJOR.MINOR.PATCH[-PRERELEASE][+BUILD], e.g. 1.4.2 or 2.0.0-rc.1"
	}
}

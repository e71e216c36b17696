package version

import (
	"fmt"
	"strings"
)

// Version is a parsed version of one scheme. The zero value is the semver
// version 0.0.0. For calver, Major is the year, Minor the month and Patch
// the micro counter. For maven, a development version has the single
// prerelease identifier SNAPSHOT.
type Version struct {
	scheme              Scheme
	major, minor, patch int
	pre                 []string // dot-separated prerelease identifiers
	build               string   // semver build metadata, without '+'
}

// Parse reads s as a version of the scheme. The error (a *ParseError)
// quotes s and gives the expected form.
func Parse(scheme Scheme, s string) (Version, error) {
	switch scheme {
	case SemVer:
		return parseSemVer(s)
	case Maven:
		return parseMaven(s)
	case CalVer:
		return parseCalVer(s)
	default:
		return Version{}, fmt.Errorf("parsing version %q: %w %q: want one of %s", s, ErrUnknownScheme, scheme, schemeList())
	}
}

// MustParse is Parse for literals known to be valid; it panics otherwise.
func MustParse(scheme Scheme, s string) Version {
	v, err := Parse(scheme, s)
	if err != nil {
		panic(err)
	}
	return v
}

// Scheme returns the scheme the version was parsed as.
func (v Version) Scheme() Scheme {
	if v.scheme == "" {
		return SemVer
	}
	return v.scheme
}

// Major returns the major number (calver: the year).
func (v Version) Major() int { return v.major }

// Minor returns the minor number (calver: the month).
func (v Version) Minor() int { return v.minor }

// Patch returns the patch number (calver: the micro counter).
func (v Version) Patch() int { return v.patch }

// Prerelease returns the prerelease identifiers joined by dots, "" if none.
// A maven development version's prerelease is "SNAPSHOT".
func (v Version) Prerelease() string { return strings.Join(v.pre, ".") }

// Build returns the semver build metadata without '+', "" if none.
func (v Version) Build() string { return v.build }

// IsDevelopment tells whether v is a development version (maven
// X.Y.Z-SNAPSHOT). Semver prereleases are releases, so it is false for them.
func (v Version) IsDevelopment() bool { return v.scheme == Maven && len(v.pre) > 0 }

// String prints the version in its scheme's canonical form; for a parsed
// version that is exactly the string it was parsed from.
func (v Version) String() string {
	var b strings.Builder
	if v.scheme == CalVer {
		fmt.Fprintf(&b, "%04d.%02d.%d", v.major, v.minor, v.patch)
	} else {
		fmt.Fprintf(&b, "%d.%d.%d", v.major, v.minor, v.patch)
	}
	if len(v.pre) > 0 {
		b.WriteByte('-')
		b.WriteString(v.Prerelease())
	}
	if v.build != "" {
		b.WriteByte('+')
		b.WriteString(v.build)
	}
	return b.String()
}

// core returns v without prerelease and build metadata.
func (v Version) core() Version {
	return Version{scheme: v.scheme, major: v.major, minor: v.minor, patch: v.patch}
}

// withPre returns v's core with the given prerelease identifiers.
func (v Version) withPre(pre ...string) Version {
	c := v.core()
	c.pre = pre
	return c
}

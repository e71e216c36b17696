package version

import (
	"fmt"
	"math"
	"strconv"
)

// Release types (Strategy.Bump values).
const (
	BumpMajor      = "major"
	BumpMinor      = "minor"
	BumpPatch      = "patch"
	BumpPrerelease = "prerelease" // semver only
	BumpSnapshot   = "snapshot"   // maven only
	BumpCustom     = "custom"
	BumpAuto       = "auto" // resolved by the caller, e.g. with BumpFromLabels
)

// DefaultPrereleaseID is the prerelease identifier used when none is given.
const DefaultPrereleaseID = "rc"

// Bump returns the version that a release of the given type makes from v,
// for semver and maven versions (calver versions move with the date: see
// Compute). Build metadata is dropped.
//
// major, minor and patch increment that number and reset the lower ones,
// except that a prerelease or SNAPSHOT version, which is on its way to its
// own MAJOR.MINOR.PATCH, releases the lowest version of the requested kind
// that is not below that: 1.2.4-rc.1 and 1.2.4-SNAPSHOT release 1.2.4 for
// patch and 1.3.0 for minor, 1.3.0-SNAPSHOT releases 1.3.0 for minor and
// 2.0.0 for major, 2.0.0-SNAPSHOT releases 2.0.0 for major.
//
// prerelease (semver): 1.2.3 -> 1.2.4-rc.1, 1.2.4-rc.1 -> 1.2.4-rc.2,
// 1.2.4-beta.3 -> 1.2.4-rc.1 (the identifier comes from prereleaseID,
// "rc" when empty); an identifier that would sort before the current
// prerelease is an error wrapping ErrNotNewer.
//
// snapshot (maven): a SNAPSHOT version stays itself; a release X.Y.Z
// becomes X.Y.(Z+1)-SNAPSHOT.
func Bump(v Version, part, prereleaseID string) (Version, error) {
	scheme := v.Scheme()
	switch {
	case scheme == CalVer:
		return Version{}, fmt.Errorf("%w %q for calver version %s: calver versions follow the date", ErrUnsupportedBump, part, v)
	case part == BumpMajor || part == BumpMinor || part == BumpPatch:
		return incCore(v, part)
	case part == BumpPrerelease && scheme == SemVer:
		return bumpPrerelease(v, prereleaseID)
	case part == BumpSnapshot && scheme == Maven:
		return bumpSnapshot(v)
	}
	return Version{}, fmt.Errorf("%w %q for %s version %s: want one of %s", ErrUnsupportedBump, part, scheme, v, bumpsOf(scheme))
}

func bumpsOf(s Scheme) string {
	switch s {
	case SemVer:
		return "major, minor, patch, prerelease"
	case Maven:
		return "major, minor, patch, snapshot"
	}
	return "major, minor, patch"
}

func incCore(v Version, part string) (Version, error) {
	c, pre := v.core(), len(v.pre) > 0
	var err error
	switch part {
	case BumpMajor:
		if !pre || c.minor != 0 || c.patch != 0 {
			c.major, err = increment("major", c.major)
		}
		c.minor, c.patch = 0, 0
	case BumpMinor:
		if !pre || c.patch != 0 {
			c.minor, err = increment("minor", c.minor)
		}
		c.patch = 0
	case BumpPatch:
		if !pre {
			c.patch, err = increment("patch", c.patch)
		}
	}
	if err != nil {
		return Version{}, fmt.Errorf("bumping %s of %s: %w", part, v, err)
	}
	return c, nil
}

func increment(name string, n int) (int, error) {
	if n == math.MaxInt {
		return 0, fmt.Errorf("%s %d is too large to increment", name, n)
	}
	return n + 1, nil
}

func bumpPrerelease(v Version, id string) (Version, error) {
	id, err := checkPrereleaseID(id)
	if err != nil {
		return Version{}, err
	}
	if len(v.pre) == 0 {
		next, err := incCore(v, BumpPatch)
		if err != nil {
			return Version{}, err
		}
		return next.withPre(id, "1"), nil
	}
	if v.pre[0] == id {
		return bumpCounter(v)
	}
	next := v.withPre(id, "1")
	if Compare(next, v) <= 0 {
		return Version{}, fmt.Errorf("%w: prerelease %q after %s would be %s, which sorts before it; use a later identifier or bump patch", ErrNotNewer, id, v, next)
	}
	return next, nil
}

// bumpCounter increments the last prerelease identifier when it is a
// number, or appends the counter 1 (1.2.4-rc -> 1.2.4-rc.1).
func bumpCounter(v Version) (Version, error) {
	pre := append([]string(nil), v.pre...)
	last := pre[len(pre)-1]
	if !allDigits(last) {
		return v.withPre(append(pre, "1")...), nil
	}
	n, err := strconv.Atoi(last)
	if err != nil || n == math.MaxInt {
		return Version{}, fmt.Errorf("bumping prerelease of %s: counter %s is too large to increment", v, last)
	}
	n++
	pre[len(pre)-1] = strconv.Itoa(n)
	return v.withPre(pre...), nil
}

func bumpSnapshot(v Version) (Version, error) {
	if v.IsDevelopment() {
		return v.core().withPre(snapshot), nil
	}
	next, err := incCore(v, BumpPatch)
	if err != nil {
		return Version{}, err
	}
	return next.withPre(snapshot), nil
}

// checkPrereleaseID defaults an empty identifier and validates it.
func checkPrereleaseID(id string) (string, error) {
	if id == "" {
		return DefaultPrereleaseID, nil
	}
	if !validIdentifier(id) || allDigits(id) {
		return "", fmt.Errorf("prerelease identifier %q must be one alphanumeric SemVer identifier such as rc, beta or alpha", id)
	}
	return id, nil
}

package version

import (
	"fmt"
	"time"
)

// DefaultInitial is the first release of a semver or maven component that
// has no version yet and whose strategy sets no initial version. A calver
// component without either starts at the current month's micro 0.
const DefaultInitial = "0.1.0"

// Strategy is the version arithmetic of a strategy block.
type Strategy struct {
	Scheme Scheme
	// Bump is the release type: major, minor, patch, prerelease (semver),
	// snapshot (maven) or custom; "" means patch. "auto" must be resolved
	// by the caller (BumpFromLabels) before Compute.
	Bump string
	// PrereleaseID is the identifier of semver prereleases, "rc" if empty.
	PrereleaseID string
	// Custom is the version to release when Bump is custom.
	Custom string
	// Initial is the first version released by a component that has none.
	Initial string
}

// Result is what a release of one component does to its version.
type Result struct {
	// Release is the version to release (and tag).
	Release string
	// Next is the development version the component moves to after the
	// release: maven X.Y.Z-SNAPSHOT; "" for semver and calver, which have
	// no development versions.
	Next string
}

// Compute returns the version to release and the next development version
// of a component whose version is current ("" when it has none).
//
// Without a current version the first release is the strategy's Initial
// (DefaultInitial if empty) as written: with bump prerelease a semver
// initial without prerelease gets "-rc.1", with bump snapshot a maven
// initial gets "-SNAPSHOT", and a maven SNAPSHOT initial is released like a
// current version. With a current version, semver and maven versions move
// as Bump describes and calver ones as the date says: within the month of
// now the micro counter grows by one, in a later month it restarts at 0.
// A custom version is released as given and must be newer than current.
//
// The maven next version follows the release type from the released
// version: X.Y.(Z+1)-SNAPSHOT for patch and custom, X.(Y+1).0-SNAPSHOT for
// minor, (X+1).0.0-SNAPSHOT for major; a snapshot release keeps its
// SNAPSHOT version as the next one (nort: "the correct version is already
// in place").
func Compute(s Strategy, current string, now time.Time) (Result, error) {
	bump, err := checkStrategy(s)
	if err != nil {
		return Result{}, err
	}
	var cur *Version
	if current != "" {
		v, err := Parse(s.Scheme, current)
		if err != nil {
			return Result{}, fmt.Errorf("current version: %w", err)
		}
		cur = &v
	}
	release, err := releaseVersion(s, bump, cur, now)
	if err != nil {
		return Result{}, err
	}
	next, err := nextVersion(release, bump)
	if err != nil {
		return Result{}, err
	}
	return Result{Release: release.String(), Next: next}, nil
}

// checkStrategy validates the scheme and release type and returns the
// release type with its default applied.
func checkStrategy(s Strategy) (string, error) {
	if _, err := ParseScheme(string(s.Scheme)); err != nil {
		return "", err
	}
	bump := s.Bump
	switch {
	case bump == "":
		return BumpPatch, nil
	case bump == BumpAuto:
		return "", ErrUnresolvedBump
	case bump == BumpMajor || bump == BumpMinor || bump == BumpPatch || bump == BumpCustom,
		bump == BumpPrerelease && s.Scheme == SemVer,
		bump == BumpSnapshot && s.Scheme == Maven:
		return bump, nil
	}
	return "", fmt.Errorf("%w %q for scheme %s: want one of %s, custom", ErrUnsupportedBump, bump, s.Scheme, bumpsOf(s.Scheme))
}

func releaseVersion(s Strategy, bump string, cur *Version, now time.Time) (Version, error) {
	switch {
	case bump == BumpCustom:
		return customVersion(s, cur)
	case cur == nil:
		return initialVersion(s, bump, now)
	case s.Scheme == CalVer:
		return dateBump(*cur, now)
	default:
		return Bump(*cur, bump, s.PrereleaseID)
	}
}

func customVersion(s Strategy, cur *Version) (Version, error) {
	if s.Custom == "" {
		return Version{}, fmt.Errorf("release type custom needs a custom version")
	}
	v, err := Parse(s.Scheme, s.Custom)
	if err != nil {
		return Version{}, fmt.Errorf("custom version: %w", err)
	}
	if cur != nil && Compare(v, *cur) <= 0 {
		return Version{}, fmt.Errorf("%w: custom version %s is not newer than current version %s", ErrNotNewer, v, cur)
	}
	return v, nil
}

func initialVersion(s Strategy, bump string, now time.Time) (Version, error) {
	if s.Initial == "" && s.Scheme == CalVer {
		return calVerOf(now, 0)
	}
	text := s.Initial
	if text == "" {
		text = DefaultInitial
	}
	v, err := Parse(s.Scheme, text)
	if err != nil {
		return Version{}, fmt.Errorf("initial version: %w", err)
	}
	switch {
	case v.IsDevelopment():
		return Bump(v, bump, "")
	case bump == BumpSnapshot:
		return v.withPre(snapshot), nil
	case bump == BumpPrerelease && len(v.pre) == 0:
		id, err := checkPrereleaseID(s.PrereleaseID)
		if err != nil {
			return Version{}, err
		}
		return v.withPre(id, "1"), nil
	}
	return v, nil
}

// dateBump moves a calver version to the month of now.
func dateBump(cur Version, now time.Time) (Version, error) {
	year, month, _ := now.Date()
	switch c := Compare(Version{scheme: CalVer, major: cur.major, minor: cur.minor}, Version{scheme: CalVer, major: year, minor: int(month)}); {
	case c == 0:
		micro, err := increment("micro", cur.patch)
		if err != nil {
			return Version{}, fmt.Errorf("bumping %s: %w", cur, err)
		}
		return calVerOf(now, micro)
	case c < 0:
		return calVerOf(now, 0)
	default:
		return Version{}, fmt.Errorf("%w: current version %s is in a later month than %s; check the clock or release a custom version", ErrNotNewer, cur, now.Format("2006-01"))
	}
}

func calVerOf(now time.Time, micro int) (Version, error) {
	year, month, _ := now.Date()
	if year < 1000 || year > 9999 {
		return Version{}, fmt.Errorf("year %d of %s cannot be written as a calver YYYY", year, now.Format(time.RFC3339))
	}
	return Version{scheme: CalVer, major: year, minor: int(month), patch: micro}, nil
}

// nextVersion returns the maven development version after release, ""
// for the other schemes.
func nextVersion(release Version, bump string) (string, error) {
	if release.Scheme() != Maven {
		return "", nil
	}
	if release.IsDevelopment() {
		return release.String(), nil
	}
	if bump == BumpCustom {
		bump = BumpPatch
	}
	next, err := incCore(release, bump)
	if err != nil {
		return "", fmt.Errorf("next development version: %w", err)
	}
	return next.withPre(snapshot).String(), nil
}

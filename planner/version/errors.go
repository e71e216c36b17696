package version

import (
	"errors"
	"fmt"
)

var (
	// ErrUnknownScheme is returned for a scheme name that is not one of Schemes.
	ErrUnknownScheme = errors.New("unknown version scheme")
	// ErrInvalidVersion is matched (errors.Is) by every *ParseError.
	ErrInvalidVersion = errors.New("invalid version")
	// ErrUnsupportedBump is returned for a release type the scheme does not
	// have (prerelease outside semver, snapshot outside maven) or an unknown one.
	ErrUnsupportedBump = errors.New("unsupported release type")
	// ErrUnresolvedBump is returned when Compute receives bump "auto": the
	// caller resolves it (BumpFromLabels) first.
	ErrUnresolvedBump = errors.New("release type auto must be resolved before computing versions")
	// ErrNotNewer is returned when a version that must move forward does not:
	// a custom version not newer than the current one, a prerelease that would
	// precede the current one, a calendar version whose month lies in the future.
	ErrNotNewer = errors.New("version is not newer")
)

// ParseError reports a string that is not a version of its scheme. Its
// message quotes the value and states the expected form.
type ParseError struct {
	Scheme Scheme
	Value  string
	Reason string // what is wrong, e.g. "minor has a leading zero"
}

func (e *ParseError) Error() string {
	return fmt.Sprintf("invalid %s version %q: %s; expected %s", e.Scheme, e.Value, e.Reason, e.Scheme.form())
}

// Is makes errors.Is(err, ErrInvalidVersion) true for a *ParseError.
func (e *ParseError) Is(target error) bool { return target == ErrInvalidVersion }

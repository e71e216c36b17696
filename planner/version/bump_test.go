package version

import (
	"errors"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestBump(t *testing.T) {
	t.Parallel()
	tests := map[string]struct {
		scheme  Scheme
		from    string
		part    string
		id      string
		want    string
		wantErr string
	}{
		"semver patch":                 {scheme: SemVer, from: "1.2.3", part: "patch", want: "1.2.4"},
		"semver minor":                 {scheme: SemVer, from: "1.2.3", part: "minor", want: "1.3.0"},
		"semver major":                 {scheme: SemVer, from: "1.2.3", part: "major", want: "2.0.0"},
		"semver build dropped":         {scheme: SemVer, from: "1.2.3+sha.1", part: "patch", want: "1.2.4"},
		"semver patch of prerelease":   {scheme: SemVer, from: "1.2.4-rc.2", part: "patch", want: "1.2.4"},
		"semver minor of prerelease":   {scheme: SemVer, from: "1.2.4-rc.2", part: "minor", want: "1.3.0"},
		"semver minor of minor prerel": {scheme: SemVer, from: "1.3.0-rc.1", part: "minor", want: "1.3.0"},
		"semver major of prerelease":   {scheme: SemVer, from: "1.3.0-rc.1", part: "major", want: "2.0.0"},
		"semver major of major prerel": {scheme: SemVer, from: "2.0.0-beta", part: "major", want: "2.0.0"},
		"semver prerelease start":      {scheme: SemVer, from: "1.2.3", part: "prerelease", want: "1.2.4-rc.1"},
		"semver prerelease next":       {scheme: SemVer, from: "1.2.4-rc.1", part: "prerelease", want: "1.2.4-rc.2"},
		"semver prerelease 9 to 10":    {scheme: SemVer, from: "1.2.4-rc.9", part: "prerelease", want: "1.2.4-rc.10"},
		"semver prerelease no counter": {scheme: SemVer, from: "1.2.4-rc", part: "prerelease", want: "1.2.4-rc.1"},
		"semver prerelease nested":     {scheme: SemVer, from: "1.2.4-rc.1.5", part: "prerelease", want: "1.2.4-rc.1.6"},
		"semver prerelease word":       {scheme: SemVer, from: "1.2.4-rc.final", part: "prerelease", want: "1.2.4-rc.final.1"},
		"semver prerelease custom id":  {scheme: SemVer, from: "1.2.3", part: "prerelease", id: "beta", want: "1.2.4-beta.1"},
		"semver prerelease switch id":  {scheme: SemVer, from: "1.2.4-beta.3", part: "prerelease", id: "rc", want: "1.2.4-rc.1"},
		"semver prerelease build":      {scheme: SemVer, from: "1.2.4-rc.1+b7", part: "prerelease", want: "1.2.4-rc.2"},
		"semver prerelease id backward": {scheme: SemVer, from: "1.2.4-rc.3", part: "prerelease", id: "beta",
			wantErr: `version is not newer: prerelease "beta" after 1.2.4-rc.3 would be 1.2.4-beta.1, which sorts before it; use a later identifier or bump patch`},
		"semver prerelease numeric id": {scheme: SemVer, from: "1.2.3", part: "prerelease", id: "7",
			wantErr: `prerelease identifier "7" must be one alphanumeric SemVer identifier such as rc, beta or alpha`},
		"semver prerelease dotted id": {scheme: SemVer, from: "1.2.3", part: "prerelease", id: "rc.1",
			wantErr: `prerelease identifier "rc.1" must be one alphanumeric SemVer identifier such as rc, beta or alpha`},
		"semver snapshot": {scheme: SemVer, from: "1.2.3", part: "snapshot",
			wantErr: `unsupported release type "snapshot" for semver version 1.2.3: want one of major, minor, patch, prerelease`},
		"semver unknown part": {scheme: SemVer, from: "1.2.3", part: "micro",
			wantErr: `unsupported release type "micro" for semver version 1.2.3: want one of major, minor, patch, prerelease`},
		"semver counter overflow": {scheme: SemVer, from: "1.2.4-rc.99999999999999999999", part: "prerelease",
			wantErr: `bumping prerelease of 1.2.4-rc.99999999999999999999: counter 99999999999999999999 is too large to increment`},
		"semver major overflow": {scheme: SemVer, from: "9223372036854775807.0.0", part: "major",
			wantErr: `bumping major of 9223372036854775807.0.0: major 9223372036854775807 is too large to increment`},
		"maven patch of snapshot":       {scheme: Maven, from: "1.20.5-SNAPSHOT", part: "patch", want: "1.20.5"},
		"maven minor of snapshot":       {scheme: Maven, from: "1.20.5-SNAPSHOT", part: "minor", want: "1.21.0"},
		"maven minor of minor snapshot": {scheme: Maven, from: "1.21.0-SNAPSHOT", part: "minor", want: "1.21.0"},
		"maven major of snapshot":       {scheme: Maven, from: "1.21.0-SNAPSHOT", part: "major", want: "2.0.0"},
		"maven major of major snapshot": {scheme: Maven, from: "2.0.0-SNAPSHOT", part: "major", want: "2.0.0"},
		"maven patch of release":        {scheme: Maven, from: "1.20.5", part: "patch", want: "1.20.6"},
		"maven minor of release":        {scheme: Maven, from: "1.20.5", part: "minor", want: "1.21.0"},
		"maven major of release":        {scheme: Maven, from: "1.20.5", part: "major", want: "2.0.0"},
		"maven snapshot of snapshot":    {scheme: Maven, from: "1.20.5-SNAPSHOT", part: "snapshot", want: "1.20.5-SNAPSHOT"},
		"maven snapshot of release":     {scheme: Maven, from: "1.20.5", part: "snapshot", want: "1.20.6-SNAPSHOT"},
		"maven prerelease": {scheme: Maven, from: "1.20.5", part: "prerelease",
			wantErr: `unsupported release type "prerelease" for maven version 1.20.5: want one of major, minor, patch, snapshot`},
		"calver": {scheme: CalVer, from: "2024.03.0", part: "patch",
			wantErr: `unsupported release type "patch" for calver version 2024.03.0: calver versions follow the date`},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			from := MustParse(tc.scheme, tc.from)
			got, err := Bump(from, tc.part, tc.id)
			if diff := cmp.Diff(tc.wantErr, errString(err)); diff != "" {
				t.Fatalf("error (-want +got):\n%s", diff)
			}
			if err != nil {
				return
			}
			if got.String() != tc.want {
				t.Errorf("Bump(%s, %s) = %s, want %s", tc.from, tc.part, got, tc.want)
			}
			if tc.part != BumpSnapshot && Compare(got, from) <= 0 {
				t.Errorf("Bump(%s, %s) = %s does not follow it", tc.from, tc.part, got)
			}
			if _, err := Parse(tc.scheme, got.String()); err != nil {
				t.Errorf("bumped version does not parse: %v", err)
			}
		})
	}
}

func TestBumpErrorsAreClassified(t *testing.T) {
	t.Parallel()
	_, err := Bump(MustParse(SemVer, "1.0.0-rc.1"), BumpPrerelease, "alpha")
	if !errors.Is(err, ErrNotNewer) {
		t.Errorf("backward prerelease: got %v, want ErrNotNewer", err)
	}
	_, err = Bump(MustParse(Maven, "1.0.0"), BumpPrerelease, "")
	if !errors.Is(err, ErrUnsupportedBump) {
		t.Errorf("maven prerelease: got %v, want ErrUnsupportedBump", err)
	}
}

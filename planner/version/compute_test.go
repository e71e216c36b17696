package version

import (
	"errors"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

var march2024 = time.Date(2024, time.March, 15, 10, 0, 0, 0, time.UTC)

func TestCompute(t *testing.T) {
	t.Parallel()
	tests := map[string]struct {
		strategy Strategy
		current  string
		now      time.Time // march2024 when zero
		want     Result
		wantErr  string
	}{
		// semver: no development versions, Next is always empty.
		"semver patch":           {strategy: Strategy{Scheme: SemVer, Bump: "patch"}, current: "1.2.3", want: Result{Release: "1.2.4"}},
		"semver empty bump":      {strategy: Strategy{Scheme: SemVer}, current: "1.2.3", want: Result{Release: "1.2.4"}},
		"semver minor":           {strategy: Strategy{Scheme: SemVer, Bump: "minor"}, current: "1.2.3", want: Result{Release: "1.3.0"}},
		"semver major":           {strategy: Strategy{Scheme: SemVer, Bump: "major"}, current: "1.2.3", want: Result{Release: "2.0.0"}},
		"semver prerelease":      {strategy: Strategy{Scheme: SemVer, Bump: "prerelease"}, current: "1.2.3", want: Result{Release: "1.2.4-rc.1"}},
		"semver prerelease next": {strategy: Strategy{Scheme: SemVer, Bump: "prerelease"}, current: "1.2.4-rc.1", want: Result{Release: "1.2.4-rc.2"}},
		"semver prerelease id":   {strategy: Strategy{Scheme: SemVer, Bump: "prerelease", PrereleaseID: "beta"}, current: "1.2.3", want: Result{Release: "1.2.4-beta.1"}},
		"semver final of rc":     {strategy: Strategy{Scheme: SemVer, Bump: "patch"}, current: "1.2.4-rc.2", want: Result{Release: "1.2.4"}},
		"semver custom":          {strategy: Strategy{Scheme: SemVer, Bump: "custom", Custom: "1.5.0"}, current: "1.2.3", want: Result{Release: "1.5.0"}},
		"semver custom older": {strategy: Strategy{Scheme: SemVer, Bump: "custom", Custom: "1.2.0"}, current: "1.2.3",
			wantErr: "version is not newer: custom version 1.2.0 is not newer than current version 1.2.3"},
		"semver custom equal": {strategy: Strategy{Scheme: SemVer, Bump: "custom", Custom: "1.2.3+other"}, current: "1.2.3",
			wantErr: "version is not newer: custom version 1.2.3+other is not newer than current version 1.2.3"},
		"semver snapshot": {strategy: Strategy{Scheme: SemVer, Bump: "snapshot"}, current: "1.2.3",
			wantErr: `unsupported release type "snapshot" for scheme semver: want one of major, minor, patch, prerelease, custom`},

		// maven: nort's dot and SNAPSHOT versions.
		"maven patch of snapshot":       {strategy: Strategy{Scheme: Maven, Bump: "patch"}, current: "1.20.5-SNAPSHOT", want: Result{Release: "1.20.5", Next: "1.20.6-SNAPSHOT"}},
		"maven minor of snapshot":       {strategy: Strategy{Scheme: Maven, Bump: "minor"}, current: "3.10.15-SNAPSHOT", want: Result{Release: "3.11.0", Next: "3.12.0-SNAPSHOT"}},
		"maven minor of minor snapshot": {strategy: Strategy{Scheme: Maven, Bump: "minor"}, current: "3.11.0-SNAPSHOT", want: Result{Release: "3.11.0", Next: "3.12.0-SNAPSHOT"}},
		"maven major of snapshot":       {strategy: Strategy{Scheme: Maven, Bump: "major"}, current: "3.11.0-SNAPSHOT", want: Result{Release: "4.0.0", Next: "5.0.0-SNAPSHOT"}},
		"maven major of major snapshot": {strategy: Strategy{Scheme: Maven, Bump: "major"}, current: "4.0.0-SNAPSHOT", want: Result{Release: "4.0.0", Next: "5.0.0-SNAPSHOT"}},
		"maven patch of release":        {strategy: Strategy{Scheme: Maven, Bump: "patch"}, current: "1.20.5", want: Result{Release: "1.20.6", Next: "1.20.7-SNAPSHOT"}},
		"maven minor of release":        {strategy: Strategy{Scheme: Maven, Bump: "minor"}, current: "1.20.5", want: Result{Release: "1.21.0", Next: "1.22.0-SNAPSHOT"}},
		"maven major of release":        {strategy: Strategy{Scheme: Maven, Bump: "major"}, current: "1.20.5", want: Result{Release: "2.0.0", Next: "3.0.0-SNAPSHOT"}},
		"maven snapshot release":        {strategy: Strategy{Scheme: Maven, Bump: "snapshot"}, current: "1.20.5-SNAPSHOT", want: Result{Release: "1.20.5-SNAPSHOT", Next: "1.20.5-SNAPSHOT"}},
		"maven snapshot of release":     {strategy: Strategy{Scheme: Maven, Bump: "snapshot"}, current: "1.20.5", want: Result{Release: "1.20.6-SNAPSHOT", Next: "1.20.6-SNAPSHOT"}},
		"maven custom":                  {strategy: Strategy{Scheme: Maven, Bump: "custom", Custom: "2.0.0"}, current: "1.20.5-SNAPSHOT", want: Result{Release: "2.0.0", Next: "2.0.1-SNAPSHOT"}},
		"maven custom of own dot":       {strategy: Strategy{Scheme: Maven, Bump: "custom", Custom: "1.20.5"}, current: "1.20.5-SNAPSHOT", want: Result{Release: "1.20.5", Next: "1.20.6-SNAPSHOT"}},
		"maven custom snapshot":         {strategy: Strategy{Scheme: Maven, Bump: "custom", Custom: "1.21.0-SNAPSHOT"}, current: "1.20.5", want: Result{Release: "1.21.0-SNAPSHOT", Next: "1.21.0-SNAPSHOT"}},
		"maven custom older": {strategy: Strategy{Scheme: Maven, Bump: "custom", Custom: "1.20.4"}, current: "1.20.5-SNAPSHOT",
			wantErr: "version is not newer: custom version 1.20.4 is not newer than current version 1.20.5-SNAPSHOT"},
		"maven custom missing": {strategy: Strategy{Scheme: Maven, Bump: "custom"}, current: "1.20.5-SNAPSHOT",
			wantErr: "release type custom needs a custom version"},
		"maven custom invalid": {strategy: Strategy{Scheme: Maven, Bump: "custom", Custom: "2.0"}, current: "1.20.5",
			wantErr: `custom version: invalid maven version "2.0": "2.0" has 2 dot-separated numbers, not 3; expected MAJOR.MINOR.PATCH or MAJOR.MINOR.PATCH-SNAPSHOT, e.g. 1.20.5 or 1.20.6-SNAPSHOT`},
		"maven prerelease": {strategy: Strategy{Scheme: Maven, Bump: "prerelease"}, current: "1.20.5",
			wantErr: `unsupported release type "prerelease" for scheme maven: want one of major, minor, patch, snapshot, custom`},

		// calver: the date decides.
		"calver same month":      {strategy: Strategy{Scheme: CalVer}, current: "2024.03.0", want: Result{Release: "2024.03.1"}},
		"calver same month 9":    {strategy: Strategy{Scheme: CalVer, Bump: "minor"}, current: "2024.03.9", want: Result{Release: "2024.03.10"}},
		"calver month rollover":  {strategy: Strategy{Scheme: CalVer}, current: "2024.02.7", want: Result{Release: "2024.03.0"}},
		"calver year rollover":   {strategy: Strategy{Scheme: CalVer, Bump: "major"}, current: "2023.12.4", now: time.Date(2024, time.January, 1, 0, 0, 0, 0, time.UTC), want: Result{Release: "2024.01.0"}},
		"calver months later":    {strategy: Strategy{Scheme: CalVer}, current: "2022.06.3", want: Result{Release: "2024.03.0"}},
		"calver location of now": {strategy: Strategy{Scheme: CalVer}, current: "2024.03.2", now: time.Date(2024, time.April, 1, 0, 30, 0, 0, time.FixedZone("CEST", 2*3600)).In(time.UTC), want: Result{Release: "2024.03.3"}},
		"calver future month": {strategy: Strategy{Scheme: CalVer}, current: "2024.04.0",
			wantErr: "version is not newer: current version 2024.04.0 is in a later month than 2024-03; check the clock or release a custom version"},
		"calver custom": {strategy: Strategy{Scheme: CalVer, Bump: "custom", Custom: "2024.03.5"}, current: "2024.03.1", want: Result{Release: "2024.03.5"}},
		"calver prerelease": {strategy: Strategy{Scheme: CalVer, Bump: "prerelease"}, current: "2024.03.1",
			wantErr: `unsupported release type "prerelease" for scheme calver: want one of major, minor, patch, custom`},

		// initial: the first release of a component without a version.
		"initial semver":             {strategy: Strategy{Scheme: SemVer, Initial: "1.0.0"}, want: Result{Release: "1.0.0"}},
		"initial semver default":     {strategy: Strategy{Scheme: SemVer, Bump: "major"}, want: Result{Release: "0.1.0"}},
		"initial semver prerelease":  {strategy: Strategy{Scheme: SemVer, Bump: "prerelease", Initial: "1.0.0"}, want: Result{Release: "1.0.0-rc.1"}},
		"initial semver prerel kept": {strategy: Strategy{Scheme: SemVer, Bump: "prerelease", Initial: "1.0.0-alpha.1"}, want: Result{Release: "1.0.0-alpha.1"}},
		"initial semver custom":      {strategy: Strategy{Scheme: SemVer, Bump: "custom", Custom: "0.0.1", Initial: "1.0.0"}, want: Result{Release: "0.0.1"}},
		"initial maven":              {strategy: Strategy{Scheme: Maven, Initial: "0.1.0"}, want: Result{Release: "0.1.0", Next: "0.1.1-SNAPSHOT"}},
		"initial maven minor":        {strategy: Strategy{Scheme: Maven, Bump: "minor", Initial: "1.0.0"}, want: Result{Release: "1.0.0", Next: "1.1.0-SNAPSHOT"}},
		"initial maven snapshot":     {strategy: Strategy{Scheme: Maven, Bump: "snapshot", Initial: "1.0.0"}, want: Result{Release: "1.0.0-SNAPSHOT", Next: "1.0.0-SNAPSHOT"}},
		"initial maven dev":          {strategy: Strategy{Scheme: Maven, Bump: "minor", Initial: "1.0.3-SNAPSHOT"}, want: Result{Release: "1.1.0", Next: "1.2.0-SNAPSHOT"}},
		"initial maven default":      {strategy: Strategy{Scheme: Maven}, want: Result{Release: "0.1.0", Next: "0.1.1-SNAPSHOT"}},
		"initial calver from date":   {strategy: Strategy{Scheme: CalVer}, want: Result{Release: "2024.03.0"}},
		"initial calver given":       {strategy: Strategy{Scheme: CalVer, Initial: "2024.01.0"}, want: Result{Release: "2024.01.0"}},
		"initial invalid": {strategy: Strategy{Scheme: SemVer, Initial: "1.0"},
			wantErr: `initial version: invalid semver version "1.0": "1.0" has 2 dot-separated numbers, not 3; expected MAJOR.MINOR.PATCH[-PRERELEASE][+BUILD], e.g. 1.4.2 or 2.0.0-rc.1`},
		"initial calver year 10000": {strategy: Strategy{Scheme: CalVer}, now: time.Date(10000, time.January, 1, 0, 0, 0, 0, time.UTC),
			wantErr: "year 10000 of 10000-01-01T00:00:00Z cannot be written as a calver YYYY"},

		// errors common to all schemes
		"invalid current": {strategy: Strategy{Scheme: Maven}, current: "1.2.3-RC1",
			wantErr: `current version: invalid maven version "1.2.3-RC1": qualifier "RC1" is not supported (only SNAPSHOT); expected MAJOR.MINOR.PATCH or MAJOR.MINOR.PATCH-SNAPSHOT, e.g. 1.20.5 or 1.20.6-SNAPSHOT`},
		"auto unresolved": {strategy: Strategy{Scheme: SemVer, Bump: "auto"}, current: "1.2.3",
			wantErr: "release type auto must be resolved before computing versions"},
		"unknown bump": {strategy: Strategy{Scheme: SemVer, Bump: "Patch"}, current: "1.2.3",
			wantErr: `unsupported release type "Patch" for scheme semver: want one of major, minor, patch, prerelease, custom`},
		"unknown scheme": {strategy: Strategy{Scheme: "pep440"}, current: "1.2.3",
			wantErr: `unknown version scheme "pep440": want one of semver, maven, calver`},
		"bad prerelease id": {strategy: Strategy{Scheme: SemVer, Bump: "prerelease", PrereleaseID: "r c"}, current: "1.2.3",
			wantErr: `prerelease identifier "r c" must be one alphanumeric SemVer identifier such as rc, beta or alpha`},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			now := tc.now
			if now.IsZero() {
				now = march2024
			}
			got, err := Compute(tc.strategy, tc.current, now)
			if diff := cmp.Diff(tc.wantErr, errString(err)); diff != "" {
				t.Fatalf("error (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff(tc.want, got); diff != "" {
				t.Errorf("Compute(%+v, %q) (-want +got):\n%s", tc.strategy, tc.current, diff)
			}
		})
	}
}

// TestComputeMovesForward checks the invariant the planner relies on:
// every dot release follows the current version, and every next
// development version follows the release.
func TestComputeMovesForward(t *testing.T) {
	t.Parallel()
	currents := map[Scheme][]string{
		SemVer: {"0.0.0", "1.2.3", "1.2.4-rc.1", "1.3.0-alpha", "2.0.0-beta.2+b", "9.9.9"},
		Maven:  {"0.0.0-SNAPSHOT", "1.2.3", "1.2.3-SNAPSHOT", "1.3.0-SNAPSHOT", "2.0.0-SNAPSHOT", "9.9.9"},
		CalVer: {"2023.12.9", "2024.02.0", "2024.03.0", "2024.03.41"},
	}
	bumps := []string{BumpMajor, BumpMinor, BumpPatch, BumpPrerelease}
	for scheme, list := range currents {
		for _, current := range list {
			for _, bump := range bumps {
				if bump == BumpPrerelease && scheme != SemVer {
					continue
				}
				res, err := Compute(Strategy{Scheme: scheme, Bump: bump}, current, march2024)
				if err != nil {
					t.Errorf("Compute(%s %s from %s): %v", scheme, bump, current, err)
					continue
				}
				cur, rel := MustParse(scheme, current), MustParse(scheme, res.Release)
				if Compare(rel, cur) <= 0 {
					t.Errorf("%s %s from %s releases %s, which does not follow it", scheme, bump, current, rel)
				}
				if res.Next != "" && Compare(MustParse(scheme, res.Next), rel) <= 0 {
					t.Errorf("%s %s from %s: next %s does not follow release %s", scheme, bump, current, res.Next, rel)
				}
			}
		}
	}
}

func TestComputeErrorsAreClassified(t *testing.T) {
	t.Parallel()
	tests := map[string]struct {
		strategy Strategy
		current  string
		want     error
	}{
		"auto":            {Strategy{Scheme: SemVer, Bump: BumpAuto}, "1.0.0", ErrUnresolvedBump},
		"custom older":    {Strategy{Scheme: SemVer, Bump: BumpCustom, Custom: "0.9.0"}, "1.0.0", ErrNotNewer},
		"calver future":   {Strategy{Scheme: CalVer}, "2030.01.0", ErrNotNewer},
		"maven prerel":    {Strategy{Scheme: Maven, Bump: BumpPrerelease}, "1.0.0", ErrUnsupportedBump},
		"invalid current": {Strategy{Scheme: SemVer}, "1.0", ErrInvalidVersion},
		"unknown scheme":  {Strategy{Scheme: "x"}, "1.0.0", ErrUnknownScheme},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			_, err := Compute(tc.strategy, tc.current, march2024)
			if !errors.Is(err, tc.want) {
				t.Errorf("got %v, want an error matching %v", err, tc.want)
			}
		})
	}
}

package version

import (
	"errors"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// fields is what a test expects a parsed version to hold.
type fields struct {
	Major, Minor, Patch int
	Prerelease, Build   string
	Development         bool
}

func fieldsOf(v Version) fields {
	return fields{v.Major(), v.Minor(), v.Patch(), v.Prerelease(), v.Build(), v.IsDevelopment()}
}

func TestParseValid(t *testing.T) {
	t.Parallel()
	tests := map[string]struct {
		scheme Scheme
		in     string
		want   fields
	}{
		"semver core":               {SemVer, "1.2.3", fields{Major: 1, Minor: 2, Patch: 3}},
		"semver zeros":              {SemVer, "0.0.0", fields{}},
		"semver large":              {SemVer, "10.200.3000", fields{Major: 10, Minor: 200, Patch: 3000}},
		"semver prerelease":         {SemVer, "1.2.4-rc.1", fields{Major: 1, Minor: 2, Patch: 4, Prerelease: "rc.1"}},
		"semver hyphen identifiers": {SemVer, "1.0.0-x-y-z.--", fields{Major: 1, Prerelease: "x-y-z.--"}},
		"semver numeric zero id":    {SemVer, "1.0.0-0.3.7", fields{Major: 1, Prerelease: "0.3.7"}},
		"semver alnum leading zero": {SemVer, "1.0.0-0a.01b", fields{Major: 1, Prerelease: "0a.01b"}},
		"semver build":              {SemVer, "1.0.0+20130313144700", fields{Major: 1, Build: "20130313144700"}},
		"semver build leading zero": {SemVer, "1.0.0+001.exp-sha", fields{Major: 1, Build: "001.exp-sha"}},
		"semver prerelease build":   {SemVer, "1.0.0-beta+exp.sha.5114f85", fields{Major: 1, Prerelease: "beta", Build: "exp.sha.5114f85"}},
		"semver snapshot is prerel": {SemVer, "1.2.3-SNAPSHOT", fields{Major: 1, Minor: 2, Patch: 3, Prerelease: "SNAPSHOT"}},
		"maven release":             {Maven, "1.20.5", fields{Major: 1, Minor: 20, Patch: 5}},
		"maven snapshot":            {Maven, "3.10.15-SNAPSHOT", fields{Major: 3, Minor: 10, Patch: 15, Prerelease: "SNAPSHOT", Development: true}},
		"maven zeros":               {Maven, "0.0.0-SNAPSHOT", fields{Prerelease: "SNAPSHOT", Development: true}},
		"calver":                    {CalVer, "2024.03.0", fields{Major: 2024, Minor: 3}},
		"calver december":           {CalVer, "2023.12.17", fields{Major: 2023, Minor: 12, Patch: 17}},
		"calver october":            {CalVer, "2025.10.2", fields{Major: 2025, Minor: 10, Patch: 2}},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			v, err := Parse(tc.scheme, tc.in)
			if err != nil {
				t.Fatalf("Parse(%s, %q): %v", tc.scheme, tc.in, err)
			}
			if diff := cmp.Diff(tc.want, fieldsOf(v)); diff != "" {
				t.Errorf("fields (-want +got):\n%s", diff)
			}
			if got := v.String(); got != tc.in {
				t.Errorf("String() = %q, want %q", got, tc.in)
			}
			if v.Scheme() != tc.scheme {
				t.Errorf("Scheme() = %q, want %q", v.Scheme(), tc.scheme)
			}
		})
	}
}

func TestParseInvalid(t *testing.T) {
	t.Parallel()
	tests := map[string]struct {
		scheme  Scheme
		in      string
		wantErr string
	}{
		"semver empty":           {SemVer, "", `invalid semver version "": the value is empty; expected MAJOR.MINOR.PATCH[-PRERELEASE][+BUILD], e.g. 1.4.2 or 2.0.0-rc.1`},
		"semver two parts":       {SemVer, "1.2", `invalid semver version "1.2": "1.2" has 2 dot-separated numbers, not 3; expected MAJOR.MINOR.PATCH[-PRERELEASE][+BUILD], e.g. 1.4.2 or 2.0.0-rc.1`},
		"semver four parts":      {SemVer, "1.2.3.4", `invalid semver version "1.2.3.4": "1.2.3.4" has 4 dot-separated numbers, not 3; expected MAJOR.MINOR.PATCH[-PRERELEASE][+BUILD], e.g. 1.4.2 or 2.0.0-rc.1`},
		"semver v prefix":        {SemVer, "v1.2.3", `invalid semver version "v1.2.3": major "v1" is not a number; expected MAJOR.MINOR.PATCH[-PRERELEASE][+BUILD], e.g. 1.4.2 or 2.0.0-rc.1`},
		"semver leading zero":    {SemVer, "1.02.3", `invalid semver version "1.02.3": minor "02" has a leading zero; expected MAJOR.MINOR.PATCH[-PRERELEASE][+BUILD], e.g. 1.4.2 or 2.0.0-rc.1`},
		"semver empty patch":     {SemVer, "1.2.", `invalid semver version "1.2.": patch is empty; expected MAJOR.MINOR.PATCH[-PRERELEASE][+BUILD], e.g. 1.4.2 or 2.0.0-rc.1`},
		"semver negative":        {SemVer, "1.-2.3", `invalid semver version "1.-2.3": "1." has 2 dot-separated numbers, not 3; expected MAJOR.MINOR.PATCH[-PRERELEASE][+BUILD], e.g. 1.4.2 or 2.0.0-rc.1`},
		"semver too large":       {SemVer, "99999999999999999999.0.0", `invalid semver version "99999999999999999999.0.0": major "99999999999999999999" is too large; expected MAJOR.MINOR.PATCH[-PRERELEASE][+BUILD], e.g. 1.4.2 or 2.0.0-rc.1`},
		"semver empty prerel":    {SemVer, "1.2.3-", `invalid semver version "1.2.3-": prerelease "" has an empty identifier; expected MAJOR.MINOR.PATCH[-PRERELEASE][+BUILD], e.g. 1.4.2 or 2.0.0-rc.1`},
		"semver empty prerel id": {SemVer, "1.2.3-rc..1", `invalid semver version "1.2.3-rc..1": prerelease "rc..1" has an empty identifier; expected MAJOR.MINOR.PATCH[-PRERELEASE][+BUILD], e.g. 1.4.2 or 2.0.0-rc.1`},
		"semver prerel zero":     {SemVer, "1.2.3-rc.01", `invalid semver version "1.2.3-rc.01": prerelease identifier "01" has a leading zero; expected MAJOR.MINOR.PATCH[-PRERELEASE][+BUILD], e.g. 1.4.2 or 2.0.0-rc.1`},
		"semver prerel char":     {SemVer, "1.2.3-rc_1", `invalid semver version "1.2.3-rc_1": prerelease identifier "rc_1" may only contain [0-9A-Za-z-]; expected MAJOR.MINOR.PATCH[-PRERELEASE][+BUILD], e.g. 1.4.2 or 2.0.0-rc.1`},
		"semver empty build":     {SemVer, "1.2.3+", `invalid semver version "1.2.3+": build metadata "" has an empty identifier; expected MAJOR.MINOR.PATCH[-PRERELEASE][+BUILD], e.g. 1.4.2 or 2.0.0-rc.1`},
		"semver double plus":     {SemVer, "1.2.3+a+b", `invalid semver version "1.2.3+a+b": build metadata identifier "a+b" may only contain [0-9A-Za-z-]; expected MAJOR.MINOR.PATCH[-PRERELEASE][+BUILD], e.g. 1.4.2 or 2.0.0-rc.1`},
		"semver space":           {SemVer, " 1.2.3", `invalid semver version " 1.2.3": major " 1" is not a number; expected MAJOR.MINOR.PATCH[-PRERELEASE][+BUILD], e.g. 1.4.2 or 2.0.0-rc.1`},
		"maven qualifier":        {Maven, "1.2.3-RC1", `invalid maven version "1.2.3-RC1": qualifier "RC1" is not supported (only SNAPSHOT); expected MAJOR.MINOR.PATCH or MAJOR.MINOR.PATCH-SNAPSHOT, e.g. 1.20.5 or 1.20.6-SNAPSHOT`},
		"maven lowercase":        {Maven, "1.2.3-snapshot", `invalid maven version "1.2.3-snapshot": qualifier "snapshot" is not supported (only SNAPSHOT); expected MAJOR.MINOR.PATCH or MAJOR.MINOR.PATCH-SNAPSHOT, e.g. 1.20.5 or 1.20.6-SNAPSHOT`},
		"maven two parts":        {Maven, "3.10-SNAPSHOT", `invalid maven version "3.10-SNAPSHOT": "3.10" has 2 dot-separated numbers, not 3; expected MAJOR.MINOR.PATCH or MAJOR.MINOR.PATCH-SNAPSHOT, e.g. 1.20.5 or 1.20.6-SNAPSHOT`},
		"maven empty":            {Maven, "", `invalid maven version "": the value is empty; expected MAJOR.MINOR.PATCH or MAJOR.MINOR.PATCH-SNAPSHOT, e.g. 1.20.5 or 1.20.6-SNAPSHOT`},
		"maven build":            {Maven, "1.2.3+b", `invalid maven version "1.2.3+b": patch "3+b" is not a number; expected MAJOR.MINOR.PATCH or MAJOR.MINOR.PATCH-SNAPSHOT, e.g. 1.20.5 or 1.20.6-SNAPSHOT`},
		"calver unpadded month":  {CalVer, "2024.3.0", `invalid calver version "2024.3.0": month "3" is not a two-digit month 01-12; expected YYYY.0M.MICRO, e.g. 2024.03.0`},
		"calver month 13":        {CalVer, "2024.13.0", `invalid calver version "2024.13.0": month "13" is not a two-digit month 01-12; expected YYYY.0M.MICRO, e.g. 2024.03.0`},
		"calver month 00":        {CalVer, "2024.00.0", `invalid calver version "2024.00.0": month "00" is not a two-digit month 01-12; expected YYYY.0M.MICRO, e.g. 2024.03.0`},
		"calver short year":      {CalVer, "24.03.0", `invalid calver version "24.03.0": year "24" is not a four-digit year; expected YYYY.0M.MICRO, e.g. 2024.03.0`},
		"calver micro zero":      {CalVer, "2024.03.01", `invalid calver version "2024.03.01": micro "01" has a leading zero; expected YYYY.0M.MICRO, e.g. 2024.03.0`},
		"calver two parts":       {CalVer, "2024.03", `invalid calver version "2024.03": it has 2 dot-separated parts, not 3; expected YYYY.0M.MICRO, e.g. 2024.03.0`},
		"calver suffix":          {CalVer, "2024.03.0-rc.1", `invalid calver version "2024.03.0-rc.1": it has 4 dot-separated parts, not 3; expected YYYY.0M.MICRO, e.g. 2024.03.0`},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			_, err := Parse(tc.scheme, tc.in)
			if err == nil {
				t.Fatalf("Parse(%s, %q) succeeded, want an error", tc.scheme, tc.in)
			}
			if diff := cmp.Diff(tc.wantErr, err.Error()); diff != "" {
				t.Errorf("error (-want +got):\n%s", diff)
			}
			var pe *ParseError
			if !errors.As(err, &pe) || !errors.Is(err, ErrInvalidVersion) {
				t.Errorf("error %v is not a *ParseError matching ErrInvalidVersion", err)
			}
		})
	}
}

func TestParseUnknownScheme(t *testing.T) {
	t.Parallel()
	_, err := Parse("pep440", "1.0")
	if !errors.Is(err, ErrUnknownScheme) {
		t.Fatalf("Parse with scheme pep440: got %v, want ErrUnknownScheme", err)
	}
	want := `parsing version "1.0": unknown version scheme "pep440": want one of semver, maven, calver`
	if diff := cmp.Diff(want, err.Error()); diff != "" {
		t.Errorf("error (-want +got):\n%s", diff)
	}
}

func TestParseScheme(t *testing.T) {
	t.Parallel()
	tests := map[string]struct {
		in      string
		want    Scheme
		wantErr string
	}{
		"semver":   {in: "semver", want: SemVer},
		"maven":    {in: "maven", want: Maven},
		"calver":   {in: "calver", want: CalVer},
		"unknown":  {in: "SemVer", wantErr: `unknown version scheme "SemVer": want one of semver, maven, calver`},
		"empty":    {in: "", wantErr: `unknown version scheme "": want one of semver, maven, calver`},
		"trailing": {in: "maven ", wantErr: `unknown version scheme "maven ": want one of semver, maven, calver`},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			got, err := ParseScheme(tc.in)
			if diff := cmp.Diff(tc.wantErr, errString(err)); diff != "" {
				t.Errorf("error (-want +got):\n%s", diff)
			}
			if got != tc.want {
				t.Errorf("ParseScheme(%q) = %q, want %q", tc.in, got, tc.want)
			}
		})
	}
}

func errString(err error) string {
	if err == nil {
		return ""
	}
	return err.Error()
}

func TestZeroVersion(t *testing.T) {
	t.Parallel()
	var v Version
	if v.String() != "0.0.0" || v.Scheme() != SemVer || v.IsDevelopment() {
		t.Errorf("zero Version = %q scheme %q development %v, want semver 0.0.0", v, v.Scheme(), v.IsDevelopment())
	}
}

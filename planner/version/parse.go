package version

import (
	"fmt"
	"strconv"
	"strings"
)

// parseSemVer parses MAJOR.MINOR.PATCH[-PRERELEASE][+BUILD] strictly as the
// SemVer 2.0 grammar says: no leading zeros in numbers or numeric
// prerelease identifiers, no empty identifiers, only [0-9A-Za-z-].
func parseSemVer(s string) (Version, error) {
	fail := failer(SemVer, s)
	if s == "" {
		return fail("the value is empty")
	}
	rest, build, hasBuild := strings.Cut(s, "+")
	if hasBuild {
		if reason := checkIdentifiers("build metadata", build, false); reason != "" {
			return fail(reason)
		}
	}
	coreText, pre, hasPre := strings.Cut(rest, "-")
	v, reason := parseCore(coreText)
	if reason != "" {
		return fail(reason)
	}
	v.scheme = SemVer
	if hasPre {
		if reason := checkIdentifiers("prerelease", pre, true); reason != "" {
			return fail(reason)
		}
		v.pre = strings.Split(pre, ".")
	}
	v.build = build
	return v, nil
}

// parseMaven parses MAJOR.MINOR.PATCH with an optional -SNAPSHOT.
func parseMaven(s string) (Version, error) {
	fail := failer(Maven, s)
	if s == "" {
		return fail("the value is empty")
	}
	coreText, qualifier, hasQualifier := strings.Cut(s, "-")
	v, reason := parseCore(coreText)
	if reason != "" {
		return fail(reason)
	}
	v.scheme = Maven
	if hasQualifier {
		if qualifier != snapshot {
			return fail(fmt.Sprintf("qualifier %q is not supported (only %s)", qualifier, snapshot))
		}
		v.pre = []string{snapshot}
	}
	return v, nil
}

// parseCalVer parses YYYY.0M.MICRO: a four-digit year, a two-digit month
// 01-12 and a micro counter without leading zeros.
func parseCalVer(s string) (Version, error) {
	fail := failer(CalVer, s)
	if s == "" {
		return fail("the value is empty")
	}
	parts := strings.Split(s, ".")
	if len(parts) != 3 {
		return fail(fmt.Sprintf("it has %d dot-separated parts, not 3", len(parts)))
	}
	if len(parts[0]) != 4 || !allDigits(parts[0]) || parts[0][0] == '0' {
		return fail(fmt.Sprintf("year %q is not a four-digit year", parts[0]))
	}
	if len(parts[1]) != 2 || !allDigits(parts[1]) || parts[1] < "01" || parts[1] > "12" {
		return fail(fmt.Sprintf("month %q is not a two-digit month 01-12", parts[1]))
	}
	micro, reason := parseNumber("micro", parts[2])
	if reason != "" {
		return fail(reason)
	}
	year, _ := strconv.Atoi(parts[0])
	month, _ := strconv.Atoi(parts[1])
	return Version{scheme: CalVer, major: year, minor: month, patch: micro}, nil
}

const snapshot = "SNAPSHOT"

func failer(scheme Scheme, s string) func(string) (Version, error) {
	return func(reason string) (Version, error) {
		return Version{}, &ParseError{Scheme: scheme, Value: s, Reason: reason}
	}
}

// parseCore parses MAJOR.MINOR.PATCH; it returns a reason when s is not one.
func parseCore(s string) (Version, string) {
	parts := strings.Split(s, ".")
	if len(parts) != 3 {
		return Version{}, fmt.Sprintf("%q has %d dot-separated numbers, not 3", s, len(parts))
	}
	var nums [3]int
	for i, name := range []string{"major", "minor", "patch"} {
		n, reason := parseNumber(name, parts[i])
		if reason != "" {
			return Version{}, reason
		}
		nums[i] = n
	}
	return Version{major: nums[0], minor: nums[1], patch: nums[2]}, ""
}

// parseNumber parses a non-negative decimal without leading zeros.
func parseNumber(name, s string) (int, string) {
	switch {
	case s == "":
		return 0, name + " is empty"
	case !allDigits(s):
		return 0, fmt.Sprintf("%s %q is not a number", name, s)
	case len(s) > 1 && s[0] == '0':
		return 0, fmt.Sprintf("%s %q has a leading zero", name, s)
	}
	n, err := strconv.Atoi(s)
	if err != nil {
		return 0, fmt.Sprintf("%s %q is too large", name, s)
	}
	return n, ""
}

// checkIdentifiers validates dot-separated SemVer identifiers. Numeric
// prerelease identifiers may not have leading zeros; build ones may.
func checkIdentifiers(what, s string, numericStrict bool) string {
	for _, id := range strings.Split(s, ".") {
		switch {
		case id == "":
			return fmt.Sprintf("%s %q has an empty identifier", what, s)
		case !validIdentifier(id):
			return fmt.Sprintf("%s identifier %q may only contain [0-9A-Za-z-]", what, id)
		case numericStrict && allDigits(id) && len(id) > 1 && id[0] == '0':
			return fmt.Sprintf("%s identifier %q has a leading zero", what, id)
		}
	}
	return ""
}

func validIdentifier(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c == '-') {
			return false
		}
	}
	return s != ""
}

func allDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return s != ""
}

package version

import (
	"slices"
	"strings"
)

// Milestone labels that ask for a major or a minor release. Labels are
// compared case-insensitively after trimming, with runs of spaces collapsed
// and the spaces after ':' and '/' removed, so "Type: Breaking Change",
// "type:breaking change" and "type:  breaking change" are the same label.
var (
	majorLabels = labelSet(
		"semver:major", "semver-major", "major",
		"breaking", "breaking change", "breaking-change",
		"type:breaking", "type:breaking change", "type:breaking-change",
		"kind:breaking", "kind/breaking", "kind/breaking-change",
	)
	minorLabels = labelSet(
		"semver:minor", "semver-minor", "minor",
		"feature", "enhancement", "feat",
		"type:feature", "type:enhancement", "type:feat",
		"kind:feature", "kind/feature", "kind/enhancement",
	)
)

// MajorLabels lists the labels, in normal form, that ask for a major
// release, for documentation and for messages that explain a resolved bump.
func MajorLabels() []string { return sortedKeys(majorLabels) }

// MinorLabels lists the labels, in normal form, that ask for a minor release.
func MinorLabels() []string { return sortedKeys(minorLabels) }

// BumpFromLabels resolves bump "auto" from the labels of a milestone's
// issues: "major" if any label asks for a major release (semver:major,
// semver-major, major, breaking, breaking change, type: breaking,
// type: breaking change, kind/breaking…), else "minor" if any asks for a
// minor one (semver:minor, semver-minor, minor, feature, enhancement, feat,
// type: feature, type: enhancement, kind/feature…), else "patch". The
// highest request wins; other labels are ignored.
func BumpFromLabels(labels []string) string {
	bump := BumpPatch
	for _, l := range labels {
		n := normalizeLabel(l)
		if majorLabels[n] {
			return BumpMajor
		}
		if minorLabels[n] {
			bump = BumpMinor
		}
	}
	return bump
}

func normalizeLabel(l string) string {
	l = strings.Join(strings.Fields(strings.ToLower(l)), " ")
	l = strings.ReplaceAll(l, ": ", ":")
	return strings.ReplaceAll(l, "/ ", "/")
}

func labelSet(labels ...string) map[string]bool {
	m := make(map[string]bool, len(labels))
	for _, l := range labels {
		m[l] = true
	}
	return m
}

func sortedKeys(m map[string]bool) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

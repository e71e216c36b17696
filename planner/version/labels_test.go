package version

import (
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestBumpFromLabels(t *testing.T) {
	t.Parallel()
	tests := map[string]struct {
		labels []string
		want   string
	}{
		"none":                  {nil, "patch"},
		"unrelated":             {[]string{"project: gravitee-gateway", "bug", "type: bug"}, "patch"},
		"semver:minor":          {[]string{"semver:minor"}, "minor"},
		"feature":               {[]string{"bug", "feature"}, "minor"},
		"type: enhancement":     {[]string{"type: enhancement"}, "minor"},
		"Type: Feature spacing": {[]string{"  Type:   Feature "}, "minor"},
		"kind/feature":          {[]string{"kind/ feature"}, "minor"},
		"semver-minor":          {[]string{"semver-minor"}, "minor"},
		"semver:major":          {[]string{"semver:major"}, "major"},
		"breaking change":       {[]string{"Breaking Change"}, "major"},
		"type: breaking":        {[]string{"type: breaking"}, "major"},
		"highest wins":          {[]string{"feature", "semver:major", "enhancement"}, "major"},
		"major before minor":    {[]string{"type: breaking change", "feature"}, "major"},
		"patch label":           {[]string{"semver:patch"}, "patch"},
		"substring not enough":  {[]string{"non-breaking", "featured", "semver:majority"}, "patch"},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			if got := BumpFromLabels(tc.labels); got != tc.want {
				t.Errorf("BumpFromLabels(%q) = %q, want %q", tc.labels, got, tc.want)
			}
		})
	}
}

func TestLabelListsAreNormalized(t *testing.T) {
	t.Parallel()
	for _, l := range append(MajorLabels(), MinorLabels()...) {
		if n := normalizeLabel(l); n != l {
			t.Errorf("label %q is not in normal form %q and could never match", l, n)
		}
	}
	if diff := cmp.Diff("major", BumpFromLabels(MajorLabels()[:1])); diff != "" {
		t.Errorf("first major label (-want +got):\n%s", diff)
	}
}

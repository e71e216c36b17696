package markdown

import (
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestLink(t *testing.T) {
	t.Parallel()
	tests := map[string]struct {
		text, url, want string
	}{
		"issue":          {"#12", "https://github.com/acme/issues/issues/12", `[\#12](https://github.com/acme/issues/issues/12)`},
		"escaped text":   {"*x* @octocat", "https://e.example/a", "[\\*x\\* @\u200boctocat](https://e.example/a)"},
		"parens encoded": {"x", "https://e.example/a(b)", "[x](https://e.example/a%28b%29)"},
		"javascript":     {"click", "javascript:alert(1)", "click"},
		"relative":       {"x", "/issues/1", "x"},
		"no url":         {"#3", "", `\#3`},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			if diff := cmp.Diff(tc.want, Link(tc.text, tc.url)); diff != "" {
				t.Errorf("Link(%q, %q) (-want +got):\n%s", tc.text, tc.url, diff)
			}
		})
	}
}

func TestEscapeKeepsOneLine(t *testing.T) {
	t.Parallel()
	got := Escape("Fix\n```\n</details>\x1b[2J # heading")
	want := "Fix \\`\\`\\` \\</details\\>\uFFFD\\[2J \\# heading"
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
}

package textdiff

import (
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestLines(t *testing.T) {
	t.Parallel()
	tests := map[string]struct {
		content string
		want    []string
	}{
		"empty":                 {content: "", want: nil},
		"ends in a newline":     {content: "a\nb\n", want: []string{"a\n", "b\n"}},
		"last line unfinished":  {content: "a\nb", want: []string{"a\n", "b\n"}},
		"blank lines kept":      {content: "\n\nx\n", want: []string{"\n", "\n", "x\n"}},
		"one unfinished line":   {content: "x", want: []string{"x\n"}},
		"carriage returns kept": {content: "a\r\nb\r\n", want: []string{"a\r\n", "b\r\n"}},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			if diff := cmp.Diff(tc.want, Lines([]byte(tc.content))); diff != "" {
				t.Errorf("Lines(%q) (-want +got):\n%s", tc.content, diff)
			}
		})
	}
}

func TestUnified(t *testing.T) {
	t.Parallel()
	tests := map[string]struct {
		existed  bool
		old, new string
		context  int
		want     string
	}{
		"new file": {new: "one\ntwo\n", context: 3,
			want: "--- /dev/null\n+++ b/release.json\n@@ -0,0 +1,2 @@\n+one\n+two\n"},
		"one line changed, one line of context": {existed: true, old: "a\nb\nc\nd\ne\n", new: "a\nb\nC\nd\ne\n", context: 1,
			want: "--- a/release.json\n+++ b/release.json\n@@ -2,3 +2,3 @@\n b\n-c\n+C\n d\n"},
		"last line without a newline": {existed: true, old: "a\nb", new: "a\nc", context: 3,
			want: "--- a/release.json\n+++ b/release.json\n@@ -1,2 +1,2 @@\n a\n-b\n+c\n"},
		"unchanged": {existed: true, old: "a\n", new: "a\n", context: 3, want: ""},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			got := Unified("release.json", tc.existed, []byte(tc.old), []byte(tc.new), tc.context)
			if diff := cmp.Diff(tc.want, got); diff != "" {
				t.Errorf("Unified (-want +got):\n%s", diff)
			}
		})
	}
}

func TestSizes(t *testing.T) {
	t.Parallel()
	tests := map[string]struct {
		existed bool
		want    string
	}{
		"existing file": {existed: true, want: "--- a/logo.png\n+++ b/logo.png\n@@ 10 bytes -> 20 bytes (not shown) @@\n"},
		"new file":      {want: "--- /dev/null\n+++ b/logo.png\n@@ 10 bytes -> 20 bytes (not shown) @@\n"},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			if diff := cmp.Diff(tc.want, Sizes("logo.png", tc.existed, 10, 20)); diff != "" {
				t.Errorf("Sizes (-want +got):\n%s", diff)
			}
		})
	}
}

package textdiff

import (
	"fmt"
	"strings"

	"github.com/pmezard/go-difflib/difflib"
)

// from is the diff's old side: "a/path", or /dev/null for a new file.
func from(path string, existed bool) string {
	if !existed {
		return "/dev/null"
	}
	return "a/" + path
}

// Unified renders old -> new of the file at path with context lines around
// each change. The text ends in a newline; it is empty when nothing changed.
func Unified(path string, existed bool, old, new []byte, context int) string {
	text, _ := difflib.GetUnifiedDiffString(difflib.UnifiedDiff{
		A: Lines(old), B: Lines(new), FromFile: from(path, existed), ToFile: "b/" + path, Context: context,
	})
	if text != "" && !strings.HasSuffix(text, "\n") {
		text += "\n"
	}
	return text
}

// Sizes stands in for a diff not shown line by line: the file headers and
// the sizes before and after.
func Sizes(path string, existed bool, oldLen, newLen int) string {
	return fmt.Sprintf("--- %s\n+++ b/%s\n@@ %d bytes -> %d bytes (not shown) @@\n", from(path, existed), path, oldLen, newLen)
}

// Lines splits content into lines that each end in a newline (a last line
// without one gets one).
func Lines(content []byte) []string {
	if len(content) == 0 {
		return nil
	}
	lines := strings.SplitAfter(string(content), "\n")
	if lines[len(lines)-1] == "" {
		lines = lines[:len(lines)-1]
	}
	if last := lines[len(lines)-1]; !strings.HasSuffix(last, "\n") {
		lines[len(lines)-1] = last + "\n"
	}
	return lines
}

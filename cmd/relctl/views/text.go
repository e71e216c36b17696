package views

import (
	"strconv"
	"strings"
	"unicode/utf8"

	md "github.com/relctl/relctl/planner/markdown"
)

// width is the number of terminal columns s takes, one per rune.
func width(s string) int { return utf8.RuneCountInString(s) }

// pad returns s followed by spaces up to w columns (s unchanged when it
// is already as wide).
func pad(s string, w int) string {
	if n := width(s); n < w {
		return s + strings.Repeat(" ", w-n)
	}
	return s
}

// maxWidth is the widest of the strings.
func maxWidth(ss []string) int {
	w := 0
	for _, s := range ss {
		w = max(w, width(s))
	}
	return w
}

// cleanLine makes untrusted text safe for one line of output (see
// markdown.CleanLine).
func cleanLine(s string) string { return md.CleanLine(s) }

// cleanBlock is cleanLine for multi-line text.
func cleanBlock(s string) string { return md.CleanBlock(s) }

// lines splits text into lines without the trailing empty one.
func lines(s string) []string {
	s = strings.TrimRight(s, "\n")
	if s == "" {
		return nil
	}
	return strings.Split(s, "\n")
}

// plural returns "1 action" or "3 actions".
func plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return strconv.Itoa(n) + " " + many
}

// shortID abbreviates a plan id as the first and last four hex digits.
func shortID(id string) string {
	if len(id) <= 12 {
		return id
	}
	return id[:4] + "…" + id[len(id)-4:]
}

// shellQuote quotes a path for a POSIX shell when it needs quoting.
func shellQuote(s string) string {
	if s != "" && strings.IndexFunc(s, func(r rune) bool {
		return !(r < utf8.RuneSelf && (r == '/' || r == '.' || r == '-' || r == '_' || r == '+' || r == ':' || r == '=' || r == ',' ||
			('a' <= r && r <= 'z') || ('A' <= r && r <= 'Z') || ('0' <= r && r <= '9')))
	}) < 0 {
		return s
	}
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}

func itoa(n int) string { return strconv.Itoa(n) }

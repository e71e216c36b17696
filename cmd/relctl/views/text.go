package views

import (
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
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

// cleanLine makes untrusted text safe for one line of output: control
// characters (escape sequences, carriage returns, bidirectional overrides)
// become U+FFFD and line breaks become spaces, so text from an issue or a
// provider cannot rewrite the terminal or fake a line of the plan.
func cleanLine(s string) string {
	return strings.Map(func(r rune) rune {
		switch {
		case r == '\n' || r == '\r' || r == '\t':
			return ' '
		case unsafeRune(r):
			return utf8.RuneError
		}
		return r
	}, s)
}

// cleanBlock is cleanLine for multi-line text: line breaks are kept
// (a CRLF becomes a plain newline) and tabs stay tabs.
func cleanBlock(s string) string {
	s = strings.ReplaceAll(s, "\r\n", "\n")
	return strings.Map(func(r rune) rune {
		switch {
		case r == '\n' || r == '\t':
			return r
		case r == '\r' || unsafeRune(r):
			return utf8.RuneError
		}
		return r
	}, s)
}

// unsafeRune reports control and format characters that terminals or
// browsers interpret: C0/C1 controls and bidirectional controls (invalid
// UTF-8 already decodes as U+FFFD).
func unsafeRune(r rune) bool {
	if unicode.IsControl(r) {
		return true
	}
	switch {
	case r >= 0x202A && r <= 0x202E, r >= 0x2066 && r <= 0x2069, r == 0x200E, r == 0x200F, r == 0x061C:
		return true
	}
	return false
}

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

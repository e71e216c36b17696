package markdown

import (
	"net/url"
	"strings"
	"unicode"
	"unicode/utf8"
)

// special are the characters Escape puts a backslash before: everything
// that can start emphasis, code, links, images, HTML, headings, lists,
// tables, strikethrough, entities or math.
const special = "\\`*_{}[]<>()#+-.!|~&$"

// MentionBreak follows every @ so that GitHub does not read a mention
// (and notify someone) in text that comes from issues or configuration.
const MentionBreak = "@\u200b"

// Escape makes untrusted text safe to place in Markdown as inline text,
// including in a table cell: every character with a Markdown meaning is
// backslash-escaped, @mentions are broken by a zero-width space after the
// @ (before a name, not in "@ 3.4.x"), and line breaks and control
// characters are removed, so the text stays on its line and no line can
// start a fence, a heading or a list.
func Escape(s string) string {
	var b strings.Builder
	rs := []rune(CleanLine(s))
	for i, r := range rs {
		switch {
		case r == '@' && i+1 < len(rs) && MentionRune(rs[i+1]):
			b.WriteString(MentionBreak)
		case r < 0x80 && strings.ContainsRune(special, r):
			b.WriteByte('\\')
			b.WriteRune(r)
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// MentionRune reports a rune that can follow @ in a GitHub mention.
func MentionRune(r rune) bool {
	return r == '_' || r == '-' || unicode.IsLetter(r) || unicode.IsDigit(r)
}

// SafeURL returns u as a link destination if it is an absolute http(s)
// URL, with the characters that could end or confuse a Markdown link
// percent-encoded.
func SafeURL(u string) (string, bool) {
	parsed, err := url.Parse(strings.TrimSpace(u))
	if err != nil || (parsed.Scheme != "https" && parsed.Scheme != "http") || parsed.Host == "" {
		return "", false
	}
	return urlEscaper.Replace(parsed.String()), true
}

var urlEscaper = strings.NewReplacer("(", "%28", ")", "%29", " ", "%20", "<", "%3C", ">", "%3E",
	"\"", "%22", "'", "%27", "`", "%60", "|", "%7C")

// Link is a Markdown link with escaped text, or the escaped text alone
// when the URL is not a safe http(s) URL.
func Link(text, u string) string {
	if dest, ok := SafeURL(u); ok {
		return "[" + Escape(text) + "](" + dest + ")"
	}
	return Escape(text)
}

// CleanLine makes untrusted text safe for one line of output: control
// characters (escape sequences, carriage returns, bidirectional overrides)
// become U+FFFD and line breaks become spaces, so text from an issue or a
// provider cannot rewrite the terminal or fake a line.
func CleanLine(s string) string {
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

// CleanBlock is CleanLine for multi-line text: line breaks are kept
// (a CRLF becomes a plain newline) and tabs stay tabs.
func CleanBlock(s string) string {
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

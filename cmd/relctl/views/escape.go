package views

import (
	"html"
	"net/url"
	"strings"
	"unicode"
)

// markdownSpecial are the characters EscapeMarkdown puts a backslash
// before: everything that can start emphasis, code, links, images, HTML,
// headings, lists, tables, strikethrough, entities or math.
const markdownSpecial = "\\`*_{}[]<>()#+-.!|~&$"

// mentionBreak follows every @ so that GitHub does not read a mention
// (and notify someone) in text that comes from issues or configuration.
const mentionBreak = "@\u200b"

// EscapeMarkdown makes untrusted text safe to place in Markdown as inline
// text, including in a table cell: every character with a Markdown
// meaning is backslash-escaped, @mentions are broken by a zero-width
// space after the @ (before a name, not in "@ 3.4.x"), and line breaks and control characters are removed,
// so the text stays on its line and no line can start a fence, a heading
// or a list.
func EscapeMarkdown(s string) string {
	var b strings.Builder
	rs := []rune(cleanLine(s))
	for i, r := range rs {
		switch {
		case r == '@' && i+1 < len(rs) && mentionRune(rs[i+1]):
			b.WriteString(mentionBreak)
		case r < 0x80 && strings.ContainsRune(markdownSpecial, r):
			b.WriteByte('\\')
			b.WriteRune(r)
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// mentionRune reports a rune that can follow @ in a GitHub mention.
func mentionRune(r rune) bool {
	return r == '_' || r == '-' || unicode.IsLetter(r) || unicode.IsDigit(r)
}

// escapeHTML makes untrusted text safe inside raw HTML such as a
// <summary>, where Markdown escapes are not read.
func escapeHTML(s string) string {
	rs := []rune(html.EscapeString(cleanLine(s)))
	var b strings.Builder
	for i, r := range rs {
		b.WriteRune(r)
		if r == '@' && i+1 < len(rs) && mentionRune(rs[i+1]) {
			b.WriteString(mentionBreak[1:])
		}
	}
	return b.String()
}

// backtickRun is the length of the longest run of backticks in s.
func backtickRun(s string) int {
	longest, run := 0, 0
	for i := 0; i < len(s); i++ {
		if s[i] == '`' {
			run++
			longest = max(longest, run)
		} else {
			run = 0
		}
	}
	return longest
}

// codeSpan puts untrusted text in an inline code span whose delimiter is
// longer than any backtick run inside, so the text cannot end it. Code
// spans are not read for mentions, links or HTML.
func codeSpan(s string) string {
	s = cleanLine(s)
	delim := strings.Repeat("`", backtickRun(s)+1)
	if strings.HasPrefix(s, "`") || strings.HasSuffix(s, "`") || strings.HasPrefix(s, " ") {
		s = " " + s + " "
	}
	return delim + s + delim
}

// fence returns the opening and closing lines of a fenced code block that
// the content cannot close: a backtick fence longer than any backtick run
// in it, and at least three long.
func fence(content, info string) (open, close string) {
	f := strings.Repeat("`", max(3, backtickRun(content)+1))
	return f + info, f
}

// safeURL returns u as a link destination if it is an absolute http(s)
// URL, with the characters that could end or confuse a Markdown link
// percent-encoded.
func safeURL(u string) (string, bool) {
	parsed, err := url.Parse(strings.TrimSpace(u))
	if err != nil || (parsed.Scheme != "https" && parsed.Scheme != "http") || parsed.Host == "" {
		return "", false
	}
	return urlEscaper.Replace(parsed.String()), true
}

var urlEscaper = strings.NewReplacer("(", "%28", ")", "%29", " ", "%20", "<", "%3C", ">", "%3E",
	"\"", "%22", "'", "%27", "`", "%60", "|", "%7C")

// link is a Markdown link with escaped text, or the escaped text alone
// when the URL is not a safe http(s) URL.
func link(text, u string) string {
	if dest, ok := safeURL(u); ok {
		return "[" + EscapeMarkdown(text) + "](" + dest + ")"
	}
	return EscapeMarkdown(text)
}

// mermaidLabel makes untrusted text safe inside a quoted Mermaid label:
// quotes, entity starts, tag starts and backticks (which switch Mermaid
// to its Markdown strings) become Mermaid entity codes.
func mermaidLabel(s string) string {
	return mermaidEscaper.Replace(cleanLine(s))
}

var mermaidEscaper = strings.NewReplacer("#", "#35;", "\"", "#quot;", "<", "#lt;", "&", "#amp;", "`", "#96;")

package views

import (
	"html"
	"strings"

	md "github.com/relctl/relctl/planner/markdown"
)

// mentionBreak follows every @ so that GitHub does not read a mention.
const mentionBreak = md.MentionBreak

// EscapeMarkdown makes untrusted text safe to place in Markdown as inline
// text, including in a table cell (see markdown.Escape, shared with the
// planner's release notes).
func EscapeMarkdown(s string) string { return md.Escape(s) }

func mentionRune(r rune) bool { return md.MentionRune(r) }

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

func safeURL(u string) (string, bool) { return md.SafeURL(u) }

// link is a Markdown link with escaped text, or the escaped text alone
// when the URL is not a safe http(s) URL.
func link(text, u string) string { return md.Link(text, u) }

// mermaidLabel makes untrusted text safe inside a quoted Mermaid label:
// quotes, entity starts, tag starts and backticks (which switch Mermaid
// to its Markdown strings) become Mermaid entity codes.
func mermaidLabel(s string) string {
	return mermaidEscaper.Replace(cleanLine(s))
}

var mermaidEscaper = strings.NewReplacer("#", "#35;", "\"", "#quot;", "<", "#lt;", "&", "#amp;", "`", "#96;")

package views

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// markdownSpecial are the ASCII characters with a Markdown meaning, which
// escaped text must never hold unescaped.
const markdownSpecial = "\\`*_{}[]<>()#+-.!|~&$"

func TestEscapeMarkdown(t *testing.T) {
	t.Parallel()
	tests := map[string]struct {
		in, want string
	}{
		"plain":            {in: "gravitee common", want: "gravitee common"},
		"version":          {in: "1.20.5-SNAPSHOT", want: `1\.20\.5\-SNAPSHOT`},
		"emphasis":         {in: "*a* _b_ ~~c~~", want: `\*a\* \_b\_ \~\~c\~\~`},
		"link":             {in: "[x](javascript:alert(1))", want: `\[x\]\(javascript:alert\(1\)\)`},
		"image":            {in: "![i](http://e/x.png)", want: `\!\[i\]\(http://e/x\.png\)`},
		"html":             {in: "<img src=x onerror=alert(1)>", want: `\<img src=x onerror=alert\(1\)\>`},
		"entity":           {in: "&#64;octocat", want: `\&\#64;octocat`},
		"table pipe":       {in: "a|b", want: `a\|b`},
		"heading":          {in: "# title", want: `\# title`},
		"list":             {in: "+ item", want: `\+ item`},
		"backslash":        {in: `a\b`, want: `a\\b`},
		"braces and math":  {in: "{$x$}", want: `\{\$x\$\}`},
		"fence":            {in: "```go", want: "\\`\\`\\`go"},
		"mention":          {in: "@octocat", want: "@\u200boctocat"},
		"team mention":     {in: "cc @acme/owners", want: "cc @\u200bacme/owners"},
		"lone at":          {in: "gh/acme @ 3.4.x", want: `gh/acme @ 3\.4\.x`},
		"newlines":         {in: "a\n```\r\nb", want: "a \\`\\`\\`  b"},
		"escape sequences": {in: "\x1b[31mred", want: "\uFFFD\\[31mred"},
		"bidi override":    {in: "a\u202Eb", want: "a\uFFFDb"},
		"unicode":          {in: "naïve → 日本", want: "naïve → 日本"},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			if diff := cmp.Diff(tc.want, EscapeMarkdown(tc.in)); diff != "" {
				t.Errorf("EscapeMarkdown(%q) (-want +got):\n%s", tc.in, diff)
			}
		})
	}
}

// Every ASCII character with a Markdown meaning comes out escaped, and no
// escaped text can hold a line break or a mention.
func TestEscapeMarkdownAllSpecials(t *testing.T) {
	t.Parallel()
	var in strings.Builder
	for c := 0x20; c < 0x7f; c++ {
		in.WriteByte(byte(c))
		in.WriteString("@a\n")
	}
	out := EscapeMarkdown(in.String())
	if strings.ContainsAny(out, "\n\r") {
		t.Errorf("escaped text has a line break: %q", out)
	}
	rs := []rune(out)
	for i, r := range rs {
		if r == '@' && i+1 < len(rs) && mentionRune(rs[i+1]) {
			t.Errorf("mention left at %d: %q", i, string(rs[i:min(i+5, len(rs))]))
		}
		if r < 0x80 && strings.ContainsRune(markdownSpecial, r) && r != '\\' {
			if i == 0 || rs[i-1] != '\\' {
				t.Errorf("%q at %d is not escaped", r, i)
			}
		}
	}
}

func TestFenceAndCodeSpan(t *testing.T) {
	t.Parallel()
	tests := map[string]struct {
		content, open, close, span string
	}{
		"no backticks":  {content: "a", open: "```diff", close: "```", span: "`a`"},
		"a fence":       {content: "```\nx\n```", open: "````diff", close: "````", span: "```` ``` x ``` ````"},
		"long run":      {content: "``````", open: "```````diff", close: "```````", span: "``````` `````` ```````"},
		"edge backtick": {content: "x`", open: "```diff", close: "```", span: "`` x` ``"},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			open, closing := fence(tc.content, "diff")
			if diff := cmp.Diff([]string{tc.open, tc.close, tc.span}, []string{open, closing, codeSpan(tc.content)}); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
}

func TestSafeURL(t *testing.T) {
	t.Parallel()
	tests := map[string]struct {
		in, want string
		ok       bool
	}{
		"https":      {in: "https://github.com/acme/issues/issues/4", want: "https://github.com/acme/issues/issues/4", ok: true},
		"parens":     {in: "https://e.com/a)(b", want: "https://e.com/a%29%28b", ok: true},
		"javascript": {in: "javascript:alert(1)", ok: false},
		"relative":   {in: "/acme/issues", ok: false},
		"data":       {in: "data:text/html,x", ok: false},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			got, ok := safeURL(tc.in)
			if got != tc.want || ok != tc.ok {
				t.Errorf("safeURL(%q) = %q, %v; want %q, %v", tc.in, got, ok, tc.want, tc.ok)
			}
		})
	}
}

func TestMermaidAndDotQuoting(t *testing.T) {
	t.Parallel()
	in := "a\"b#c<d>&`e\\l\nf"
	if diff := cmp.Diff("a#quot;b#35;c#lt;d>#amp;#96;e\\l f", mermaidLabel(in)); diff != "" {
		t.Errorf("mermaidLabel (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff(`"a\"b#c<d>&`+"`"+`e\\l f"`, dotQuote(in)); diff != "" {
		t.Errorf("dotQuote (-want +got):\n%s", diff)
	}
}

package views

import (
	"regexp"
	"strings"
	"unicode/utf8"
)

// frame is an open construct a split must close and reopen: a <details>
// block or a fenced code block.
type frame struct {
	// open is the line that opened it, without its newline.
	open  string
	fence bool
	// char and size describe a fence: its character and length.
	char byte
	size int
}

// closing is the text that closes the frame.
func (f frame) closing() string {
	if f.fence {
		return strings.Repeat(string(f.char), f.size) + "\n"
	}
	return "\n</details>\n"
}

// reopening is the text that opens the frame again in the next part; a
// <details> line is followed by a blank line so Markdown is read inside.
func (f frame) reopening() string {
	if f.fence {
		return f.open + "\n"
	}
	return f.open + "\n\n"
}

// piece is a line of the document (with its newline, except perhaps the
// last) or, once a line too long for a part was cut, a piece of one.
type piece struct {
	text  string
	runes int
	// after is the stack of open frames after the piece.
	after []frame
	// top: the piece ends a top-level block (a blank line outside any
	// frame, or the end of the document).
	top bool
	// structural pieces open or close a frame and are never cut.
	structural bool
}

var (
	fenceOpenRe = regexp.MustCompile("^ {0,3}(`{3,}|~{3,})(.*)$")
	detailsRe   = regexp.MustCompile(`(?i)<(/?)details(?:\s[^>]*)?>`)
)

// scanPieces cuts doc into lines and records the frames open after each.
func scanPieces(doc string) []piece {
	var out []piece
	var stack []frame
	heading := false // the last non-blank line was a heading
	for len(doc) > 0 {
		n := strings.IndexByte(doc, '\n') + 1
		if n == 0 {
			n = len(doc)
		}
		text := doc[:n]
		doc = doc[n:]
		next, changed := step(stack, strings.TrimSuffix(text, "\n"))
		stack = next
		blank := strings.TrimSpace(text) == ""
		out = append(out, piece{
			text: text, runes: utf8.RuneCountInString(text),
			after: stack, structural: changed,
			// A heading stays with the block it introduces.
			top: len(stack) == 0 && (blank && !heading || len(doc) == 0),
		})
		if !blank {
			heading = len(stack) == 0 && strings.HasPrefix(strings.TrimLeft(text, " "), "#")
		}
	}
	return out
}

// step applies one line to the stack of open frames. It returns a new
// slice whenever the stack changes, so earlier pieces keep theirs.
func step(stack []frame, line string) ([]frame, bool) {
	if n := len(stack); n > 0 && stack[n-1].fence {
		f := stack[n-1]
		t := strings.TrimLeft(line, " ")
		k := countPrefix(t, f.char)
		if len(line)-len(t) <= 3 && k >= f.size && strings.TrimRight(t[k:], " \t") == "" {
			return stack[: n-1 : n-1], true
		}
		return stack, false
	}
	if m := fenceOpenRe.FindStringSubmatch(line); m != nil && !(m[1][0] == '`' && strings.Contains(m[2], "`")) {
		return push(stack, frame{open: line, fence: true, char: m[1][0], size: len(m[1])}), true
	}
	changed := false
	for _, m := range detailsRe.FindAllStringSubmatch(line, -1) {
		switch {
		case m[1] == "":
			stack = push(stack, frame{open: line})
			changed = true
		case len(stack) > 0:
			stack = stack[: len(stack)-1 : len(stack)-1]
			changed = true
		}
	}
	return stack, changed
}

func push(stack []frame, f frame) []frame {
	out := make([]frame, len(stack), len(stack)+1)
	copy(out, stack)
	return append(out, f)
}

// countPrefix is how many times c starts s.
func countPrefix(s string, c byte) int {
	n := 0
	for n < len(s) && s[n] == c {
		n++
	}
	return n
}

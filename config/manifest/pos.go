package manifest

import (
	"fmt"
	"sort"
	"unicode/utf8"

	"github.com/hashicorp/hcl/v2"
)

// positions turns byte offsets of one file into hcl positions: lines
// counted from 1 at each '\n', columns in characters counted from 1.
type positions struct {
	filename   string
	src        []byte
	lineStarts []int
	// cont[i] counts the UTF-8 continuation bytes in src[:i]; nil for an
	// ASCII file. It keeps a position's cost logarithmic on long lines.
	cont []int32
}

func newPositions(filename string, src []byte) *positions {
	p := &positions{filename: filename, src: src, lineStarts: []int{0}}
	ascii := true
	for i, c := range src {
		if c == '\n' {
			p.lineStarts = append(p.lineStarts, i+1)
		}
		ascii = ascii && c < utf8.RuneSelf
	}
	if !ascii {
		p.cont = make([]int32, len(src)+1)
		for i, c := range src {
			p.cont[i+1] = p.cont[i]
			if c&0xC0 == 0x80 {
				p.cont[i+1]++
			}
		}
	}
	return p
}

func (p *positions) pos(off int) hcl.Pos {
	line := sort.Search(len(p.lineStarts), func(i int) bool { return p.lineStarts[i] > off }) - 1
	start := p.lineStarts[line]
	col := off - start
	if p.cont != nil {
		col -= int(p.cont[off] - p.cont[start])
	}
	return hcl.Pos{Line: line + 1, Column: col + 1, Byte: off}
}

// rng is the range of the bytes [start, end).
func (p *positions) rng(start, end int) hcl.Range {
	return hcl.Range{Filename: p.filename, Start: p.pos(start), End: p.pos(end)}
}

// charRange is the range of the one character at off (empty at the end of
// the file).
func (p *positions) charRange(off int) hcl.Range {
	end := off
	if off < len(p.src) {
		_, size := utf8.DecodeRune(p.src[off:])
		end += size
	}
	return p.rng(off, end)
}

func (p *positions) nodeRange(n *node) hcl.Range { return p.rng(n.start, n.end) }

// posText is "line L, column C" for an error message.
func posText(src []byte, off int) string {
	p := newPositions("", src).pos(off)
	return fmt.Sprintf("line %d, column %d", p.Line, p.Column)
}

// lineOf is the line number of off, as text.
func lineOf(src []byte, off int) string {
	return fmt.Sprint(newPositions("", src).pos(off).Line)
}

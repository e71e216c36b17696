package views

import (
	"fmt"
	"strings"
	"unicode/utf8"
)

// GitHubCommentLimit is the most characters GitHub accepts in a comment.
const GitHubCommentLimit = 65536

// SplitMarkdown splits a Markdown document into parts of at most limit
// characters (runes, as GitHub counts them), for GitHubCommentLimit-sized
// comments. A document that fits is returned whole.
//
// Parts end at block boundaries (a blank line outside any fenced code
// block or <details> block). A block larger than a part is split between
// lines: the open fence and <details> blocks are closed at the end of the
// part and opened again, with the same opening lines, at the start of the
// next, so every part is well-formed on its own. Only a single line longer
// than a part is cut inside, preferably at a space. Each part after the
// first starts with a "(continued, part 2 of 3)" line.
//
// Only the first part keeps the document's first line (the hidden marker
// of WritePlanMarkdown). A caller that marks every part, to find and edit
// them all later, prepends its marker to each and passes a limit reduced
// by the marker's length.
//
// A limit too small for the continuation line and the reopened blocks
// cannot be honoured; parts then exceed it by as little as possible (one
// character of the document per part at least).
func SplitMarkdown(doc string, limit int) []string {
	segs := splitDocument(doc, limit)
	parts := make([]string, len(segs))
	for i, s := range segs {
		parts[i] = s.render(i, len(segs))
	}
	return parts
}

// splitDocument finds the parts' segments. The continuation line's length
// depends on the number of parts, so room is first made for one-digit
// part numbers, then for more while the parts do not fit.
func splitDocument(doc string, limit int) []segment {
	if utf8.RuneCountInString(doc) <= limit {
		return []segment{{body: doc}}
	}
	for widest := 9; ; widest = widest*10 + 9 {
		segs := splitSegments(doc, limit, utf8.RuneCountInString(continued(widest, widest)))
		if len(segs) <= widest {
			return segs
		}
	}
}

// continued is the first line of a part after the first, with the blank
// line after it.
func continued(part, total int) string {
	return fmt.Sprintf("(continued, part %d of %d)\n\n", part, total)
}

// segment is one part: the frames it reopens, a stretch of the document
// and the frames it closes.
type segment struct {
	reopen []frame
	body   string
	close  []frame
}

func (s segment) render(i, n int) string {
	var b strings.Builder
	if i > 0 {
		b.WriteString(continued(i+1, n))
	}
	b.WriteString(reopenText(s.reopen))
	b.WriteString(s.body)
	b.WriteString(closeText(s.close, s.body))
	return b.String()
}

func reopenText(fs []frame) string {
	var b strings.Builder
	for _, f := range fs {
		b.WriteString(f.reopening())
	}
	return b.String()
}

// closeText closes the frames, innermost first, after body.
func closeText(fs []frame, body string) string {
	if len(fs) == 0 {
		return ""
	}
	var b strings.Builder
	if !strings.HasSuffix(body, "\n") {
		b.WriteByte('\n')
	}
	for i := len(fs) - 1; i >= 0; i-- {
		b.WriteString(fs[i].closing())
	}
	return b.String()
}

func closeCost(fs []frame, body string) int { return utf8.RuneCountInString(closeText(fs, body)) }

// splitSegments packs the document's pieces greedily into segments that
// fit limit with a continuation line of header runes.
func splitSegments(doc string, limit, header int) []segment {
	ps := scanPieces(doc)
	var segs []segment
	var reopen []frame
	for start := 0; start < len(ps); {
		room := limit - utf8.RuneCountInString(reopenText(reopen))
		if len(segs) > 0 {
			room -= header
		}
		end, used := fitPieces(ps, start, room)
		before := reopen
		if end >= start {
			before = ps[end].after
		}
		// A line longer than a whole part must be cut anyway: cut it here
		// to fill this part, unless the part ends a top-level block.
		if next := end + 1; next < len(ps) && (end < start || !ps[end].top && alone(ps[next]) > room) {
			if avail := room - used - closeCost(before, ""); avail >= 1 || end < start {
				if cut := cutPiece(ps, next, before, avail); cut != nil {
					ps, end = cut, next
				}
			}
		}
		if end < start {
			end = start // a structural line longer than a part goes whole
		}
		body := joinPieces(ps[start : end+1])
		seg := segment{reopen: reopen, body: body, close: ps[end].after}
		if end == len(ps)-1 {
			seg.close = nil
		}
		segs = append(segs, seg)
		reopen, start = ps[end].after, end+1
	}
	return segs
}

// alone is the room a piece needs in a part of its own.
func alone(p piece) int { return p.runes + closeCost(p.after, p.text) }

// fitPieces is the last piece, from start, at which a segment may end
// within room: the last top-level block boundary that fits, else the last
// line that fits with its closing text; start-1 when not even the first
// piece fits.
func fitPieces(ps []piece, start, room int) (end, used int) {
	used, lastTop, lastAny := 0, -1, start-1
	usedTop, usedAny := 0, 0
	for j := start; j < len(ps); j++ {
		used += ps[j].runes
		cost := used
		if j < len(ps)-1 {
			cost += closeCost(ps[j].after, ps[j].text)
		}
		if cost > room {
			break
		}
		lastAny, usedAny = j, used
		if ps[j].top {
			lastTop, usedTop = j, used
		}
	}
	if lastTop >= start {
		return lastTop, usedTop
	}
	return lastAny, usedAny
}

// cutPiece cuts the piece at i in two: a first piece of at most avail
// runes (at least one), ending after a space when one is in its second
// half, and the rest. It returns nil for a structural line, which is
// never cut, or a piece that cannot give up a rune.
func cutPiece(ps []piece, i int, before []frame, avail int) []piece {
	p := ps[i]
	rs := []rune(p.text)
	if p.structural || len(rs) < 2 {
		return nil
	}
	k := min(max(avail, 1), len(rs)-1)
	for j := k - 1; j > k/2; j-- {
		if rs[j] == ' ' || rs[j] == '\t' {
			k = j + 1
			break
		}
	}
	head := piece{text: string(rs[:k]), runes: k, after: before}
	tail := piece{text: string(rs[k:]), runes: len(rs) - k, after: p.after, top: p.top}
	out := make([]piece, 0, len(ps)+1)
	out = append(out, ps[:i]...)
	out = append(out, head, tail)
	return append(out, ps[i+1:]...)
}

func joinPieces(ps []piece) string {
	var b strings.Builder
	for _, p := range ps {
		b.WriteString(p.text)
	}
	return b.String()
}

package views

import (
	"strings"

	"github.com/relctl/relctl/planner/plan"
	"github.com/relctl/relctl/providers"
)

// actionRow is an action laid out for a listing, shared by the terminal
// and Markdown renderings.
type actionRow struct {
	// Text is the address padded to the column, the first description
	// line and the tags ("[irreversible]", "(already done)").
	Text string
	// More are the further description lines, to align at Indent.
	More   []string
	Indent int
	// Diff are the diff lines shown under the action.
	Diff []string
}

// layoutAction lays out an action whose relative address is addr in an
// address column col wide; an address that does not fit overflows the
// column by a gap of three.
func layoutAction(a *plan.Action, addr string, col int) actionRow {
	desc := lines(cleanBlock(a.Description))
	first := ""
	if len(desc) > 0 {
		first = desc[0]
	}
	addr = cleanLine(addr)
	if width(addr) >= col {
		addr += "   "
	}
	r := actionRow{
		Text:   pad(addr, col) + first + actionTags(a),
		Indent: width(pad(addr, col)),
		Diff:   lines(cleanBlock(a.Diff)),
	}
	if len(desc) > 1 {
		r.More = desc[1:]
	}
	return r
}

// actionTags are the markers after the description: "[irreversible]"
// for what cannot be undone, "(already done)" for a no-op.
func actionTags(a *plan.Action) string {
	switch {
	case a.Operation == providers.OpNoop:
		return "   (already done)"
	case irreversible(a):
		return "   [irreversible]"
	}
	return ""
}

// addressColumn is the width of a stage's address column: the widest
// address plus a gap of three, ignoring addresses wider than limit when
// limit is positive.
func addressColumn(s stageActions, limit int) int {
	w := 0
	for _, wave := range s.Waves {
		for _, a := range wave {
			n := width(cleanLine(relAddress(a, s.ForEach)))
			if limit > 0 && n > limit {
				continue
			}
			w = max(w, n)
		}
	}
	return w + 3
}

// trimRight drops trailing spaces, which padding leaves on a line whose
// description is empty.
func trimRight(s string) string { return strings.TrimRight(s, " ") }

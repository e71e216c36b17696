package views

import (
	"strings"

	"github.com/relctl/relctl/planner"
	"github.com/relctl/relctl/providers"
)

// diffIndent is how far a diff line sits right of its action's symbol.
const diffIndent = "      "

// stages writes every stage: its header, then its actions by wave.
func (h *human) stages(p *planner.Plan) {
	for _, s := range planStages(p) {
		h.stage(s)
	}
}

func (h *human) stage(s stageActions) {
	name := "Stage " + cleanLine(s.Name)
	switch {
	case s.Actions == 0:
		h.line(h.st.paint(sgrBold, name+":"), " no actions")
		return
	case len(s.Waves) > 1:
		name += " (" + plural(len(s.Waves), "wave", "waves") + ")"
	}
	h.line(h.st.paint(sgrBold, name+":"))
	indent := "  "
	if len(s.Waves) > 1 {
		indent = "    "
	}
	col := addressColumn(s, h.o.Width)
	for _, wave := range s.Waves {
		if len(s.Waves) > 1 {
			h.line("  ", h.st.paint(sgrBold, "wave "+itoa(wave[0].Wave+1)+":"))
		}
		for _, a := range wave {
			h.action(a, indent, relAddress(a, s.ForEach), col)
		}
	}
}

// addressColumn is the width of a stage's address column: the widest
// address plus a gap of three, ignoring addresses wider than half the
// terminal when its width is known.
func addressColumn(s stageActions, termWidth int) int {
	w := 0
	for _, wave := range s.Waves {
		for _, a := range wave {
			n := width(cleanLine(relAddress(a, s.ForEach)))
			if termWidth > 0 && n > termWidth/2 {
				continue
			}
			w = max(w, n)
		}
	}
	return w + 3
}

// action writes one action line, its further description lines aligned
// under the first, and its diff.
func (h *human) action(a *planner.Action, indent, addr string, col int) {
	desc := lines(cleanBlock(a.Description))
	first := ""
	if len(desc) > 0 {
		first = desc[0]
	}
	addr = cleanLine(addr)
	if width(addr) >= col {
		addr += "   "
	}
	text := pad(addr, col) + first + actionTags(a)
	if a.Operation == providers.OpNoop {
		h.line(indent, h.st.paint(sgrDim, "= "+text))
	} else {
		h.line(indent, h.st.paint(opColor(a.Operation), a.Operation.Symbol()), " ", text)
	}
	cont := strings.Repeat(" ", width(indent)+2+max(col, width(addr)))
	for _, l := range desc[min(1, len(desc)):] {
		h.line(cont, l)
	}
	for _, l := range lines(cleanBlock(a.Diff)) {
		h.line(indent, diffIndent, h.st.diffLine(l))
	}
}

// actionTags are the markers after the description: "[irreversible]"
// for what cannot be undone, "(already done)" for a no-op.
func actionTags(a *planner.Action) string {
	switch {
	case a.Operation == providers.OpNoop:
		return "   (already done)"
	case irreversible(a):
		return "   [irreversible]"
	}
	return ""
}

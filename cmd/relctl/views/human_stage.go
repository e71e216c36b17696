package views

import (
	"strings"

	"github.com/relctl/relctl/planner/plan"
)

// diffIndent is how far a diff line sits right of its action's symbol.
const diffIndent = "      "

// stages writes every stage: its header, then its actions by wave.
func (h *human) stages(p *plan.Plan) {
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
	col := addressColumn(s, h.o.Width/2)
	for _, wave := range s.Waves {
		if len(s.Waves) > 1 {
			h.line("  ", h.st.paint(sgrBold, "wave "+itoa(wave[0].Wave+1)+":"))
		}
		for _, a := range wave {
			h.action(a, indent, relAddress(a, s.ForEach), col)
		}
	}
}

// action writes one action line, its further description lines aligned
// under the first, and its diff.
func (h *human) action(a *plan.Action, indent, addr string, col int) {
	r := layoutAction(a, addr, col)
	if !a.Performed() { // already done or disabled
		h.line(indent, h.st.paint(sgrDim, a.Operation.Symbol()+" "+r.Text))
	} else {
		h.line(indent, h.st.paint(opColor(a.Operation), a.Operation.Symbol()), " ", r.Text)
	}
	cont := strings.Repeat(" ", width(indent)+2+r.Indent)
	for _, l := range r.More {
		h.line(cont, l)
	}
	for _, l := range r.Diff {
		h.line(indent, diffIndent, h.st.diffLine(l))
	}
}

package views

import (
	"fmt"
	"strings"

	"github.com/relctl/relctl/planner/plan"
)

// maxWaveKeys is how many for_each keys a wave node of the diagram names.
const maxWaveKeys = 5

// stages writes each stage's actions in a collapsed <details> block. The
// listing is a ```diff block so GitHub colours created (+) and deleted
// (-) actions and the lines of their diffs.
func (m *markdown) stages() {
	ss := planStages(m.p)
	if len(m.p.Actions) == 0 {
		return
	}
	m.block("### Stages")
	for _, s := range ss {
		m.stage(s)
	}
}

func (m *markdown) stage(s stageActions) {
	summary := "Stage " + escapeHTML(s.Name) + " — " + plural(s.Actions, "action", "actions")
	if len(s.Waves) > 1 {
		summary += ", " + plural(len(s.Waves), "wave", "waves")
	}
	m.block("<details><summary>" + summary + "</summary>")
	if s.Actions > 0 {
		body := stageListing(s)
		open, close := fence(body, "diff")
		m.block(open, strings.TrimSuffix(body, "\n"), close)
	}
	m.block("</details>")
}

// stageListing is the text of a stage's actions in the ```diff block:
// one line per action with its symbol in the first column, "@@ wave N @@"
// before each wave of a stage with several, and diff lines whose marker
// stays in the first column.
func stageListing(s stageActions) string {
	var b strings.Builder
	col := addressColumn(s, 0)
	for _, wave := range s.Waves {
		if len(s.Waves) > 1 {
			fmt.Fprintf(&b, "@@ wave %d @@\n", wave[0].Wave+1)
		}
		for _, a := range wave {
			r := layoutAction(a, relAddress(a, s.ForEach), col)
			b.WriteString(trimRight(a.Operation.Symbol()+" "+r.Text) + "\n")
			for _, l := range r.More {
				b.WriteString(strings.Repeat(" ", 2+r.Indent) + l + "\n")
			}
			for _, l := range r.Diff {
				b.WriteString(diffListingLine(l) + "\n")
			}
		}
	}
	return b.String()
}

// diffListingLine indents a diff line under its action while keeping its
// + or - marker in the first column, where GitHub's diff colouring reads it.
// File headers (--- a/x, +++ b/x) and hunk headers stay whole, as
// context.
func diffListingLine(l string) string {
	header := strings.HasPrefix(l, "--- ") || strings.HasPrefix(l, "+++ ") || strings.HasPrefix(l, "@@")
	if l != "" && !header && (l[0] == '+' || l[0] == '-' || l[0] == ' ') {
		return trimRight(l[:1] + "       " + l[1:])
	}
	return trimRight("        " + l)
}

// diagram is a Mermaid flowchart of the stages, each a subgraph of its
// waves in order, with an edge for every stage dependency.
func (m *markdown) diagram() {
	ss := planStages(m.p)
	if len(ss) == 0 {
		return
	}
	body := stageDiagram(ss)
	open, close := fence(body, "mermaid")
	m.block("### Stages and waves")
	m.block(open, strings.TrimSuffix(body, "\n"), close)
}

func stageDiagram(ss []stageActions) string {
	var b strings.Builder
	b.WriteString("flowchart TD\n")
	ids := make(map[string]string, len(ss))
	for i, s := range ss {
		id := fmt.Sprintf("s%d", i+1)
		ids[s.Name] = id
		title := s.Name
		if len(s.Waves) > 1 {
			title += " · " + plural(len(s.Waves), "wave", "waves")
		}
		fmt.Fprintf(&b, "  subgraph %s[\"%s\"]\n", id, mermaidLabel(title))
		if len(s.Waves) == 0 {
			fmt.Fprintf(&b, "    %sw0[\"no actions\"]\n", id)
		}
		for j, wave := range s.Waves {
			fmt.Fprintf(&b, "    %sw%d[\"%s\"]\n", id, j+1, mermaidLabel(waveLabel(s, wave)))
			if j > 0 {
				fmt.Fprintf(&b, "    %sw%d --> %sw%d\n", id, j, id, j+1)
			}
		}
		b.WriteString("  end\n")
	}
	for _, s := range ss {
		for _, d := range s.DependsOn {
			if from, ok := ids[d]; ok {
				fmt.Fprintf(&b, "  %s --> %s\n", from, ids[s.Name])
			}
		}
	}
	return b.String()
}

// waveLabel names a wave by its for_each keys ("wave 2: a, b +3 more"),
// or counts its actions in a stage without for_each.
func waveLabel(s stageActions, wave []*plan.Action) string {
	prefix := ""
	if len(s.Waves) > 1 {
		prefix = fmt.Sprintf("wave %d: ", wave[0].Wave+1)
	}
	if !s.ForEach {
		return prefix + plural(len(wave), "action", "actions")
	}
	var keys []string
	seen := map[string]bool{}
	for _, a := range wave {
		if !seen[a.Key] {
			seen[a.Key] = true
			keys = append(keys, a.Key)
		}
	}
	label := strings.Join(keys[:min(len(keys), maxWaveKeys)], ", ")
	if len(keys) > maxWaveKeys {
		label += fmt.Sprintf(" +%d more", len(keys)-maxWaveKeys)
	}
	return prefix + label
}

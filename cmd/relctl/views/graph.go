package views

import (
	"fmt"
	"io"
	"strings"

	"github.com/relctl/relctl/planner/plan"
)

// graphNode is an action placed in the graph, with the identifier and
// label the graph formats give it.
type graphNode struct {
	action *plan.Action
	id     string
	label  string
}

// graphStage is a stage of the graph: its waves of nodes.
type graphStage struct {
	stageActions
	waves [][]graphNode
}

// actionGraph lays out the plan's actions by stage and wave, names each
// with an identifier made by id, and labels it with its symbol and its
// address relative to the stage.
func actionGraph(p *plan.Plan, id func(i int, a *plan.Action) string) ([]graphStage, map[string]string) {
	ids := make(map[string]string, len(p.Actions))
	var out []graphStage
	n := 0
	for _, s := range planStages(p) {
		gs := graphStage{stageActions: s}
		for _, wave := range s.Waves {
			var nodes []graphNode
			for _, a := range wave {
				n++
				node := graphNode{action: a, id: id(n, a), label: a.Operation.Symbol() + " " + relAddress(a, s.ForEach)}
				ids[a.Address] = node.id
				nodes = append(nodes, node)
			}
			gs.waves = append(gs.waves, nodes)
		}
		out = append(out, gs)
	}
	return out, ids
}

// graphEdge is a dependency: from must finish before to starts.
type graphEdge struct{ from, to string }

// graphEdges lists every dependency in layout order. A dependency on an
// address the plan does not hold gets a node of its own (named by
// missing), so a broken plan shows as such instead of losing the edge.
func graphEdges(stages []graphStage, ids map[string]string, missing func(addr string) string) []graphEdge {
	var edges []graphEdge
	for _, s := range stages {
		for _, wave := range s.waves {
			for _, n := range wave {
				for _, d := range n.action.DependsOn {
					from, ok := ids[d]
					if !ok {
						from = missing(d)
						ids[d] = from
					}
					edges = append(edges, graphEdge{from: from, to: n.id})
				}
			}
		}
	}
	return edges
}

// WriteGraphDot writes the plan's action graph in Graphviz DOT: a cluster
// per stage (and per wave in a stage with several), a node per action
// labelled with its symbol and address, and an edge from each dependency
// to the action that waits for it. Already-done actions are dashed and
// irreversible ones drawn with a double border.
func WriteGraphDot(w io.Writer, p *plan.Plan) error {
	var b strings.Builder
	stages, ids := actionGraph(p, func(_ int, a *plan.Action) string { return dotQuote(a.Address) })
	b.WriteString("digraph relctl {\n  fontname = \"Helvetica\";\n  node [shape = \"box\", fontname = \"Helvetica\"];\n")
	for i, s := range stages {
		fmt.Fprintf(&b, "  subgraph \"cluster_%d\" {\n    label = %s;\n", i, dotQuote(stageTitle(s.stageActions)))
		for j, wave := range s.waves {
			indent := "    "
			if len(s.waves) > 1 {
				fmt.Fprintf(&b, "    subgraph \"cluster_%d_%d\" {\n      label = \"wave %d\";\n", i, j, wave[0].action.Wave+1)
				indent = "      "
			}
			for _, n := range wave {
				fmt.Fprintf(&b, "%s%s [label = %s%s];\n", indent, n.id, dotQuote(n.label), dotStyle(n.action))
			}
			if len(s.waves) > 1 {
				b.WriteString("    }\n")
			}
		}
		b.WriteString("  }\n")
	}
	for _, e := range graphEdges(stages, ids, dotQuote) {
		fmt.Fprintf(&b, "  %s -> %s;\n", e.from, e.to)
	}
	b.WriteString("}\n")
	if _, err := io.WriteString(w, b.String()); err != nil {
		return fmt.Errorf("writing graph: %w", err)
	}
	return nil
}

// stageTitle is "stage maven (3 waves)".
func stageTitle(s stageActions) string {
	t := "stage " + s.Name
	if len(s.Waves) > 1 {
		t += " (" + plural(len(s.Waves), "wave", "waves") + ")"
	}
	return t
}

func dotStyle(a *plan.Action) string {
	switch {
	case !a.Performed():
		return ", style = \"dashed\""
	case irreversible(a):
		return ", peripheries = 2"
	}
	return ""
}

// dotQuote makes a DOT quoted string; backslashes are doubled so that
// Graphviz's label escapes (\l, \N…) cannot be smuggled in.
func dotQuote(s string) string {
	return `"` + dotEscaper.Replace(cleanLine(s)) + `"`
}

var dotEscaper = strings.NewReplacer(`\`, `\\`, `"`, `\"`)

// WriteGraphMermaid writes the plan's action graph as a Mermaid
// flowchart: a subgraph per stage, a node per action and an edge from
// each dependency to the action that waits for it. Identifiers are
// generated (a1, a2…), so only labels carry plan text, escaped.
func WriteGraphMermaid(w io.Writer, p *plan.Plan) error {
	var b strings.Builder
	stages, ids := actionGraph(p, func(i int, _ *plan.Action) string { return fmt.Sprintf("a%d", i) })
	b.WriteString("flowchart TD\n")
	var noop, irrev []string
	for i, s := range stages {
		fmt.Fprintf(&b, "  subgraph s%d[\"%s\"]\n", i+1, mermaidLabel(stageTitle(s.stageActions)))
		for _, wave := range s.waves {
			for _, n := range wave {
				fmt.Fprintf(&b, "    %s[\"%s\"]\n", n.id, mermaidLabel(n.label))
				switch {
				case !n.action.Performed():
					noop = append(noop, n.id)
				case irreversible(n.action):
					irrev = append(irrev, n.id)
				}
			}
		}
		b.WriteString("  end\n")
	}
	var extra []string
	edges := graphEdges(stages, ids, func(addr string) string {
		id := fmt.Sprintf("x%d", len(extra)+1)
		extra = append(extra, fmt.Sprintf("  %s[\"%s (not in the plan)\"]\n", id, mermaidLabel(addr)))
		return id
	})
	b.WriteString(strings.Join(extra, ""))
	for _, e := range edges {
		fmt.Fprintf(&b, "  %s --> %s\n", e.from, e.to)
	}
	writeClass(&b, "noop", "stroke-dasharray: 5 5", noop)
	writeClass(&b, "irreversible", "stroke-width: 3px", irrev)
	if _, err := io.WriteString(w, b.String()); err != nil {
		return fmt.Errorf("writing graph: %w", err)
	}
	return nil
}

func writeClass(b *strings.Builder, name, style string, ids []string) {
	if len(ids) == 0 {
		return
	}
	fmt.Fprintf(b, "  classDef %s %s\n  class %s %s\n", name, style, strings.Join(ids, ","), name)
}

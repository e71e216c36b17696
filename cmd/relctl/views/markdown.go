package views

import (
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/relctl/relctl/planner/plan"
)

// MarkdownOptions shape the Markdown rendering of a plan.
type MarkdownOptions struct {
	// PlanPath is the plan file the apply command names ("plan.out" when
	// empty).
	PlanPath string
	// Marker is a hidden HTML comment written as the first line, by
	// which relctl finds the comment it posted before, e.g.
	// "<!-- relctl:plan -->". Empty: no marker.
	Marker string
}

// WritePlanMarkdown writes the plan as one Markdown document for a pull
// request comment (SPEC §8): the title with the plan's SHA-256, the
// components table, each stage's actions in a collapsed <details> block,
// the actions that cannot be undone, a Mermaid diagram of stages and
// waves and the exact apply command. Text from issues, configuration and
// providers is escaped. Split long documents with SplitMarkdown.
func WritePlanMarkdown(w io.Writer, p *plan.Plan, o MarkdownOptions) error {
	m := &markdown{p: p, released: releasedSet(p), issueURLs: issueURLs(p)}
	m.title(o)
	m.warnings()
	m.components()
	m.stages()
	m.irreversible()
	m.diagram()
	m.apply(o)
	if _, err := io.WriteString(w, m.b.String()); err != nil {
		return fmt.Errorf("writing plan as Markdown: %w", err)
	}
	return nil
}

// markdown accumulates the document, one block after another.
type markdown struct {
	b         strings.Builder
	p         *plan.Plan
	released  map[string]bool
	issueURLs map[int]string
}

func (m *markdown) line(parts ...string) {
	m.b.WriteString(strings.Join(parts, ""))
	m.b.WriteByte('\n')
}

// block writes lines followed by a blank line.
func (m *markdown) block(ls ...string) {
	for _, l := range ls {
		m.line(l)
	}
	m.line()
}

func (m *markdown) title(o MarkdownOptions) {
	if o.Marker != "" {
		m.line(cleanLine(o.Marker))
	}
	what := strings.TrimSpace(m.p.Release.Name + " " + m.p.Release.Version)
	t := "## relctl plan: " + EscapeMarkdown(what)
	if m.p.PlanID != "" {
		t += " (" + codeSpan(shortID(m.p.PlanID)) + ")"
	}
	m.block(t)
	var info []string
	if m.p.PlanID != "" {
		info = append(info, "Plan sha256: "+codeSpan(m.p.PlanID))
	}
	if ms := m.p.Milestone; ms != nil {
		name := fmt.Sprintf("%s#%d \"%s\"", ms.Repo, ms.Number, ms.Title)
		info = append(info, "Milestone "+link(name, ms.URL)+": "+plural(len(ms.Issues), "issue", "issues"))
	}
	if len(info) > 0 {
		m.block(strings.Join(info, "<br>\n"))
	}
	if m.p.HasChanges() {
		m.block("**Plan: " + summary(m.p.Count()) + "**")
	} else {
		m.block("**" + noChanges + "**")
	}
}

func (m *markdown) warnings() {
	if len(m.p.Warnings) == 0 {
		return
	}
	m.line("> [!WARNING]")
	for _, w := range m.p.Warnings {
		m.line("> - ", EscapeMarkdown(w))
	}
	m.line()
}

func (m *markdown) components() {
	p := m.p
	if componentTotal(p) == 0 && (p.Milestone == nil || len(p.Milestone.Unmapped) == 0) {
		return
	}
	m.block(fmt.Sprintf("### Components (%d of %d)", len(p.Components), componentTotal(p)))
	if len(p.Components) > 0 {
		m.line("| Component | Current → version | Next | Reason | Issues |")
		m.line("| --- | --- | --- | --- | --- |")
		for i := range p.Components {
			m.line(m.componentRow(&p.Components[i]))
		}
		m.line()
	}
	if ms := p.Milestone; ms != nil && len(ms.Unmapped) > 0 {
		m.line("Unmapped issues (no component label):")
		for _, is := range ms.Unmapped {
			m.line("- ", m.issueLink(is.Number), " ", EscapeMarkdown(is.Title))
		}
		m.line()
	}
	if len(p.NotReleased) > 0 {
		m.line("Not released:")
		listed, unselected := notReleased(p)
		for _, n := range listed {
			m.line("- ", EscapeMarkdown(n.Name), ": ", EscapeMarkdown(n.Why))
		}
		if len(unselected) > 0 {
			m.line("- ", EscapeMarkdown(unselectedLine(unselected)))
		}
		m.line()
	}
}

func (m *markdown) componentRow(c *plan.Component) string {
	reason := c.Reason
	if c.Reason == plan.ReasonDependency {
		if deps := releasedDeps(m.released, c); len(deps) > 0 {
			reason += " (" + strings.Join(deps, ", ") + ")"
		}
	}
	shown, more := shownIssues(c)
	issues := make([]string, len(shown))
	for i, n := range shown {
		issues[i] = m.issueLink(n)
	}
	cells := []string{
		EscapeMarkdown(c.Name),
		EscapeMarkdown(currentOf(*c)) + " → **" + EscapeMarkdown(c.Version) + "**",
		EscapeMarkdown(c.Next),
		EscapeMarkdown(reason),
		strings.Join(issues, " ") + EscapeMarkdown(moreText(more)),
	}
	return "| " + strings.Join(cells, " | ") + " |"
}

// issueLink is "#N" linked to the issue: its own URL when the milestone
// listed it, else one made from the milestone's URL; unlinked (and
// escaped) when neither is known.
func (m *markdown) issueLink(n int) string {
	text := "#" + strconv.Itoa(n)
	if u, ok := m.issueURLs[n]; ok {
		return link(text, u)
	}
	if ms := m.p.Milestone; ms != nil {
		if i := strings.LastIndex(ms.URL, "/milestone/"); i > 0 {
			return link(text, ms.URL[:i]+"/issues/"+strconv.Itoa(n))
		}
	}
	return EscapeMarkdown(text)
}

// issueURLs maps the milestone's issue numbers to their URLs.
func issueURLs(p *plan.Plan) map[int]string {
	urls := map[int]string{}
	if ms := p.Milestone; ms != nil {
		for _, list := range [][]plan.MilestoneIssue{ms.Issues, ms.Unmapped} {
			for _, is := range list {
				if is.URL != "" {
					urls[is.Number] = is.URL
				}
			}
		}
	}
	return urls
}

func (m *markdown) irreversible() {
	var items []string
	for _, s := range planStages(m.p) {
		for _, wave := range s.Waves {
			for _, a := range wave {
				if irreversible(a) {
					items = append(items, "- "+codeSpan(a.Address)+": "+EscapeMarkdown(a.Description))
				}
			}
		}
	}
	if len(items) == 0 {
		return
	}
	m.block(fmt.Sprintf("### Cannot be undone (%d)", len(items)))
	m.block(items...)
}

func (m *markdown) apply(o MarkdownOptions) {
	if !m.p.HasChanges() {
		return
	}
	m.block("### Apply")
	if m.p.PlanID == "" {
		m.block("This plan was not saved, so it cannot be applied exactly as shown. Save it with `relctl plan -out plan.out`.")
		return
	}
	path := o.PlanPath
	if path == "" {
		path = "plan.out"
	}
	cmd := "relctl apply -plan-sha256 " + m.p.PlanID + " " + shellQuote(cleanLine(path))
	open, close := fence(cmd, "sh")
	m.block("After review, apply exactly this plan (relctl refuses any other):")
	m.block(open, cmd, close)
}

package views

import (
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/relctl/relctl/planner/plan"
)

// Options shape the human rendering of a plan.
type Options struct {
	// Color paints symbols, diffs and headings with ANSI colours.
	Color bool
	// Width is the terminal width in columns (0: unknown). Addresses
	// wider than half of it do not widen the address column; they
	// overflow it instead, so one long address cannot push every
	// description off the screen. Text is never cut.
	Width int
	// PlanPath is where the plan was saved ("" when it was not).
	PlanPath string
	// Applying says the plan is shown before apply performs it, so the
	// advice to save it does not apply.
	Applying bool
}

// noChanges is what a plan with nothing to perform says.
const noChanges = "No changes. The world already matches the configuration."

// WritePlan writes the human rendering of a plan (SPEC §6): the release,
// the components and their versions, each stage's actions by wave with
// their diffs, the counts, where the plan was saved and the warnings.
func WritePlan(w io.Writer, p *plan.Plan, o Options) error {
	h := &human{st: style{o.Color}, o: o}
	h.header(p)
	h.components(p)
	h.stages(p)
	h.footer(p)
	h.warnings(p)
	if _, err := io.WriteString(w, h.b.String()); err != nil {
		return fmt.Errorf("writing plan: %w", err)
	}
	return nil
}

// human accumulates the rendering.
type human struct {
	b  strings.Builder
	st style
	o  Options
}

func (h *human) line(parts ...string) {
	h.b.WriteString(strings.TrimRight(strings.Join(parts, ""), " "))
	h.b.WriteByte('\n')
}

// blank writes an empty line unless the last line already is one.
func (h *human) blank() {
	if s := h.b.String(); s != "" && !strings.HasSuffix(s, "\n\n") {
		h.b.WriteByte('\n')
	}
}

func (h *human) header(p *plan.Plan) {
	what := strings.TrimSpace(cleanLine(p.Release.Name + " " + p.Release.Version))
	s := "relctl will release " + h.st.paint(sgrBold, what)
	if m := p.Milestone; m != nil {
		s += fmt.Sprintf(" (milestone %s#%d \"%s\": %s)", cleanLine(m.Repo), m.Number,
			cleanLine(m.Title), plural(len(m.Issues), "issue", "issues"))
	}
	h.line(s)
	h.blank()
}

func (h *human) components(p *plan.Plan) {
	total := componentTotal(p)
	if total == 0 && p.Milestone == nil {
		return
	}
	names := make([]string, 0, total)
	for _, c := range p.Components {
		names = append(names, cleanLine(c.Name))
	}
	for _, n := range p.NotReleased {
		names = append(names, cleanLine(n.Name))
	}
	nameW := maxWidth(names) + 3
	head := fmt.Sprintf("Components (%d of %d):", len(p.Components), total)
	if len(p.Components) == 0 {
		head += " none to release"
	}
	h.line(h.st.paint(sgrBold, head))
	for _, row := range componentRows(p, nameW) {
		h.line("  ", row)
	}
	if m := p.Milestone; m != nil && len(m.Unmapped) > 0 {
		h.line("  unmapped issues: ", unmappedList(m.Unmapped), " (no component label)")
	}
	if len(p.NotReleased) > 0 {
		listed, unselected := notReleased(p)
		h.line(h.st.paint(sgrBold, "Not released:"))
		for _, n := range listed {
			h.line("  ", pad(cleanLine(n.Name), nameW), cleanLine(n.Why))
		}
		if len(unselected) > 0 {
			h.line("  ", cleanLine(unselectedLine(unselected)))
		}
	}
	h.blank()
}

// componentRows are the aligned component lines:
// name, current → version, next version, reason and issues.
func componentRows(p *plan.Plan, nameW int) []string {
	var cur, ver, next []string
	for _, c := range p.Components {
		cur = append(cur, currentOf(c))
		ver = append(ver, cleanLine(c.Version))
		next = append(next, cleanLine(c.Next))
	}
	curW, verW, nextW := maxWidth(cur), maxWidth(ver)+3, maxWidth(next)+3
	rows := make([]string, 0, len(p.Components))
	released := releasedSet(p)
	for i := range p.Components {
		c := &p.Components[i]
		n := ""
		if nextW > 3 {
			n = pad("", nextW+5)
			if next[i] != "" {
				n = "next " + pad(next[i], nextW)
			}
		}
		rows = append(rows, pad(cleanLine(c.Name), nameW)+pad(cur[i], curW)+" → "+pad(ver[i], verW)+n+reasonText(released, c))
	}
	return rows
}

// currentOf is the component's current version, "(none)" for a first
// release.
func currentOf(c plan.Component) string {
	if c.Current == "" {
		return "(none)"
	}
	return cleanLine(c.Current)
}

// reasonText says why a component is released: "milestone: #4512 #4519",
// "dependency (gravitee-bom)", "forced".
func reasonText(released map[string]bool, c *plan.Component) string {
	s := cleanLine(c.Reason)
	if c.Reason == plan.ReasonDependency {
		if deps := releasedDeps(released, c); len(deps) > 0 {
			s += " (" + cleanLine(strings.Join(deps, ", ")) + ")"
		}
	}
	if shown, more := shownIssues(c); len(shown) > 0 {
		nums := make([]string, len(shown))
		for i, n := range shown {
			nums[i] = "#" + strconv.Itoa(n)
		}
		s += ": " + strings.Join(nums, " ") + moreText(more)
	}
	return s
}

// unmappedList is `#4540 "Docs typo", #4541 "…"`.
func unmappedList(issues []plan.MilestoneIssue) string {
	parts := make([]string, len(issues))
	for i, is := range issues {
		parts[i] = fmt.Sprintf("#%d \"%s\"", is.Number, cleanLine(is.Title))
	}
	return strings.Join(parts, ", ")
}

func (h *human) footer(p *plan.Plan) {
	h.blank()
	changes := p.HasChanges()
	if !changes {
		h.line(noChanges)
	} else {
		h.line(h.st.paint(sgrBold, "Plan:"), " ", summary(p.Count()))
	}
	switch {
	case h.o.PlanPath != "":
		saved := "Saved the plan to " + cleanLine(h.o.PlanPath)
		if p.PlanID != "" {
			saved += " (sha256 " + shortID(p.PlanID) + ")"
		}
		if changes {
			saved += ". To perform exactly these actions: relctl apply " + shellQuote(cleanLine(h.o.PlanPath))
		} else {
			saved += "; it has nothing to perform."
		}
		h.line(saved)
	case changes && !h.o.Applying:
		h.blank()
		h.line("Note: you didn't use -out; to apply exactly this plan, save it: relctl plan -out plan.out")
	}
}

func (h *human) warnings(p *plan.Plan) {
	for _, w := range p.Warnings {
		h.blank()
		ls := lines(cleanBlock(w))
		if len(ls) == 0 {
			ls = []string{""}
		}
		h.line(h.st.paint(sgrYellow+";"+sgrBold, "Warning:"), " ", ls[0])
		for _, l := range ls[1:] {
			h.line("  ", l)
		}
	}
}

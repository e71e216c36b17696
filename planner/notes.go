package planner

import (
	"fmt"
	"slices"
	"strings"

	"github.com/relctl/relctl/config"
	"github.com/relctl/relctl/planner/markdown"
	"github.com/relctl/relctl/planner/plan"
)

// releaseNotes writes, for every released component, Markdown notes from
// the milestone issues that touch it, grouped by the classifying labels of
// each milestone's notes block; then the release's notes: each component
// with notes under a heading of its name and version.
func (e *evaluator) releaseNotes(rd *releaseData) {
	var all []string
	for _, c := range rd.released {
		c.Notes = e.componentNotes(c.Name)
		if c.Notes != "" {
			all = append(all, fmt.Sprintf("## %s %s\n\n%s", markdown.Escape(c.Name), markdown.Escape(c.Version), c.Notes))
		}
	}
	rd.notes = strings.Join(all, "\n")
}

// noteGroup is one heading of a component's notes with its entries.
type noteGroup struct {
	title   string
	entries []string
}

func (e *evaluator) componentNotes(component string) string {
	var groups []*noteGroup
	byTitle := map[string]*noteGroup{}
	add := func(title, entry string) {
		g := byTitle[title]
		if g == nil {
			g = &noteGroup{title: title}
			byTitle[title] = g
			groups = append(groups, g)
		}
		g.entries = append(g.entries, entry)
	}
	for _, mname := range sortedNames(e.milestones) {
		md := e.milestones[mname]
		notes := md.block.Notes
		if notes == nil {
			notes = config.DefaultNotes()
		}
		for _, g := range notes.Groups { // headings in the configured order
			if _, ok := byTitle[g.Title]; !ok {
				byTitle[g.Title] = &noteGroup{title: g.Title}
				groups = append(groups, byTitle[g.Title])
			}
		}
		for _, is := range md.issues {
			if slices.Contains(is.Components, component) {
				add(groupTitle(notes, is.Labels), noteEntry(is))
			}
		}
	}
	var b strings.Builder
	for _, g := range groups {
		if len(g.entries) == 0 {
			continue
		}
		if b.Len() > 0 {
			b.WriteString("\n")
		}
		fmt.Fprintf(&b, "### %s\n\n", markdown.Escape(g.title))
		for _, entry := range g.entries {
			b.WriteString("- " + entry + "\n")
		}
	}
	return b.String()
}

// groupTitle is the title of the first group that takes one of labels
// (stripped of the notes' prefix), or the title for other changes.
func groupTitle(notes *config.Notes, labels []string) string {
	var values []string
	for _, l := range labels {
		if v, ok := strings.CutPrefix(l, notes.LabelPrefix); ok {
			values = append(values, strings.TrimSpace(v))
		}
	}
	for _, g := range notes.Groups {
		for _, want := range g.Labels {
			if slices.Contains(values, want) {
				return g.Title
			}
		}
	}
	return notes.OtherTitle
}

// noteEntry is one issue of the notes: its escaped title, a link to it and
// links to the pull requests linked to it.
func noteEntry(is plan.MilestoneIssue) string {
	s := markdown.Escape(is.Title) + " (" + markdown.Link(fmt.Sprintf("#%d", is.Number), is.URL)
	for _, pr := range is.PullRequests {
		s += ", " + markdown.Link(fmt.Sprintf("%s#%d", pr.Repo, pr.Number), pr.URL)
	}
	return s + ")"
}

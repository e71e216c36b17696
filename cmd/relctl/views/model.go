package views

import (
	"fmt"
	"sort"
	"strconv"
	"strings"

	"github.com/relctl/relctl/planner/plan"
	"github.com/relctl/relctl/providers"
)

// Waves returns the actions of a stage grouped by wave, in wave order.
// Within a wave, actions are ordered by their for_each key and then in
// the order the plan lists them (the order written in the stage). Waves
// without actions are left out, so every group is non-empty; a group's
// wave number is its actions' Wave field.
func Waves(p *plan.Plan, stage string) [][]*plan.Action {
	var acts []*plan.Action
	for i := range p.Actions {
		if p.Actions[i].Stage == stage {
			acts = append(acts, &p.Actions[i])
		}
	}
	sort.SliceStable(acts, func(i, j int) bool {
		if acts[i].Wave != acts[j].Wave {
			return acts[i].Wave < acts[j].Wave
		}
		return acts[i].Key < acts[j].Key
	})
	var waves [][]*plan.Action
	for i, a := range acts {
		if i == 0 || a.Wave != acts[i-1].Wave {
			waves = append(waves, nil)
		}
		waves[len(waves)-1] = append(waves[len(waves)-1], a)
	}
	return waves
}

// stages returns the plan's stages in plan order, followed by a stage for
// any stage name that actions use but the stage list lacks, so that no
// action is ever left out of a rendering.
func stages(p *plan.Plan) []plan.Stage {
	out := append([]plan.Stage(nil), p.Stages...)
	seen := make(map[string]bool, len(out))
	for _, s := range out {
		seen[s.Name] = true
	}
	for _, a := range p.Actions {
		if !seen[a.Stage] {
			seen[a.Stage] = true
			out = append(out, plan.Stage{Name: a.Stage})
		}
	}
	return out
}

// stageActions is one stage with its actions grouped by wave.
type stageActions struct {
	plan.Stage
	Waves   [][]*plan.Action
	Actions int
	ForEach bool
}

// planStages groups the plan's actions by stage and wave.
func planStages(p *plan.Plan) []stageActions {
	var out []stageActions
	for _, s := range stages(p) {
		sa := stageActions{Stage: s, Waves: Waves(p, s.Name), ForEach: len(s.Keys) > 0}
		for _, w := range sa.Waves {
			sa.Actions += len(w)
			for _, a := range w {
				sa.ForEach = sa.ForEach || a.Key != ""
			}
		}
		out = append(out, sa)
	}
	return out
}

// relAddress is the action's address relative to its stage:
// TYPE.NAME, or TYPE.NAME["key"] in a stage with for_each.
func relAddress(a *plan.Action, forEach bool) string {
	s := a.Type + "." + a.Name
	if forEach {
		s += "[" + strconv.Quote(a.Key) + "]"
	}
	return s
}

// summary is the count line's body: "23 actions — 6 create, 1 update,
// 14 run, 2 wait; 14 cannot be undone."
func summary(c plan.Counts) string {
	var parts []string
	for _, n := range []struct {
		n    int
		what string
	}{
		{c.Create, "create"}, {c.Update, "update"}, {c.Delete, "delete"},
		{c.Run, "run"}, {c.Wait, "wait"}, {c.Noop, "already done"}, {c.Skip, "skipped"},
	} {
		if n.n > 0 {
			parts = append(parts, strconv.Itoa(n.n)+" "+n.what)
		}
	}
	s := plural(c.Total, "action", "actions")
	if len(parts) > 0 {
		s += " — " + strings.Join(parts, ", ")
	}
	if c.Irreversible > 0 {
		s += "; " + strconv.Itoa(c.Irreversible) + " cannot be undone"
	}
	return s + "."
}

// irreversible reports whether the action will do something that cannot
// be undone.
func irreversible(a *plan.Action) bool {
	return a.Reversibility == providers.Irreversible && a.Performed()
}

// componentTotal is the number of declared components the plan considered.
func componentTotal(p *plan.Plan) int { return len(p.Components) + len(p.NotReleased) }

// releasedSet is the set of the names of the components the plan
// releases.
func releasedSet(p *plan.Plan) map[string]bool {
	released := make(map[string]bool, len(p.Components))
	for _, c := range p.Components {
		released[c.Name] = true
	}
	return released
}

// releasedDeps are the dependencies of c that the plan releases too.
func releasedDeps(released map[string]bool, c *plan.Component) []string {
	var out []string
	for _, d := range c.DependsOn {
		if released[d] {
			out = append(out, d)
		}
	}
	return out
}

// notReleased splits the components not released into those with a
// reason of their own, listed one per line, and the names of those merely
// not selected, which renderings summarise in one line.
func notReleased(p *plan.Plan) (listed []plan.NotReleased, unselected []string) {
	for _, n := range p.NotReleased {
		if n.Why == plan.WhyNotSelected {
			unselected = append(unselected, n.Name)
			continue
		}
		listed = append(listed, n)
	}
	return listed, unselected
}

// maxIssues is how many issue numbers a component's line or row names;
// the plan JSON keeps them all.
const maxIssues = 5

// shownIssues are the issue numbers a component's line names and how many
// more it has.
func shownIssues(c *plan.Component) (shown []int, more int) {
	if len(c.Issues) <= maxIssues {
		return c.Issues, 0
	}
	return c.Issues[:maxIssues], len(c.Issues) - maxIssues
}

// moreText is " +N more" for N > 0.
func moreText(n int) string {
	if n == 0 {
		return ""
	}
	return " +" + strconv.Itoa(n) + " more"
}

// unselectedLine summarises the components not selected: every name when
// there are a few, else the count.
func unselectedLine(names []string) string {
	const maxNamed = 5
	if len(names) <= maxNamed {
		return fmt.Sprintf("%s: %s", plan.WhyNotSelected, strings.Join(names, ", "))
	}
	return fmt.Sprintf("%d components %s", len(names), plan.WhyNotSelected)
}

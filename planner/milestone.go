package planner

import (
	"fmt"
	"sort"
	"strings"

	"github.com/hashicorp/hcl/v2"
	"github.com/zclconf/go-cty/cty"

	"github.com/relctl/relctl/config"
	"github.com/relctl/relctl/planner/plan"
	"github.com/relctl/relctl/providers"
)

// milestoneData is a milestone read for planning, with each issue mapped
// to the components it touches.
type milestoneData struct {
	block    *config.Milestone
	ms       providers.Milestone
	issues   []plan.MilestoneIssue
	unmapped []plan.MilestoneIssue
	ok       bool
}

var issueType = cty.Object(map[string]cty.Type{
	"number": cty.Number, "title": cty.String, "url": cty.String,
	"labels": cty.List(cty.String), "components": cty.Set(cty.String),
})

func (e *evaluator) milestone(name string, rng hcl.Range) *milestoneData {
	if md, ok := e.milestones[name]; ok {
		return md
	}
	block, ok := e.cfg.Milestones[name]
	if !ok {
		return nil
	}
	if !e.enter("milestone."+name, rng) {
		return nil
	}
	defer e.leave()
	md := &milestoneData{block: block}
	e.milestones[name] = md
	req, prefix, ok := e.milestoneRequest(block)
	if !ok {
		return md
	}
	if e.opts.NoRefresh {
		e.errorf(block.DeclRange, "Milestone needs a refresh", "Milestone %q is read from GitHub, which -refresh=false does not allow.", name)
		return md
	}
	reader, ok := e.milestoneReader(name, block)
	if !ok {
		return md
	}
	ms, err := e.reads.milestone(e.ctx, reader, req)
	if err != nil {
		e.errorf(block.DeclRange, "Cannot read milestone", "Reading milestone %s of %s failed: %s.", describeMilestone(req.Number, req.Title), req.Repo, err)
		return md
	}
	md.ms = ms
	md.ok = true
	for _, is := range ms.Issues {
		mi := mapIssue(is, prefix)
		md.issues = append(md.issues, mi)
		if len(mi.Components) == 0 {
			md.unmapped = append(md.unmapped, mi)
		}
	}
	return md
}

// milestoneRequest evaluates what a milestone block asks GitHub for, and
// its component label prefix.
func (e *evaluator) milestoneRequest(block *config.Milestone) (providers.MilestoneRequest, string, bool) {
	repo, ok1 := e.evalString(block.Repo, "", nil)
	title, ok2 := e.evalString(block.Title, "", nil)
	prefix, ok3 := e.evalString(block.ComponentLabelPrefix, "", nil)
	linked := e.evalBool(block.LinkedPullRequests, false, nil)
	number := 0
	if block.Number != nil {
		v, ok := e.evalAs(block.Number, cty.Number, nil)
		if !ok {
			return providers.MilestoneRequest{}, "", false
		}
		n, _ := v.AsBigFloat().Int64()
		number = int(n)
	}
	req := providers.MilestoneRequest{Repo: repo, Number: number, Title: title, LinkedPullRequests: linked}
	return req, prefix, ok1 && ok2 && ok3
}

// milestoneReader is the github provider, which reads milestones, or
// reports why there is none.
func (e *evaluator) milestoneReader(name string, block *config.Milestone) (providers.MilestoneReader, bool) {
	p, err := e.provider("github")
	if err != nil {
		e.errorf(block.DeclRange, "Cannot read milestone", "Reading milestone %q needs the github provider: %s.", name, err)
		return nil, false
	}
	reader, ok := p.(providers.MilestoneReader)
	if !ok {
		e.errorf(block.DeclRange, "Cannot read milestone", "The github provider cannot read milestones.")
	}
	return reader, ok
}

func describeMilestone(number int, title string) string {
	if number > 0 {
		return fmt.Sprintf("#%d", number)
	}
	return fmt.Sprintf("%q", title)
}

// mapIssue applies the component mapping rules: a label with the prefix
// names a component; the repository of a linked pull request names the
// component of the same name.
func mapIssue(is providers.Issue, prefix string) plan.MilestoneIssue {
	set := map[string]bool{}
	if prefix != "" {
		for _, l := range is.Labels {
			if strings.HasPrefix(l, prefix) {
				if name := strings.TrimSpace(strings.TrimPrefix(l, prefix)); name != "" {
					set[name] = true
				}
			}
		}
	}
	for _, r := range is.LinkedRepos {
		if i := strings.LastIndexByte(r, '/'); i >= 0 {
			r = r[i+1:]
		}
		set[r] = true
	}
	comps := make([]string, 0, len(set))
	for c := range set {
		comps = append(comps, c)
	}
	sort.Strings(comps)
	labels := append([]string{}, is.Labels...)
	var prs []plan.PullRequest
	for _, pr := range is.LinkedPullRequests {
		prs = append(prs, plan.PullRequest{Repo: pr.Repo, Number: pr.Number, Title: pr.Title, URL: pr.URL})
	}
	return plan.MilestoneIssue{Number: is.Number, Title: is.Title, URL: is.URL, Labels: labels, Components: comps, PullRequests: prs}
}

func (md *milestoneData) components() []string {
	set := map[string]bool{}
	for _, is := range md.issues {
		for _, c := range is.Components {
			set[c] = true
		}
	}
	out := make([]string, 0, len(set))
	for c := range set {
		out = append(out, c)
	}
	sort.Strings(out)
	return out
}

func (e *evaluator) milestonesValue() cty.Value {
	return e.cached("milestone", func() cty.Value {
		m := map[string]cty.Value{}
		for name, md := range e.milestones {
			m[name] = md.value()
		}
		return cty.ObjectVal(m)
	})
}

func issueValues(issues []plan.MilestoneIssue) cty.Value {
	if len(issues) == 0 {
		return cty.ListValEmpty(issueType)
	}
	var vals []cty.Value
	for _, is := range issues {
		vals = append(vals, cty.ObjectVal(map[string]cty.Value{
			"number":     cty.NumberIntVal(int64(is.Number)),
			"title":      cty.StringVal(is.Title),
			"url":        cty.StringVal(is.URL),
			"labels":     stringList(is.Labels),
			"components": stringSet(is.Components),
		}))
	}
	return cty.ListVal(vals)
}

func (md *milestoneData) value() cty.Value {
	if !md.ok {
		return cty.DynamicVal
	}
	return cty.ObjectVal(map[string]cty.Value{
		"repo":       cty.StringVal(md.ms.Repo),
		"number":     cty.NumberIntVal(int64(md.ms.Number)),
		"title":      cty.StringVal(md.ms.Title),
		"url":        cty.StringVal(md.ms.URL),
		"issues":     issueValues(md.issues),
		"components": stringSet(md.components()),
		"unmapped":   issueValues(md.unmapped),
	})
}

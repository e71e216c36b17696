package planner

import (
	"fmt"
	"sort"
	"strings"

	"github.com/hashicorp/hcl/v2"
	"github.com/zclconf/go-cty/cty"

	"github.com/relctl/relctl/config"
	"github.com/relctl/relctl/planner/plan"
	"github.com/relctl/relctl/planner/version"
	"github.com/relctl/relctl/providers"
)

// releaseData is the evaluated release block: which components ship, at
// which versions, and why.
type releaseData struct {
	name, version string
	released      []*plan.Component
	byName        map[string]*plan.Component
	notReleased   []plan.NotReleased
	total         int
	notes         string
	value         cty.Value
}

var releaseComponentType = cty.Object(map[string]cty.Type{
	"name": cty.String, "repo": cty.String, "url": cty.String, "current": cty.String,
	"version": cty.String, "next": cty.String, "tag": cty.String, "branch": cty.String,
	"issues": cty.List(cty.Number), "depends_on": cty.List(cty.String), "reason": cty.String,
	"notes": cty.String,
})

func (e *evaluator) computeRelease(rng hcl.Range) *releaseData {
	if e.release != nil || e.cfg.Release == nil {
		return e.release
	}
	if !e.enter("release", rng) {
		return nil
	}
	defer e.leave()
	r := e.cfg.Release
	rd := &releaseData{byName: map[string]*plan.Component{}}
	e.release = rd
	rd.value = cty.DynamicVal
	var ok bool
	if rd.name, ok = e.evalString(r.Name, "", nil); !ok {
		return rd
	}
	if rd.version, ok = e.evalString(r.Version, "", nil); !ok {
		return rd
	}
	all, names := e.allComponents()
	rd.total = len(names)
	if !e.checkComponentGraph(all, names) {
		return rd
	}
	selected, ok := e.selection(r.Components, all)
	if !ok {
		return rd
	}
	e.selectComponents(rd, all, names, selected)
	e.checkManifestLayers(rd, all)
	e.checkSharedRepos(rd)
	e.releaseFacts(rd, all)
	e.releaseNotes(rd)
	rd.value = rd.toValue()
	return rd
}

// selection evaluates release.components to a set of component names.
func (e *evaluator) selection(expr hcl.Expression, all map[string]*componentInst) (map[string]bool, bool) {
	v, d := expr.Value(e.evalCtx(nil, expr))
	e.diags = append(e.diags, d...)
	if d.HasErrors() {
		return nil, false
	}
	v, _ = v.UnmarkDeep()
	if !v.IsWhollyKnown() && e.diags.HasErrors() {
		return nil, false // what it refers to already failed
	}
	names, ok := stringsOf(v)
	if !ok {
		e.errorf(expr.Range(), "Invalid release components", "release.components must be a set or list of component names (or a map keyed by them), known at plan time; this is %s.", v.Type().FriendlyName())
		return nil, false
	}
	set := map[string]bool{}
	for _, n := range names {
		if _, known := all[n]; !known {
			d := &hcl.Diagnostic{
				Severity: hcl.DiagError,
				Summary:  "Unknown component to release",
				Detail:   fmt.Sprintf("release.components names %q, which is not a component of this configuration.", n),
				Subject:  expr.Range().Ptr(),
			}
			if s := config.Suggest(n, sortedNames(all)); s != "" {
				d.Detail += fmt.Sprintf(" Did you mean %q?", s)
			}
			e.diags = append(e.diags, d)
			continue
		}
		set[n] = true
	}
	return set, true
}

// checkComponentGraph reports dependencies on unknown components and
// dependency cycles among component instances.
func (e *evaluator) checkComponentGraph(all map[string]*componentInst, names []string) bool {
	edges := map[string][]string{}
	ok := true
	for _, n := range names {
		inst := all[n]
		for _, d := range inst.dependsOn {
			if _, known := all[d]; !known {
				e.errorf(inst.block.DependsOn.Range(), "Dependency on an unknown component", "Component %q depends on %q, which is not a component of this configuration.", n, d)
				ok = false
				continue
			}
			edges[n] = append(edges[n], d)
		}
	}
	if cycle := config.FindCycle(names, edges); cycle != nil {
		inst := all[cycle[0]]
		e.errorf(inst.block.DeclRange, "Component dependency cycle", "The components depend on each other in a cycle: %s. Remove one of these dependencies.", strings.Join(cycle, " → "))
		ok = false
	}
	return ok
}

// selectComponents decides, for every component, whether and why it is
// released, and computes the versions of those that are.
func (e *evaluator) selectComponents(rd *releaseData, all map[string]*componentInst, names []string, selected map[string]bool) {
	cascade := e.evalBool(e.cfg.Release.Cascade, false, nil)
	force := e.evalBool(e.cfg.Release.Force, false, nil)
	issues, labels := e.componentIssues()
	released := map[string]string{} // name -> reason
	why := map[string]string{}
	reasons := map[string]string{}
	var sel, changed []*componentInst
	for _, n := range names {
		if selected[n] {
			reasons[n] = e.selectionReason(n)
			sel = append(sel, all[n])
			if reasons[n] == plan.ReasonChanged {
				changed = append(changed, all[n])
			}
		}
	}
	e.readRepositories(sel)
	changes := e.changesSinceTag(changed, labels)
	for _, n := range names {
		if !selected[n] {
			why[n] = plan.WhyNotSelected
			continue
		}
		reason := reasons[n]
		if reason == plan.ReasonChanged {
			if changed, note := e.changedSinceTag(all[n], changes[n]); !changed {
				if !force {
					why[n] = note
					continue
				}
				reason = plan.ReasonForced
			}
		}
		released[n] = reason
	}
	if cascade {
		cascadeDependents(all, names, released, why)
		var more []*componentInst
		for _, n := range names {
			if _, ok := released[n]; ok && !selected[n] {
				more = append(more, all[n])
			}
		}
		e.readRepositories(more)
	}
	for _, n := range names {
		reason, ok := released[n]
		if !ok {
			rd.notReleased = append(rd.notReleased, plan.NotReleased{Name: n, Why: why[n]})
			continue
		}
		c := e.componentVersions(all[n], reason, issues[n], labels[n])
		if c == nil {
			continue
		}
		rd.released = append(rd.released, c)
		rd.byName[n] = c
	}
	for _, c := range rd.released {
		var deps []string
		for _, d := range all[c.Name].dependsOn {
			if _, ok := rd.byName[d]; ok {
				deps = append(deps, d)
			}
		}
		c.DependsOn = nonNil(deps)
	}
}

// cascadeDependents adds, until nothing changes, every component that
// depends on a released one.
func cascadeDependents(all map[string]*componentInst, names []string, released, why map[string]string) {
	for changed := true; changed; {
		changed = false
		for _, n := range names {
			if _, ok := released[n]; ok {
				continue
			}
			for _, d := range all[n].dependsOn {
				if _, ok := released[d]; ok {
					released[n] = plan.ReasonDependency
					delete(why, n)
					changed = true
					break
				}
			}
		}
	}
}

func (e *evaluator) selectionReason(name string) string {
	for _, mname := range sortedNames(e.milestones) {
		md := e.milestones[mname]
		for _, c := range md.components() {
			if c == name {
				return plan.ReasonMilestone
			}
		}
	}
	for _, mname := range sortedNames(e.manifests) {
		md := e.manifests[mname]
		if md.m == nil {
			continue
		}
		if c, ok := md.m.Component(name); ok && c.Snapshot {
			return plan.ReasonManifest
		}
	}
	return plan.ReasonChanged
}

// componentIssues maps component names to the milestone issues touching
// them, and their labels (for bump = "auto").
func (e *evaluator) componentIssues() (map[string][]int, map[string][]string) {
	issues := map[string][]int{}
	labels := map[string][]string{}
	for _, mname := range sortedNames(e.milestones) {
		for _, is := range e.milestones[mname].issues {
			for _, c := range is.Components {
				issues[c] = append(issues[c], is.Number)
				labels[c] = append(labels[c], is.Labels...)
			}
		}
	}
	for c := range issues {
		sort.Ints(issues[c])
	}
	return issues, labels
}

// changeCount is a count of the commits on a component's release branch
// since its latest release tag, asked of its repository's reader.
type changeCount struct {
	inst    *componentInst
	counter providers.ChangeCounter
	repo    providers.Repository
	branch  string
	n       int
	err     error
}

// changesSinceTag counts, readConcurrency at a time, the commits since
// their latest tag of the components whose repository can tell; by name.
func (e *evaluator) changesSinceTag(insts []*componentInst, labels map[string][]string) map[string]*changeCount {
	var counts []*changeCount
	for _, inst := range insts {
		if e.opts.NoRefresh || inst.refs == nil || inst.latestTag == "" {
			continue
		}
		p, err := e.provider(inst.reader)
		if err != nil {
			continue
		}
		counter, ok := p.(providers.ChangeCounter)
		if !ok {
			continue
		}
		_, repo := e.repository(inst)
		branch := e.releaseBranch(inst, e.previewVersion(inst, labels[inst.Name]))
		counts = append(counts, &changeCount{inst: inst, counter: counter, repo: repo, branch: branch})
	}
	concurrently(len(counts), func(i int) {
		c := counts[i]
		c.n, c.err = c.counter.CountCommits(e.ctx, c.repo, c.inst.latestTag, c.branch)
	})
	out := make(map[string]*changeCount, len(counts))
	for _, c := range counts {
		out[c.inst.Name] = c
	}
	return out
}

// changedSinceTag tells whether a component's repository has commits
// since its latest release tag on its release branch; without a count
// (no tag, or a reader that cannot count) it is taken as changed.
func (e *evaluator) changedSinceTag(inst *componentInst, c *changeCount) (bool, string) {
	if c == nil {
		return true, ""
	}
	if c.err != nil {
		e.warnf(inst.block.DeclRange.Ptr(), "Cannot detect changes", "Counting the commits of %s since tag %s failed (%s); the component is released as changed.", inst.Repo, inst.latestTag, c.err)
		return true, ""
	}
	return c.n > 0, fmt.Sprintf("no change since tag %s", inst.latestTag)
}

func (e *evaluator) previewVersion(inst *componentInst, labels []string) string {
	res, err := version.Compute(e.strategyOf(inst, labels), inst.Current, e.opts.now())
	if err != nil {
		return inst.Current
	}
	return res.Release
}

func (e *evaluator) strategyOf(inst *componentInst, labels []string) version.Strategy {
	s := inst.strategy
	bump := s.Bump
	if bump == "auto" {
		bump = version.BumpFromLabels(labels)
	}
	vs := version.Strategy{Scheme: version.Scheme(s.Scheme), Bump: bump, PrereleaseID: s.PrereleaseID, Initial: s.Initial}
	if s.Custom != nil {
		vs.Custom, _ = e.template(s.Custom, "", inst.Current, inst)
	}
	return vs
}

// releaseBranch is the strategy's branch for a version, or the
// repository's default branch.
func (e *evaluator) releaseBranch(inst *componentInst, ver string) string {
	def := "main"
	if inst.refs != nil && inst.refs.DefaultBranch != "" {
		def = inst.refs.DefaultBranch
	}
	b, ok := e.template(inst.strategy.Branch, def, ver, inst)
	if !ok {
		return def
	}
	return b
}

func (e *evaluator) componentVersions(inst *componentInst, reason string, issues []int, labels []string) *plan.Component {
	res, err := version.Compute(e.strategyOf(inst, labels), inst.Current, e.opts.now())
	if err != nil {
		e.errorf(inst.block.DeclRange, "Cannot compute version", "Component %q (current version %q from %s, strategy %q): %s.", inst.Name, inst.Current, inst.Source, inst.strategy.Name, err)
		return nil
	}
	tag, ok := e.template(inst.strategy.Tag, "${version}", res.Release, inst)
	if !ok {
		return nil
	}
	if inst.strategy.Tag == nil {
		tag = res.Release
	}
	return &plan.Component{
		Name:    inst.Name,
		Repo:    inst.Repo,
		Current: inst.Current,
		Version: res.Release,
		Next:    res.Next,
		Tag:     tag,
		Branch:  e.releaseBranch(inst, res.Release),
		Reason:  reason,
		Issues:  nonNilInts(issues),
		Source:  inst.Source,
		URL:     inst.URL,
	}
}

func (rd *releaseData) toValue() cty.Value {
	comps := map[string]cty.Value{}
	for _, c := range rd.released {
		comps[c.Name] = cty.ObjectVal(map[string]cty.Value{
			"name": cty.StringVal(c.Name), "repo": cty.StringVal(c.Repo), "url": cty.StringVal(c.URL),
			"current": cty.StringVal(c.Current), "version": cty.StringVal(c.Version), "next": cty.StringVal(c.Next),
			"tag": cty.StringVal(c.Tag), "branch": cty.StringVal(c.Branch), "issues": numberList(c.Issues),
			"depends_on": stringList(c.DependsOn), "reason": cty.StringVal(c.Reason),
			"notes": cty.StringVal(c.Notes),
		})
	}
	return cty.ObjectVal(map[string]cty.Value{
		"name":       cty.StringVal(rd.name),
		"version":    cty.StringVal(rd.version),
		"notes":      cty.StringVal(rd.notes),
		"components": mapOrEmpty(comps, releaseComponentType),
	})
}

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

func nonNilInts(s []int) []int {
	if s == nil {
		return []int{}
	}
	return s
}

package planner

import (
	"fmt"
	"sort"

	"github.com/hashicorp/hcl/v2"

	"github.com/relctl/relctl/planner/plan"
	"github.com/relctl/relctl/providers"
)

// checkManifestLayers reports a component that depends, in the
// configuration, on a component of the same or a later manifest layer.
func (e *evaluator) checkManifestLayers(rd *releaseData, all map[string]*componentInst) {
	for _, mname := range sortedNames(e.manifests) {
		md := e.manifests[mname]
		if md.m == nil {
			continue
		}
		var toRelease []string
		for _, c := range rd.released {
			if _, ok := md.m.Component(c.Name); ok {
				toRelease = append(toRelease, c.Name)
			}
		}
		e.diags = append(e.diags, md.m.Check(toRelease)...)
		for _, c := range rd.released {
			inst := all[c.Name]
			cl, ok := md.m.LayerOf(c.Name)
			if !ok || inst.block.DependsOn == nil {
				continue
			}
			for _, d := range inst.dependsOn {
				dl, ok := md.m.LayerOf(d)
				if !ok || dl < cl {
					continue
				}
				mc, _ := md.m.Component(c.Name)
				e.diags = append(e.diags, &hcl.Diagnostic{
					Severity: hcl.DiagError,
					Summary:  "Configuration and manifest disagree on dependencies",
					Detail: fmt.Sprintf("Component %q depends on %q in the configuration, but manifest %s puts %q in layer %d and %q in layer %d (declared at %s); a component may only depend on an earlier layer.",
						c.Name, d, md.path, c.Name, cl+1, d, dl+1, mc.Range),
					Subject: inst.block.DependsOn.Range().Ptr(),
				})
			}
		}
	}
}

// checkSharedRepos enforces that components of one repository share one
// version (a tag names one commit).
func (e *evaluator) checkSharedRepos(rd *releaseData) {
	byRepo := map[string][]*plan.Component{}
	for _, c := range rd.released {
		byRepo[c.Repo] = append(byRepo[c.Repo], c)
	}
	for _, repo := range sortedNames(byRepo) {
		cs := byRepo[repo]
		for _, c := range cs[1:] {
			if c.Version != cs[0].Version || c.Tag != cs[0].Tag {
				e.errorf(e.cfg.Release.DeclRange, "Components of one repository need one version",
					"Components %q (%s, tag %s) and %q (%s, tag %s) are both in repository %s; all components of a repository must be released at the same version.",
					cs[0].Name, cs[0].Version, cs[0].Tag, c.Name, c.Version, c.Tag, repo)
			}
		}
	}
}

// releaseFacts records what the plan relied on for each released
// component: the head of its release branch and the absence (or place)
// of its release tag.
func (e *evaluator) releaseFacts(rd *releaseData, all map[string]*componentInst) {
	for _, c := range rd.released {
		inst := all[c.Name]
		if inst.refs == nil {
			continue
		}
		_, repo := e.repository(inst)
		head := inst.refs.Branches[c.Branch]
		tag := inst.refs.Tags[c.Tag]
		e.facts = append(e.facts,
			e.refFact(inst.reader, repo, "heads/"+c.Branch, head, describeRef(repo, "branch "+c.Branch, head)),
			e.refFact(inst.reader, repo, "tags/"+c.Tag, tag, describeRef(repo, "tag "+c.Tag, tag)))
	}
}

func describeRef(repo providers.Repository, what, sha string) string {
	if sha == "" {
		return fmt.Sprintf("%s does not exist in %s", what, repo.Repo)
	}
	return fmt.Sprintf("%s of %s is at %s", what, repo.Repo, short(sha))
}

// dedupeFacts sorts facts and drops repeats.
func dedupeFacts(facts []providers.Fact) []providers.Fact {
	sort.SliceStable(facts, func(i, j int) bool {
		if facts[i].Provider != facts[j].Provider {
			return facts[i].Provider < facts[j].Provider
		}
		return facts[i].Key < facts[j].Key
	})
	out := facts[:0]
	for i, f := range facts {
		if i > 0 && f.Provider == facts[i-1].Provider && f.Key == facts[i-1].Key {
			continue
		}
		out = append(out, f)
	}
	return out
}

// refFact asks the reader to name the fact when it can, so that the same
// ref read by the planner and by an action's plan step is one fact.
func (e *evaluator) refFact(reader string, repo providers.Repository, ref, sha, desc string) providers.Fact {
	if p, err := e.provider(reader); err == nil {
		if m, ok := p.(providers.RefFactMaker); ok {
			return m.RefFact(repo, ref, sha)
		}
	}
	return providers.RefFact(reader, repo, ref, sha, desc)
}

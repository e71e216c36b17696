package planner

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"strings"

	"github.com/hashicorp/hcl/v2"
	"github.com/zclconf/go-cty/cty"
	ctyjson "github.com/zclconf/go-cty/cty/json"

	"github.com/relctl/relctl/config"
	"github.com/relctl/relctl/planner/plan"
)

// Build evaluates the configuration against the world and returns the
// plan. Nothing is changed anywhere: providers are only read.
func Build(ctx context.Context, cfg *config.Config, opts Options) (*plan.Plan, hcl.Diagnostics) {
	diags := Validate(cfg, opts)
	if diags.HasErrors() {
		return nil, diags
	}
	vars, vd := EvalVariables(cfg, opts.Vars, cfg.Files)
	diags = append(diags, vd...)
	if diags.HasErrors() {
		return nil, diags
	}
	e := newEvaluator(ctx, cfg, opts, vars)
	for _, name := range sortedNames(cfg.Locals) {
		e.local(name, cfg.Locals[name].DeclRange)
	}
	e.startReads()
	for _, name := range sortedNames(cfg.Manifests) {
		e.manifest(name, cfg.Manifests[name].DeclRange)
	}
	for _, name := range sortedNames(cfg.Milestones) {
		e.milestone(name, cfg.Milestones[name].DeclRange)
	}
	if cfg.Release != nil {
		e.computeRelease(cfg.Release.DeclRange)
	} else {
		e.allComponents()
	}
	if e.diags.HasErrors() {
		return nil, append(diags, e.diags...)
	}
	stages, actions := e.expandStages()
	if e.diags.HasErrors() {
		return nil, append(diags, e.diags...)
	}
	if len(opts.Targets) > 0 {
		var td hcl.Diagnostics
		actions, td = target(actions, opts.Targets)
		if td.HasErrors() {
			return nil, append(diags, td...)
		}
	}
	e.planActions(actions)
	if e.diags.HasErrors() {
		return nil, append(diags, e.diags...)
	}
	p, err := e.assemble(stages, actions, vars, append(diags, e.diags...))
	if err != nil {
		return nil, append(diags, &hcl.Diagnostic{Severity: hcl.DiagError, Summary: "Cannot build plan", Detail: err.Error()})
	}
	return p, append(diags, e.diags...)
}

func (e *evaluator) assemble(stages []plan.Stage, actions []plan.Action, vars map[string]cty.Value, diags hcl.Diagnostics) (*plan.Plan, error) {
	cfg := e.cfg
	p := &plan.Plan{
		FormatVersion: plan.FormatVersion,
		RelctlVersion: e.opts.RelctlVersion,
		CreatedAt:     e.opts.now().UTC().Truncate(1e9),
		Components:    []plan.Component{},
		NotReleased:   []plan.NotReleased{},
		Stages:        stages,
		Actions:       actions,
		Facts:         dedupeFacts(e.facts),
		Warnings:      warnings(diags),
	}
	if p.Stages == nil {
		p.Stages = []plan.Stage{}
	}
	if p.Actions == nil {
		p.Actions = []plan.Action{}
	}
	if rd := e.release; rd != nil {
		p.Release = plan.Release{Name: rd.name, Version: rd.version, Notes: rd.notes}
		for _, c := range rd.released {
			p.Components = append(p.Components, *c)
		}
		p.NotReleased = append(p.NotReleased, rd.notReleased...)
	}
	p.Milestone = e.planMilestone()
	provs, err := e.provs.settingsJSON()
	if err != nil {
		return nil, err
	}
	p.Settings = plan.Settings{StatePath: "relctl.state", Parallelism: 10, Dir: cfg.Dir, Providers: provs}
	if cfg.Relctl != nil {
		p.Settings.StatePath, p.Settings.Parallelism = cfg.Relctl.StatePath, cfg.Relctl.Parallelism
		if b := cfg.Relctl.Backend; b != nil {
			p.Settings.Backend = &plan.Backend{Type: b.Type, Settings: b.Public()}
		}
		p.Settings.Rollback = rollbackSettings(cfg.Relctl.Rollback)
	}
	p.Inputs, err = e.inputs(vars)
	return p, err
}

func (e *evaluator) planMilestone() *plan.Milestone {
	for _, name := range sortedNames(e.milestones) {
		md := e.milestones[name]
		if !md.ok {
			continue
		}
		return &plan.Milestone{
			Repo: md.ms.Repo, Number: md.ms.Number, Title: md.ms.Title, URL: md.ms.URL,
			Issues: nonNilIssues(md.issues), Unmapped: nonNilIssues(md.unmapped),
		}
	}
	return nil
}

func nonNilIssues(s []plan.MilestoneIssue) []plan.MilestoneIssue {
	if s == nil {
		return []plan.MilestoneIssue{}
	}
	return s
}

func (e *evaluator) inputs(vars map[string]cty.Value) (plan.Inputs, error) {
	cfg := e.cfg
	in := plan.Inputs{ConfigFiles: map[string]string{}, Variables: map[string]json.RawMessage{}}
	h := sha256.New()
	for _, name := range sortedNames(cfg.Sources) {
		in.ConfigFiles[name] = string(cfg.PublicSource(name))
		fmt.Fprintf(h, "%s\x00%d\x00", name, len(cfg.Sources[name]))
		h.Write(cfg.Sources[name])
	}
	in.ConfigDigest = hex.EncodeToString(h.Sum(nil))
	for name, v := range vars {
		if v.IsMarked() || cfg.Variables[name].Sensitive {
			continue
		}
		data, err := ctyjson.Marshal(v, v.Type())
		if err != nil {
			return in, fmt.Errorf("encoding variable %s: %w", name, err)
		}
		in.Variables[name] = data
	}
	for _, name := range sortedNames(e.manifests) {
		if md := e.manifests[name]; md.m != nil {
			in.ManifestPath, in.ManifestDigest = md.path, md.m.Digest()
			break
		}
	}
	return in, nil
}

// warnings renders warning diagnostics as lines for the plan.
func warnings(diags hcl.Diagnostics) []string {
	seen := map[string]bool{}
	out := []string{}
	for _, d := range diags {
		if d.Severity != hcl.DiagWarning {
			continue
		}
		w := d.Summary
		if d.Detail != "" {
			w += ": " + d.Detail
		}
		if d.Subject != nil {
			w += fmt.Sprintf(" (%s:%d,%d)", d.Subject.Filename, d.Subject.Start.Line, d.Subject.Start.Column)
		}
		if !seen[w] {
			seen[w] = true
			out = append(out, w)
		}
	}
	return out
}

// target keeps the actions matching the targets (an address, or a prefix
// ending at a step boundary such as stage.maven or stage.maven["x"]) and
// everything they depend on.
func target(actions []plan.Action, targets []string) ([]plan.Action, hcl.Diagnostics) {
	byAddr := map[string]*plan.Action{}
	for i := range actions {
		byAddr[actions[i].Address] = &actions[i]
	}
	keep := map[string]bool{}
	var visit func(addr string)
	visit = func(addr string) {
		if keep[addr] {
			return
		}
		keep[addr] = true
		if a := byAddr[addr]; a != nil {
			for _, d := range a.DependsOn {
				visit(d)
			}
		}
	}
	var diags hcl.Diagnostics
	for _, t := range targets {
		matched := false
		for _, a := range actions {
			if a.Address == t || strings.HasPrefix(a.Address, t+".") || strings.HasPrefix(a.Address, t+"[") {
				visit(a.Address)
				matched = true
			}
		}
		if !matched {
			diags = append(diags, &hcl.Diagnostic{Severity: hcl.DiagError, Summary: "Target matches no action", Detail: fmt.Sprintf("The target %q matches no action of the plan.", t)})
		}
	}
	var out []plan.Action
	for _, a := range actions {
		if keep[a.Address] {
			out = append(out, a)
		}
	}
	return out, diags
}

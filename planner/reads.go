package planner

import (
	"context"

	"github.com/hashicorp/hcl/v2"
	"golang.org/x/sync/errgroup"

	"github.com/relctl/relctl/providers"
)

// readConcurrency bounds the reads of repositories in flight while
// planning. GitHub asks integrations not to send many requests at once
// (its secondary rate limit); a few at a time hide most of the latency,
// and the GitHub transport still pauses every request when GitHub says
// to slow down.
const readConcurrency = 8

// repoRead is one repository read: prepared and taken into account on
// the evaluator's goroutine, the provider call made on its own.
type repoRead struct {
	inst   *componentInst
	name   string
	repo   providers.Repository
	reader providers.RepositoryReader
	// defaultBranch is whether the plan needs the default branch: only
	// as the release branch of a strategy that names none.
	defaultBranch bool
	refs          providers.RepositoryRefs
	err           error
}

// readRepository reads a component's repository now.
func (e *evaluator) readRepository(inst *componentInst) {
	e.readRepositories([]*componentInst{inst})
}

// readRepositories reads the repositories of the components whose read
// is still to do, readConcurrency at a time, and takes the answers (refs,
// or errors) in the order of insts, so that the plan and its diagnostics
// do not depend on which answer came first.
func (e *evaluator) readRepositories(insts []*componentInst) {
	var reads []*repoRead
	for _, inst := range insts {
		if inst.readDone || e.opts.NoRefresh {
			continue
		}
		inst.readDone = true
		if r := e.prepareRead(inst); r != nil {
			reads = append(reads, r)
		}
	}
	concurrently(len(reads), func(i int) {
		r := reads[i]
		if rr, ok := r.reader.(providers.RefsReader); ok && !r.defaultBranch {
			r.refs, r.err = rr.ReadRefs(e.ctx, r.repo, false)
			return
		}
		r.refs, r.err = r.reader.ReadRepository(e.ctx, r.repo)
	})
	for _, r := range reads {
		inst := r.inst
		if r.err != nil {
			e.errorf(inst.block.DeclRange, "Cannot read repository", "Reading repository %s of component %q failed: %s.", displayRepo(r.repo), inst.Name, r.err)
			continue
		}
		inst.refs = &r.refs
		inst.reader = r.name
		inst.latestTag = e.latestTag(inst)
	}
}

// prepareRead finds the reader of a component's repository, or reports
// why there is none; nil when nothing is to be read.
func (e *evaluator) prepareRead(inst *componentInst) *repoRead {
	name, repo := e.repository(inst)
	p, err := e.provider(name)
	if err != nil {
		e.errorf(inst.block.DeclRange, "Cannot read repository", "Reading repository %s of component %q needs the %s provider: %s.", inst.Repo, inst.Name, name, err)
		return nil
	}
	reader, ok := p.(providers.RepositoryReader)
	if !ok {
		return nil
	}
	return &repoRead{inst: inst, name: name, repo: repo, reader: reader, defaultBranch: inst.strategy.Branch == nil}
}

// concurrently calls f(0) … f(n-1), at most readConcurrency at once, and
// returns when all have returned.
func concurrently(n int, f func(i int)) {
	if n == 1 {
		f(0)
		return
	}
	var g errgroup.Group
	g.SetLimit(readConcurrency)
	for i := range n {
		g.Go(func() error { f(i); return nil })
	}
	_ = g.Wait()
}

// readAhead holds the reads of manifests and milestones started before
// the evaluation that needs them (startReads), so that they run together
// and beside the evaluation instead of one after another. It is used on
// the evaluator's goroutine only; each read runs on its own.
type readAhead struct {
	files      map[fileRead]*pending[providers.FileContent]
	milestones map[milestoneRead]*pending[providers.Milestone]
}

type fileRead struct {
	reader    providers.FileReader
	repo      providers.Repository
	path, ref string
}

type milestoneRead struct {
	reader providers.MilestoneReader
	req    providers.MilestoneRequest
}

// pending is a read in progress: val and err are set when done closes.
type pending[T any] struct {
	done chan struct{}
	val  T
	err  error
}

func start[T any](read func() (T, error)) *pending[T] {
	p := &pending[T]{done: make(chan struct{})}
	go func() {
		defer close(p.done)
		p.val, p.err = read()
	}()
	return p
}

func (p *pending[T]) wait() (T, error) {
	<-p.done
	return p.val, p.err
}

func newReadAhead() *readAhead {
	return &readAhead{files: map[fileRead]*pending[providers.FileContent]{},
		milestones: map[milestoneRead]*pending[providers.Milestone]{}}
}

// file reads a file, taking the read started for it if there is one.
func (ra *readAhead) file(ctx context.Context, reader providers.FileReader, repo providers.Repository, path, ref string) (providers.FileContent, error) {
	k := fileRead{reader: reader, repo: repo, path: path, ref: ref}
	if p, ok := ra.files[k]; ok {
		delete(ra.files, k)
		return p.wait()
	}
	return reader.ReadFile(ctx, repo, path, ref)
}

// milestone reads a milestone, taking the read started for it if there
// is one.
func (ra *readAhead) milestone(ctx context.Context, reader providers.MilestoneReader, req providers.MilestoneRequest) (providers.Milestone, error) {
	k := milestoneRead{reader: reader, req: req}
	if p, ok := ra.milestones[k]; ok {
		delete(ra.milestones, k)
		return p.wait()
	}
	return reader.ReadMilestone(ctx, req)
}

// startReads starts reading the manifests and milestones whose inputs
// are known once the variables and locals are: those that refer to
// nothing else and evaluate without a diagnostic. The manifest and
// milestone evaluations then take the answers where they always read
// them, so the plan and its diagnostics stay the same; an input with a
// problem is left to the evaluation that reports it.
func (e *evaluator) startReads() {
	if e.opts.NoRefresh {
		return
	}
	for _, name := range sortedNames(e.cfg.Manifests) {
		b := e.cfg.Manifests[name]
		gh := b.GitHub
		if _, done := e.manifests[name]; done || b.Path != nil || gh == nil || !inputsOnly(gh.Repo, gh.Path, gh.Ref) {
			continue
		}
		var repo, path, ref string
		if !e.quietly(func() (ok bool) { repo, path, ref, ok = e.manifestSource(gh); return ok }) {
			continue
		}
		reader, ok := e.readyProvider("github").(providers.FileReader)
		if !ok {
			continue
		}
		k := fileRead{reader: reader, repo: providers.Repository{Repo: repo}, path: path, ref: ref}
		if _, dup := e.reads.files[k]; !dup {
			e.reads.files[k] = start(func() (providers.FileContent, error) { return reader.ReadFile(e.ctx, k.repo, path, ref) })
		}
	}
	for _, name := range sortedNames(e.cfg.Milestones) {
		b := e.cfg.Milestones[name]
		if _, done := e.milestones[name]; done || !inputsOnly(b.Repo, b.Title, b.Number, b.ComponentLabelPrefix, b.LinkedPullRequests) {
			continue
		}
		var req providers.MilestoneRequest
		if !e.quietly(func() (ok bool) { req, _, ok = e.milestoneRequest(b); return ok }) {
			continue
		}
		reader, ok := e.readyProvider("github").(providers.MilestoneReader)
		if !ok {
			continue
		}
		k := milestoneRead{reader: reader, req: req}
		if _, dup := e.reads.milestones[k]; !dup {
			e.reads.milestones[k] = start(func() (providers.Milestone, error) { return reader.ReadMilestone(e.ctx, req) })
		}
	}
}

// inputsOnly reports whether the expressions refer to variables and
// locals only, which are known before anything is read.
func inputsOnly(exprs ...hcl.Expression) bool {
	for _, expr := range exprs {
		if expr == nil {
			continue
		}
		for _, t := range expr.Variables() {
			if root := t.RootName(); root != "var" && root != "local" {
				return false
			}
		}
	}
	return true
}

// quietly runs f and reports whether it succeeded without a diagnostic.
// Its diagnostics are dropped: the evaluation that runs it again reports
// them in their place.
func (e *evaluator) quietly(f func() bool) bool {
	saved := e.diags
	e.diags = nil
	ok := f()
	clean := len(e.diags) == 0
	e.diags = saved
	return ok && clean
}

// readyProvider is the named provider when it is configured, or can be
// without a diagnostic; nil otherwise. A provider whose configuration has
// a problem is left unconfigured, for the evaluation that uses it to
// report the problem where it always has.
func (e *evaluator) readyProvider(name string) providers.Provider {
	ps := e.provs
	if p, ok := ps.byName[name]; ok {
		return p
	}
	if _, failed := ps.failed[name]; failed {
		return nil
	}
	if block := e.cfg.Providers[name]; block != nil {
		for _, a := range block.Attrs {
			if !inputsOnly(a.Expr) {
				return nil
			}
		}
	}
	saved := e.diags
	e.diags = nil
	p, err := e.provider(name)
	clean := len(e.diags) == 0
	e.diags = saved
	if !clean {
		delete(ps.failed, name) // configured again, diagnostics and all
		return nil
	}
	if err != nil {
		return nil
	}
	return p
}

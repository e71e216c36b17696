package planner

import (
	"sync"

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
	sem := make(chan struct{}, readConcurrency)
	var wg sync.WaitGroup
	for i := 0; i < n; i++ {
		wg.Add(1)
		sem <- struct{}{}
		go func() {
			defer wg.Done()
			defer func() { <-sem }()
			f(i)
		}()
	}
	wg.Wait()
}


package executor

import (
	"context"
	"sort"
	"sync"
	"time"

	"github.com/relctl/relctl/planner/plan"
	"github.com/relctl/relctl/state"
)

// nodeStatus is where a node stands during one walk.
type nodeStatus int

const (
	nsWaiting nodeStatus = iota // waits for nodes upstream
	nsReady                     // queued to start
	nsRunning
	nsOK      // done (or nothing to do)
	nsFailed  // its own failure: a root cause
	nsSkipped // not run because something upstream failed
	nsStopped // started but not finished: interrupted or timed out
)

// mode is what differs between an apply walk and a rollback walk: the
// direction of the edges, what a node does and what a failure does to
// the nodes downstream.
type mode interface {
	upstream(n *node) []int
	downstream(n *node) []int
	// settled reports whether n has nothing to do in this walk.
	settled(n *node) bool
	// tolerates reports whether down may still run although up failed.
	tolerates(up, down *node) bool
	priority(n *node) int
	// interruptible reports whether n is cancelled at once on interrupt
	// rather than after the grace period (waits: nothing to lose).
	interruptible(n *node) bool
	pre(a *plan.Action)
	perform(ctx context.Context, n *node) (Outcome, error)
	post(a *plan.Action, o Outcome)
	// skip records that n will not run because root failed.
	skip(n *node, root *node) (Outcome, error)
}

// finished is a node's outcome, sent from its goroutine to the walk.
type finished struct {
	n     *node
	o     Outcome
	fatal error
}

// walker schedules nodes as soon as everything upstream of them is done,
// at most parallelism at once, tallest first. Its fields are owned by
// the goroutine running walk.
type walker struct {
	e       *Executor
	g       *graph
	m       mode
	status  []nodeStatus
	waiting []int
	ready   queue
	results chan finished
	running int
	stop    bool
	fatal   error
	res     *Result
	// resume says how to resume the walk once stopped.
	resume string
}

func newWalker(e *Executor, g *graph, m mode) *walker {
	w := &walker{
		e:       e,
		g:       g,
		m:       m,
		status:  make([]nodeStatus, len(g.nodes)),
		waiting: make([]int, len(g.nodes)),
		results: make(chan finished, e.parallelism()),
		res:     &Result{},
		resume:  "apply the plan again",
	}
	w.ready.prio = func(i int) int { return m.priority(g.nodes[i]) }
	for _, n := range g.nodes {
		if m.settled(n) {
			w.status[n.idx] = nsOK
		}
	}
	for _, n := range g.nodes {
		if w.status[n.idx] != nsWaiting {
			continue
		}
		for _, u := range m.upstream(n) {
			if w.status[u] != nsOK {
				w.waiting[n.idx]++
			}
		}
		if w.waiting[n.idx] == 0 {
			w.enqueue(n.idx)
		}
	}
	return w
}

// walk runs the nodes until none is left to start. Cancelling ctx stops
// starting nodes; running ones are cancelled after the grace period.
func (w *walker) walk(ctx context.Context) {
	runCtx, cancelRun := context.WithCancel(context.WithoutCancel(ctx))
	defer cancelRun()
	stopped := ctx.Done()
	var grace *time.Timer
	defer func() {
		if grace != nil {
			grace.Stop()
		}
	}()
	limit := w.e.parallelism()
	for {
		if ctx.Err() != nil && !w.stop {
			stopped = nil
			w.interrupt(cancelRun, &grace)
		}
		for !w.stop && w.running < limit && w.ready.Len() > 0 {
			w.start(ctx, runCtx, w.g.nodes[w.ready.pop()])
		}
		if w.running == 0 {
			return
		}
		select {
		case f := <-w.results:
			w.running--
			w.finish(f)
		case <-stopped:
			stopped = nil
			w.interrupt(cancelRun, &grace)
		}
	}
}

// interrupt stops starting nodes and cancels the running ones after the
// grace period.
func (w *walker) interrupt(cancelRun context.CancelFunc, grace **time.Timer) {
	w.stop = true
	w.res.Interrupted = true
	*grace = time.AfterFunc(w.e.gracePeriod(), cancelRun)
}

func (w *walker) enqueue(i int) {
	w.status[i] = nsReady
	w.ready.push(i)
}

// start runs n in its own goroutine.
func (w *walker) start(stopCtx, runCtx context.Context, n *node) {
	w.status[n.idx] = nsRunning
	w.running++
	ctx, cancel := context.WithCancel(runCtx)
	unhook := func() bool { return false }
	if w.m.interruptible(n) {
		unhook = context.AfterFunc(stopCtx, cancel)
	}
	go func() {
		defer cancel()
		defer unhook()
		w.m.pre(n.action)
		begin := w.e.now()
		stopTicker := w.tick(n.action, begin)
		o, fatal := w.m.perform(ctx, n)
		stopTicker()
		o.Elapsed = w.e.now().Sub(begin)
		w.m.post(n.action, o)
		w.results <- finished{n: n, o: o, fatal: fatal}
	}()
}

// tick calls StillRunning periodically until the returned func is called;
// that func returns once no call is in progress. It is a timer that
// re-arms itself, not a goroutine per action: most actions end long
// before the first call.
func (w *walker) tick(a *plan.Action, begin time.Time) func() {
	interval := w.e.progressInterval()
	var mu sync.Mutex // held during a call, and while t is set
	stopped := false
	var t *time.Timer
	mu.Lock()
	t = time.AfterFunc(interval, func() {
		mu.Lock()
		defer mu.Unlock()
		if stopped {
			return
		}
		w.e.hook().StillRunning(a, w.e.now().Sub(begin))
		t.Reset(interval)
	})
	mu.Unlock()
	return func() {
		mu.Lock()
		defer mu.Unlock()
		stopped = true
		t.Stop()
	}
}

// finish takes a node's outcome into account: release, skip or keep
// waiting the nodes downstream.
func (w *walker) finish(f finished) {
	n := f.n
	if f.fatal != nil && w.fatal == nil {
		w.fatal = f.fatal
		w.stop = true
	}
	switch {
	case f.o.Stopped:
		w.status[n.idx] = nsStopped
		if f.o.Reason == ReasonTimedOut {
			w.res.TimedOut = append(w.res.TimedOut, n.action.Address)
		}
	case f.o.Status == state.Failed || f.o.Status == state.UndoFailed:
		w.status[n.idx] = nsFailed
		w.res.Failed = append(w.res.Failed, n.action.Address)
		w.res.Errors = append(w.res.Errors, &ActionError{Address: n.action.Address, Err: f.o.Err})
		w.skipFrom(n, n)
	default:
		w.status[n.idx] = nsOK
		switch {
		case f.o.Disabled:
			w.res.Disabled = append(w.res.Disabled, n.action.Address)
		case f.o.Adopted:
			w.res.Adopted = append(w.res.Adopted, n.action.Address)
		default:
			w.res.Done = append(w.res.Done, n.action.Address)
		}
		w.release(n)
	}
}

// release counts n as finished for every node downstream of it.
func (w *walker) release(n *node) {
	for _, d := range w.m.downstream(n) {
		if w.status[d] != nsWaiting {
			continue
		}
		if w.waiting[d]--; w.waiting[d] == 0 {
			w.enqueue(d)
		}
	}
}

// skipFrom skips every node downstream of from that cannot run without
// it, recursively, naming root as the cause.
func (w *walker) skipFrom(from, root *node) {
	for _, d := range w.m.downstream(from) {
		if w.status[d] != nsWaiting {
			continue
		}
		dn := w.g.nodes[d]
		if w.m.tolerates(from, dn) {
			if w.waiting[d]--; w.waiting[d] == 0 {
				w.enqueue(d)
			}
			continue
		}
		w.status[d] = nsSkipped
		w.res.Skipped = append(w.res.Skipped, dn.action.Address)
		o, fatal := w.m.skip(dn, root)
		if fatal != nil && w.fatal == nil {
			w.fatal = fatal
			w.stop = true
		}
		w.m.post(dn.action, o)
		w.skipFrom(dn, root)
	}
}

// sortResult lists the unfinished nodes and puts every list of the
// result in plan order.
func (w *walker) sortResult() {
	for _, n := range w.g.nodes {
		switch w.status[n.idx] {
		case nsWaiting, nsReady, nsStopped:
			w.res.Unfinished = append(w.res.Unfinished, n.action.Address)
		}
	}
	for _, list := range [][]string{w.res.Done, w.res.Adopted, w.res.Disabled, w.res.Failed, w.res.Skipped, w.res.TimedOut} {
		w.byPlanOrder(list)
	}
	sort.SliceStable(w.res.Errors, func(i, j int) bool {
		return w.g.byAddr[w.res.Errors[i].Address] < w.g.byAddr[w.res.Errors[j].Address]
	})
}

func (w *walker) byPlanOrder(addrs []string) {
	sort.SliceStable(addrs, func(i, j int) bool { return w.g.byAddr[addrs[i]] < w.g.byAddr[addrs[j]] })
}

package executor

import (
	"container/heap"
	"fmt"
	"sort"
	"strings"

	"github.com/relctl/relctl/planner/plan"
)

// node is one action of the plan in the executor's graph.
type node struct {
	idx    int
	action *plan.Action
	// deps are the nodes this one waits for: its depends_on and the
	// actions whose outputs its deferred arguments read.
	deps []int
	// dependents are the nodes that wait for this one.
	dependents []int
	// outputDeps are the deps whose outputs the deferred arguments read:
	// their failure always skips this node.
	outputDeps map[int]bool
	// height is the number of nodes on the longest chain from this node
	// to the end of the graph; the scheduler starts the tallest first.
	height int
}

// graph is the plan's actions ordered by their dependencies.
type graph struct {
	nodes  []*node
	byAddr map[string]int
	// topo lists the node indexes so that every node follows its deps.
	topo []int
}

// newGraph builds the graph of a plan's actions and refuses unknown
// dependencies and cycles.
func newGraph(p *plan.Plan) (*graph, error) {
	g := &graph{byAddr: make(map[string]int, len(p.Actions))}
	for i := range p.Actions {
		a := &p.Actions[i]
		if _, dup := g.byAddr[a.Address]; dup {
			return nil, fmt.Errorf("plan lists action %s twice", a.Address)
		}
		g.byAddr[a.Address] = i
		g.nodes = append(g.nodes, &node{idx: i, action: a})
	}
	for _, n := range g.nodes {
		if err := g.link(n); err != nil {
			return nil, err
		}
	}
	if err := g.sort(); err != nil {
		return nil, err
	}
	g.measure()
	return g, nil
}

func (g *graph) link(n *node) error {
	seen := map[int]bool{}
	add := func(addr string, output bool) error {
		d, ok := g.byAddr[addr]
		if !ok {
			return fmt.Errorf("action %s depends on %s, which the plan does not contain", n.action.Address, addr)
		}
		if d == n.idx {
			return fmt.Errorf("action %s depends on itself", n.action.Address)
		}
		if output {
			if n.outputDeps == nil {
				n.outputDeps = map[int]bool{}
			}
			n.outputDeps[d] = true
		}
		if !seen[d] {
			seen[d] = true
			n.deps = append(n.deps, d)
			g.nodes[d].dependents = append(g.nodes[d].dependents, n.idx)
		}
		return nil
	}
	for _, addr := range n.action.DependsOn {
		if err := add(addr, false); err != nil {
			return err
		}
	}
	for _, name := range sortedKeys(n.action.Deferred) {
		for _, addr := range n.action.Deferred[name].Outputs {
			if err := add(addr, true); err != nil {
				return err
			}
		}
	}
	return nil
}

// sort orders the nodes topologically (Kahn), keeping plan order among
// independent nodes, and names a cycle if there is one.
func (g *graph) sort() error {
	waiting := make([]int, len(g.nodes))
	var queue []int
	for i, n := range g.nodes {
		waiting[i] = len(n.deps)
		if waiting[i] == 0 {
			queue = append(queue, i)
		}
	}
	for len(queue) > 0 {
		i := queue[0]
		queue = queue[1:]
		g.topo = append(g.topo, i)
		for _, d := range g.nodes[i].dependents {
			if waiting[d]--; waiting[d] == 0 {
				queue = append(queue, d)
			}
		}
	}
	if len(g.topo) == len(g.nodes) {
		return nil
	}
	var stuck []string
	for i, w := range waiting {
		if w > 0 {
			stuck = append(stuck, g.nodes[i].action.Address)
		}
	}
	return fmt.Errorf("plan's actions depend on each other in a cycle: %s", strings.Join(stuck, ", "))
}

func (g *graph) measure() {
	for k := len(g.topo) - 1; k >= 0; k-- {
		n := g.nodes[g.topo[k]]
		n.height = 1
		for _, d := range n.dependents {
			if h := g.nodes[d].height + 1; h > n.height {
				n.height = h
			}
		}
	}
}

// queue is a priority queue of ready nodes: the highest priority first,
// then plan order.
type queue struct {
	items []int
	prio  func(int) int
}

func (q *queue) Len() int { return len(q.items) }
func (q *queue) Less(i, j int) bool {
	a, b := q.items[i], q.items[j]
	if pa, pb := q.prio(a), q.prio(b); pa != pb {
		return pa > pb
	}
	return a < b
}
func (q *queue) Swap(i, j int) { q.items[i], q.items[j] = q.items[j], q.items[i] }
func (q *queue) Push(x any)    { q.items = append(q.items, x.(int)) }
func (q *queue) Pop() any {
	last := q.items[len(q.items)-1]
	q.items = q.items[:len(q.items)-1]
	return last
}

func (q *queue) push(i int) { heap.Push(q, i) }
func (q *queue) pop() int   { return heap.Pop(q).(int) }

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

package e2e

import (
	"context"
	"sort"
	"testing"
	"time"

	"github.com/relctl/relctl/config"
	"github.com/relctl/relctl/planner"
	"github.com/relctl/relctl/providers/builtin"
	"github.com/relctl/relctl/providers/github/githubtest"
)

// readLatency is the time GitHub takes to answer one request, as
// measured from this project's CI.
const readLatency = 43 * time.Millisecond

// BenchmarkPlanGravitee plans the Gravitee example (85 components, the
// milestone, release.json) against a GitHub answering every request after
// readLatency. wall/ideal is the planning time divided by the time its
// requests take readConcurrency (8) at a time; 1.0 would be perfect
// overlap. Reads that need the answer of another cannot overlap with it:
// chain is the longest run of requests each sent after the previous one
// was answered, and wall/bound divides the planning time by the larger of
// chain × readLatency and the ideal, the least any order of these
// requests could take.
func BenchmarkPlanGravitee(b *testing.B) {
	const concurrency = 8
	b.Setenv("GITHUB_TOKEN", e2eCanary)
	srv, _ := gravitee(b)
	b.Setenv("CIRCLE_TOKEN", e2eCanary+"circle")
	circle := graviteeCircle(b)
	reg := builtin.Registry()
	cfg, diags := config.Load(exampleDir, reg)
	if diags.HasErrors() {
		b.Fatal(diags.Error())
	}
	opts := planner.Options{
		Registry: reg, RelctlVersion: "0.1.0",
		Now:  func() time.Time { return time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC) },
		Vars: planner.VarInputs{Flags: []string{"release_version=3.4.7", "milestone=APIM 3.4.7", "github_api_url=" + srv.URL(), "circleci_api_url=" + circle.URL, "slack_webhook_url=https://hooks.slack.invalid/x"}},
	}
	srv.Latency(readLatency)
	var wall time.Duration
	requests, chain := 0, 0
	for b.Loop() {
		before := srv.RequestCount()
		start := time.Now()
		p, diags := planner.Build(context.Background(), cfg, opts)
		wall += time.Since(start)
		if diags.HasErrors() {
			b.Fatal(diags.Error())
		}
		if len(p.Components) == 0 {
			b.Fatal("no component released")
		}
		log := srv.Requests()[before:]
		requests += len(log)
		chain += longestChain(log)
		if testing.Verbose() && requests == len(log) {
			sort.SliceStable(log, func(i, j int) bool { return log[i].Received.Before(log[j].Received) })
			for _, r := range log {
				b.Logf("%4d–%4d ms %s %s", r.Received.Sub(start).Milliseconds(), r.Answered.Sub(start).Milliseconds(), r.Method, r.Path)
			}
		}
	}
	n := float64(b.N)
	ideal := float64(requests) / n * float64(readLatency) / concurrency
	bound := max(ideal, float64(chain)/n*float64(readLatency))
	b.ReportMetric(float64(requests)/n, "requests/plan")
	b.ReportMetric(float64(chain)/n, "chain/plan")
	b.ReportMetric(float64(wall)/n/ideal, "wall/ideal")
	b.ReportMetric(float64(wall)/n/bound, "wall/bound")
	b.ReportMetric(float64(wall)/n/float64(time.Millisecond), "ms/plan")
}

// longestChain is the largest number of requests of log that were sent
// one after another, each after the answer to the one before.
func longestChain(log []githubtest.Request) int {
	log = append([]githubtest.Request(nil), log...)
	sort.Slice(log, func(i, j int) bool { return log[i].Received.Before(log[j].Received) })
	depth := make([]int, len(log))
	most := 0
	for i, r := range log {
		depth[i] = 1
		for j := range i {
			if !log[j].Answered.After(r.Received) {
				depth[i] = max(depth[i], depth[j]+1)
			}
		}
		most = max(most, depth[i])
	}
	return most
}

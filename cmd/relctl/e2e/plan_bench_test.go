package e2e

import (
	"context"
	"testing"
	"time"

	"github.com/relctl/relctl/config"
	"github.com/relctl/relctl/planner"
	"github.com/relctl/relctl/providers/builtin"
)

// readLatency is the time GitHub takes to answer one request, as
// measured from this project's CI.
const readLatency = 43 * time.Millisecond

// BenchmarkPlanGravitee plans the Gravitee example (85 components, the
// milestone, release.json) against a GitHub answering every request after
// readLatency. wall/ideal is the planning time divided by the time its
// requests take readConcurrency (8) at a time; 1.0 would be perfect
// overlap, and reads that cannot overlap (pages of one list, the
// manifest before the components it names) push it up.
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
	requests := 0
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
		requests += srv.RequestCount() - before
		if testing.Verbose() && requests == srv.RequestCount()-before {
			for _, r := range srv.Requests()[before:] {
				b.Logf("%s %s", r.Method, r.Path)
			}
		}
	}
	n := float64(b.N)
	ideal := float64(requests) / n * float64(readLatency) / concurrency
	b.ReportMetric(float64(requests)/n, "requests/plan")
	b.ReportMetric(float64(wall)/n/ideal, "wall/ideal")
	b.ReportMetric(float64(wall)/n/float64(time.Millisecond), "ms/plan")
}

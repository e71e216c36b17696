package planner_test

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/relctl/relctl/config"
	"github.com/relctl/relctl/planner"
	"github.com/relctl/relctl/planner/plan"
)

// largeConfig is a product of n components with a dependency chain every
// ten components and a four-action release stage per component: 4n
// actions, planned offline.
func largeConfig(n int) string {
	var b strings.Builder
	b.WriteString("locals {\n  components = {\n")
	for i := 0; i < n; i++ {
		dep := ""
		if i%10 != 0 {
			dep = fmt.Sprintf("c%05d", i-1)
		}
		fmt.Fprintf(&b, "    c%05d = { version = \"1.%d.0-SNAPSHOT\", deps = [%q] }\n", i, i, dep)
	}
	b.WriteString(`  }
}

strategy "maven" {
  scheme = "maven"
  tag    = "${name}-${version}"
}

component "all" {
  for_each   = local.components
  repo       = "acme/${each.key}"
  version    = each.value.version
  strategy   = strategy.maven
  depends_on = [for d in each.value.deps : d if d != ""]
}

release {
  name       = "Large"
  version    = "1.0.0"
  components = keys(local.components)
}

stage "release" {
  for_each = release.components
  action "exec" "build" { argv = ["build", each.key, each.value.version] }
  action "exec" "test" { argv = ["test", each.key] }
  action "exec" "tag" { argv = ["tag", each.value.tag] }
  action "exec" "publish" { argv = ["publish", each.key, each.value.next] }
}
`)
	return b.String()
}

// BenchmarkPlanLarge plans 1,000 and 10,000 actions offline; ns/action
// should stay flat as the plan grows.
func BenchmarkPlanLarge(b *testing.B) {
	for _, n := range []int{250, 2500} {
		b.Run(fmt.Sprintf("actions=%d", 4*n), func(b *testing.B) {
			dir := b.TempDir()
			writeFile(b, dir, "main.rel.hcl", largeConfig(n))
			opts := options(planner.Options{NoRefresh: true})
			cfg, diags := config.Load(dir, opts.Registry)
			if diags.HasErrors() {
				b.Fatal(diags.Error())
			}
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				p, diags := planner.Build(context.Background(), cfg, opts)
				if diags.HasErrors() {
					b.Fatal(diags.Error())
				}
				if len(p.Actions) != 4*n {
					b.Fatalf("%d actions", len(p.Actions))
				}
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*4*n), "ns/action")
		})
	}
}

// layeredConfig is a product of layers×width components, each depending
// on two components of the layer before, released by force with one exec
// action per component in dependency order: the DAG of `make bench`.
func layeredConfig(layers, width int) string {
	var b strings.Builder
	b.WriteString("strategy \"s\" {\n  scheme = \"semver\"\n  bump   = \"patch\"\n}\n\n")
	var names []string
	for l := 0; l < layers; l++ {
		for w := 0; w < width; w++ {
			name := fmt.Sprintf("n%03d_%03d", l, w)
			names = append(names, strconv.Quote(name))
			fmt.Fprintf(&b, "component %q {\n  repo     = \"bench/%s\"\n  version  = \"1.0.0\"\n  strategy = strategy.s\n", name, name)
			if l > 0 {
				fmt.Fprintf(&b, "  depends_on = [component.n%03d_%03d, component.n%03d_%03d]\n", l-1, w, l-1, (w+1)%width)
			}
			b.WriteString("}\n")
		}
	}
	fmt.Fprintf(&b, "\nrelease {\n  name       = \"Bench\"\n  version    = \"1.0.0\"\n  force      = true\n  components = [%s]\n}\n", strings.Join(names, ", "))
	b.WriteString(`
stage "run" {
  for_each = release.components
  order    = "dependencies"
  action "exec" "node" { argv = ["/bin/sh", "-c", "true"] }
}
`)
	return b.String()
}

// BenchmarkPlanComponents plans 1,000 and 10,000 components with
// dependencies; ns/component should stay flat as the product grows.
func BenchmarkPlanComponents(b *testing.B) {
	for _, lw := range [][2]int{{10, 100}, {100, 100}} {
		n := lw[0] * lw[1]
		b.Run(fmt.Sprintf("components=%d", n), func(b *testing.B) {
			dir := b.TempDir()
			writeFile(b, dir, "main.rel.hcl", layeredConfig(lw[0], lw[1]))
			opts := options(planner.Options{NoRefresh: true})
			b.ResetTimer()
			cpu0 := cpuTime()
			for i := 0; i < b.N; i++ {
				cfg, diags := config.Load(dir, opts.Registry)
				if diags.HasErrors() {
					b.Fatal(diags.Error())
				}
				p, diags := planner.Build(context.Background(), cfg, opts)
				if diags.HasErrors() {
					b.Fatal(diags.Error())
				}
				if len(p.Actions) != n {
					b.Fatalf("%d actions", len(p.Actions))
				}
				if _, err := plan.Encode(p); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*n), "ns/component")
			// CPU time is the figure to compare on a busy machine.
			b.ReportMetric(float64(cpuTime()-cpu0)/float64(b.N*n), "cpu-ns/component")
		})
	}
}

// cpuTime is the CPU time (user and system) the process has used.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

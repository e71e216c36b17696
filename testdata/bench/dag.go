package main

import (
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
)

// dag is the layered workload: layers × width nodes, each node of a layer
// after the first depending on two nodes of the layer before, each
// running one command.
type dag struct {
	layers, width int
	command       string // run by /bin/sh -c
	parallelism   int
}

func (d dag) nodes() int { return d.layers * d.width }

func (d dag) name(l, w int) string { return fmt.Sprintf("n%03d_%03d", l, w) }

// deps are the two nodes of the layer before that node (l, w) waits for.
func (d dag) deps(l, w int) []string {
	if l == 0 {
		return nil
	}
	return []string{d.name(l-1, w), d.name(l-1, (w+1)%d.width)}
}

// relctl is the configuration for relctl: one component per node with
// depends_on, released by force, one stage over release.components in
// dependency order with one exec action per component.
func (d dag) relctl() string {
	var b strings.Builder
	fmt.Fprintf(&b, "relctl {\n  state_path  = \"relctl.state\"\n  parallelism = %d\n}\n\n", d.parallelism)
	b.WriteString("strategy \"s\" {\n  scheme = \"semver\"\n  bump   = \"patch\"\n}\n\n")
	var names []string
	for l := 0; l < d.layers; l++ {
		for w := 0; w < d.width; w++ {
			n := d.name(l, w)
			names = append(names, strconv.Quote(n))
			fmt.Fprintf(&b, "component %q {\n  repo     = \"bench/%s\"\n  version  = \"1.0.0\"\n  strategy = strategy.s\n", n, n)
			if deps := d.deps(l, w); deps != nil {
				fmt.Fprintf(&b, "  depends_on = [component.%s, component.%s]\n", deps[0], deps[1])
			}
			b.WriteString("}\n")
		}
	}
	fmt.Fprintf(&b, "\nrelease {\n  name       = \"Bench\"\n  version    = \"1.0.0\"\n  force      = true\n  components = [%s]\n}\n\n", strings.Join(names, ", "))
	fmt.Fprintf(&b, "stage \"run\" {\n  for_each = release.components\n  order    = \"dependencies\"\n\n  action \"exec\" \"node\" {\n    argv = [\"/bin/sh\", \"-c\", %q]\n  }\n}\n", d.command)
	return b.String()
}

// terraform is the same DAG for Terraform: terraform_data resources with
// a local-exec provisioner (run by /bin/sh -c too).
func (d dag) terraform() string {
	var b strings.Builder
	for l := 0; l < d.layers; l++ {
		for w := 0; w < d.width; w++ {
			fmt.Fprintf(&b, "resource \"terraform_data\" %q {\n", d.name(l, w))
			if deps := d.deps(l, w); deps != nil {
				fmt.Fprintf(&b, "  depends_on = [terraform_data.%s, terraform_data.%s]\n", deps[0], deps[1])
			}
			fmt.Fprintf(&b, "  provisioner \"local-exec\" {\n    command = %q\n  }\n}\n", d.command)
		}
	}
	return b.String()
}

// write creates dir with the file for the tool.
func write(dir, file, content string) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	return os.WriteFile(filepath.Join(dir, file), []byte(content), 0o644)
}

package planner_test

import (
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/relctl/relctl/planner"
	"github.com/relctl/relctl/providers"
)

// TestEnabled plans a stage whose actions are enabled per instance: a
// disabled action stays in the plan, skipped with the source of its
// condition, its arguments unevaluated, and what follows it still waits
// for it.
func TestEnabled(t *testing.T) {
	t.Parallel()
	dir := writeConfig(t, map[string]string{"main.rel.hcl": `
variable "announce" {
  type    = bool
  default = false
}

locals {
  next = { api = "2.0.2-SNAPSHOT", web = "" }
}

stage "release" {
  for_each = local.next

  action "exec" "tag" {
    argv = ["echo", "tag", each.key]
  }
  action "exec" "next" {
    # Not evaluated where disabled: for web, regex fails (no match).
    argv    = ["echo", regex("^[0-9.]+-SNAPSHOT$", each.value)]
    enabled = each.value != ""
  }
  action "exec" "push" {
    argv = ["echo", "push", each.key]
  }
}

stage "announce" {
  depends_on = [stage.release]
  action "exec" "slack" {
    argv    = ["echo", "released"]
    enabled = var.announce
  }
}
`})
	p := buildPlan(t, dir, planner.Options{})
	type row struct {
		Op        providers.Operation
		Disabled  string
		Desc      string
		Args      string
		DependsOn []string
	}
	got := map[string]row{}
	for _, a := range p.Actions {
		got[a.Address] = row{a.Operation, a.Disabled, a.Description, string(a.Args), a.DependsOn}
	}
	skipped := func(reason string, deps ...string) row {
		return row{providers.OpSkip, reason, "skipped: " + reason, "null", deps}
	}
	want := map[string]row{
		`stage.release["web"].exec.next`: skipped(`each.value != "" is false`, `stage.release["web"].exec.tag`),
		`stage.announce.exec.slack`: skipped("var.announce is false",
			`stage.release["api"].exec.push`, `stage.release["web"].exec.push`),
	}
	for addr, w := range want {
		if diff := cmp.Diff(w, got[addr]); diff != "" {
			t.Errorf("%s (-want +got):\n%s", addr, diff)
		}
	}
	if a := got[`stage.release["api"].exec.next`]; a.Op != providers.OpRun || a.Disabled != "" {
		t.Errorf("the enabled instance is planned as %s (disabled %q)", a.Op, a.Disabled)
	}
	if diff := cmp.Diff([]string{`stage.release["web"].exec.next`}, got[`stage.release["web"].exec.push`].DependsOn); diff != "" {
		t.Errorf("push waits for (-want +got):\n%s", diff)
	}
	c := p.Count()
	if c.Skip != 2 || c.Total != 7 {
		t.Errorf("counted %d skipped of %d, want 2 of 7", c.Skip, c.Total)
	}

	p = buildPlan(t, dir, planner.Options{Vars: planner.VarInputs{Flags: []string{"announce=true"}}})
	if a, _ := p.Action("stage.announce.exec.slack"); a.Operation != providers.OpRun {
		t.Errorf("with announce = true the action is planned as %s", a.Operation)
	}
}

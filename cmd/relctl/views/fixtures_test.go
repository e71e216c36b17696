package views

import (
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"github.com/relctl/relctl/planner/plan"
	"github.com/relctl/relctl/providers"
)

// The plans below are built by hand, the way the planner fills the model,
// so that every rendering can be pinned without configuration files.

const testPlanID = "9f2c41d07be3a5c6e1f8a9b0c2d4e6f8a1b3c5d7e9f0a2b4c6d8e0f1a3b5e41a"

// act builds an action of a stage instance; key is "" outside for_each.
func act(stage, key, typ, name string, op providers.Operation, rev providers.Reversibility, desc string) plan.Action {
	addr := "stage." + stage
	if key != "" {
		addr += fmt.Sprintf("[%q]", key)
	}
	return plan.Action{
		Address:       addr + "." + typ + "." + name,
		Stage:         stage,
		Key:           key,
		Type:          typ,
		Name:          name,
		Provider:      strings.SplitN(typ, "_", 2)[0],
		Operation:     op,
		Reversibility: rev,
		DependsOn:     []string{},
		Description:   desc,
		Args:          json.RawMessage(`{}`),
		Unknown:       []string{},
		OnFailure:     "halt",
	}
}

// withWave, withDeps and withDiff return a changed copy of an action.
func withWave(a plan.Action, wave int) plan.Action { a.Wave = wave; return a }

func withDeps(a plan.Action, deps ...string) plan.Action {
	a.DependsOn = append([]string{}, deps...)
	return a
}

func withDiff(a plan.Action, diff string) plan.Action { a.Diff = diff; return a }

func basePlan(name, version string) *plan.Plan {
	return &plan.Plan{
		FormatVersion: plan.FormatVersion,
		RelctlVersion: "0.1.0",
		CreatedAt:     time.Date(2026, 3, 14, 9, 26, 53, 0, time.UTC),
		Release:       plan.Release{Name: name, Version: version},
		Components:    []plan.Component{},
		NotReleased:   []plan.NotReleased{},
		Stages:        []plan.Stage{},
		Actions:       []plan.Action{},
		Facts:         []providers.Fact{},
		Warnings:      []string{},
		Settings: plan.Settings{
			StatePath: "relctl.state", Parallelism: 10, Dir: ".",
			Providers: map[string]json.RawMessage{},
		},
		Inputs: plan.Inputs{
			ConfigDigest: "sha256:3c1f", ConfigFiles: map[string]string{},
			Variables: map[string]json.RawMessage{},
		},
	}
}

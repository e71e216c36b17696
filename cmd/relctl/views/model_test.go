package views

import (
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/relctl/relctl/planner/plan"
)

func TestWaves(t *testing.T) {
	t.Parallel()
	tests := map[string]struct {
		plan  *plan.Plan
		stage string
		want  [][]string
	}{
		"one wave in written order": {plan: unknownPlan(), stage: "release", want: [][]string{{
			"stage.release.git_commit.bump", "stage.release.github_tag.release", "stage.release.github_release.release",
		}}},
		"waves, then keys": {plan: apimPlan(), stage: "maven", want: [][]string{
			{`stage.maven["gravitee-bom"].circleci_pipeline.release`},
			{`stage.maven["gravitee-common"].circleci_pipeline.release`},
			{`stage.maven["gravitee-gateway"].circleci_pipeline.release`, `stage.maven["gravitee-management-rest-api"].circleci_pipeline.release`},
		}},
		"keys, then written order": {plan: quickstartPlan(), stage: "release", want: [][]string{{
			`stage.release["acme-api"].git_commit.bump`, `stage.release["acme-api"].git_tag.release`,
			`stage.release["acme-api"].git_push.release`, `stage.release["acme-api"].exec.deploy`,
			`stage.release["acme-core"].git_commit.bump`, `stage.release["acme-core"].git_tag.release`,
			`stage.release["acme-core"].git_push.release`, `stage.release["acme-core"].exec.deploy`,
			`stage.release["acme-web"].git_commit.bump`, `stage.release["acme-web"].git_tag.release`,
			`stage.release["acme-web"].git_push.release`, `stage.release["acme-web"].exec.deploy`,
		}}},
		"gaps in wave numbers are left out": {plan: gapPlan(), stage: "s", want: [][]string{
			{"stage.s.exec.a"}, {"stage.s.exec.b"},
		}},
		"unknown stage": {plan: apimPlan(), stage: "nope", want: nil},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			var got [][]string
			for _, wave := range Waves(tc.plan, tc.stage) {
				var addrs []string
				for _, a := range wave {
					addrs = append(addrs, a.Address)
				}
				got = append(got, addrs)
			}
			if diff := cmp.Diff(tc.want, got); diff != "" {
				t.Errorf("Waves (-want +got):\n%s", diff)
			}
		})
	}
}

func gapPlan() *plan.Plan {
	p := basePlan("x", "1.0.0")
	p.Stages = []plan.Stage{{Name: "s", Waves: 3}}
	p.Actions = []plan.Action{withWave(act("s", "", "exec", "b", opRun, irrevers, "b"), 2), act("s", "", "exec", "a", opRun, irrevers, "a")}
	return p
}

// An action whose stage is missing from the stage list is still shown.
func TestStagesKeepOrphanActions(t *testing.T) {
	t.Parallel()
	p := gapPlan()
	p.Actions = append(p.Actions, act("orphan", "", "exec", "c", opRun, irrevers, "c"))
	var names []string
	for _, s := range planStages(p) {
		names = append(names, s.Name)
	}
	if diff := cmp.Diff([]string{"s", "orphan"}, names); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
}

func TestSummary(t *testing.T) {
	t.Parallel()
	tests := map[string]struct {
		counts plan.Counts
		want   string
	}{
		"spec example": {counts: plan.Counts{Total: 23, Create: 6, Update: 1, Run: 14, Wait: 2, Irreversible: 14},
			want: "23 actions — 6 create, 1 update, 14 run, 2 wait; 14 cannot be undone."},
		"one":      {counts: plan.Counts{Total: 1, Delete: 1}, want: "1 action — 1 delete."},
		"all done": {counts: plan.Counts{Total: 2, Noop: 2}, want: "2 actions — 2 already done."},
		"none":     {want: "0 actions."},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			if diff := cmp.Diff(tc.want, summary(tc.counts)); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
}

package views

import (
	"bytes"
	"testing"

	"github.com/relctl/relctl/planner/plan"
	"github.com/relctl/relctl/providers"
)

const testRollbackID = "4b7e0c2a9d1f3e5b7c9a0d2f4e6b8a0c1d3f5e7a9b0c2d4e6f8a1b3c5d7e9f01"

// rollbackPlan is the rollback of the Gravitee release after its pull
// request was merged, as relctl rollback -out saves it.
func rollbackPlan() *plan.Plan {
	p := basePlan("APIM", "3.4.7")
	p.PlanID = testRollbackID
	p.Facts = []providers.Fact{{Provider: "github", Key: "ref:gravitee-io/release:heads/feature/prepare_release_3.4.7", Value: "0b03be6d"}}
	p.Rollback = &plan.Rollback{
		Of: testPlanID, StateDigest: "8f32a1c07be3a5c6e1f8a9b0c2d4e6f8a1b3c5d7e9f0a2b4c6d8e0f1a3b539c9", Targets: nil,
		Undo: []plan.UndoStep{
			{Address: "stage.publish.github_release.release", Operation: providers.OpDelete,
				Description: "delete release 3.4.7 (id 1017) of gravitee-io/release; the tag stays"},
			{Address: "stage.publish.github_tag.release", Operation: providers.OpDelete,
				Description: "delete tag 3.4.7 of gravitee-io/release at 2253f08"},
			{Address: "stage.prepare.github_comment.checklist", Operation: providers.OpDelete,
				Description: "delete comment 1014 on gravitee-io/release#1"},
			{Address: "stage.prepare.github_file.release_json", Operation: providers.OpUpdate,
				Description: "restore gravitee-io/release:release.json on master (blob 9a1c3e0) to its content before 0b03be6, " +
					"which pull request gravitee-io/release#1 brought (merged by octocat at 2026-03-01T09:00:00Z)",
				Diff: "--- a/release.json\n+++ b/release.json\n@@ -1,3 +1,3 @@\n {\n-  \"version\": \"3.4.7\"\n+  \"version\": \"3.4.7-SNAPSHOT\"\n }\n"},
			{Address: "stage.prepare.github_branch.prepare", Operation: providers.OpDelete,
				Description: "delete branch feature/prepare_release_3.4.7 of gravitee-io/release at 0b03be6"},
		},
		Irreversible: []plan.UndoStep{
			{Address: "stage.prepare.github_await_merge.approval", Operation: providers.OpNoop,
				Description: "waited until gravitee-io/release#1 was merged (merge commit 2253f08)",
				Reason:      "waiting changed nothing: there is nothing to undo"},
			{Address: "stage.prepare.github_pull_request.prepare", Operation: providers.OpNoop,
				Description: "pull request gravitee-io/release#1 (feature/prepare_release_3.4.7 → master): Prepare release APIM 3.4.7",
				Reason:      "pull request gravitee-io/release#1 was merged by octocat at 2026-03-01T09:00:00Z; it cannot be closed"},
			{Address: "stage.publish.github_release.immutable", Operation: providers.OpNoop,
				Description: "gravitee-io/release release 3.4.7",
				Reason:      "gravitee-io/release has immutable releases: the published release 3.4.7 and its tag can never be deleted or reused"},
		},
		NotMade: []plan.UndoStep{{Address: "stage.prepare.github_branch.existing", Operation: providers.OpNoop}},
	}
	return p
}

// revertPullPlan proposes the revert of release.json by pull request.
func revertPullPlan() *plan.Plan {
	p := rollbackPlan()
	p.Rollback.Undo = []plan.UndoStep{{Address: "stage.prepare.github_file.release_json", Operation: providers.OpCreate,
		Description: "open pull request relctl-revert/feature/prepare_release_3.4.7 → master to restore release.json to its content before 0b03be6"}}
	p.Rollback.Irreversible, p.Rollback.NotMade = []plan.UndoStep{}, []plan.UndoStep{}
	return p
}

// nothingPlan is a rollback with nothing left to undo.
func nothingPlan() *plan.Plan {
	p := rollbackPlan()
	p.Rollback.Undo, p.Rollback.NotMade = []plan.UndoStep{}, []plan.UndoStep{}
	p.Rollback.Targets = []string{"stage.prepare"}
	return p
}

// hostileRollback carries text that must not break out of the rendering.
func hostileRollback() *plan.Plan {
	p := revertPullPlan()
	p.Rollback.Undo[0].Description = "close | `x` <img src=x onerror=alert(1)> @team \x1b[31mred\x1b[0m"
	p.Rollback.Undo[0].Diff = "```\n</details>\n-a\n+b\n"
	p.Rollback.Irreversible = []plan.UndoStep{{Address: "stage.s.exec.x", Description: "ran [link](javascript:alert(1))", Reason: "#1 @here"}}
	return p
}

func rollbackCases() map[string]*plan.Plan {
	return map[string]*plan.Plan{"merged": rollbackPlan(), "revert_pull": revertPullPlan(), "nothing": nothingPlan(), "hostile": hostileRollback()}
}

func TestWriteRollback(t *testing.T) {
	t.Parallel()
	for name, p := range rollbackCases() {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			var buf bytes.Buffer
			if err := WriteRollback(&buf, p, Options{PlanPath: "rollback.out"}); err != nil {
				t.Fatal(err)
			}
			newGolden(t).Assert(t, name, buf.Bytes())
		})
	}
}

func TestWriteRollbackMarkdown(t *testing.T) {
	t.Parallel()
	for name, p := range rollbackCases() {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			var buf bytes.Buffer
			if err := WriteRollbackMarkdown(&buf, p, MarkdownOptions{PlanPath: "rollback.out", Marker: "<!-- relctl:rollback -->"}); err != nil {
				t.Fatal(err)
			}
			newGolden(t).Assert(t, name, buf.Bytes())
		})
	}
}

func TestWriteRollbackJSON(t *testing.T) {
	t.Parallel()
	var buf bytes.Buffer
	if err := WritePlanJSON(&buf, rollbackPlan()); err != nil {
		t.Fatal(err)
	}
	newGolden(t).Assert(t, "merged", buf.Bytes())
}

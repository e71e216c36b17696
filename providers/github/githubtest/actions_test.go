package githubtest_test

import (
	"net/http"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-github/v57/github"
)

func TestWorkflowRuns(t *testing.T) {
	t.Parallel()
	srv, repo, gh := setup(t)
	id := srv.AddWorkflow("acme/app", "release.yml")
	sha := repo.Commit("release/3.x", "x", map[string]string{"x": "1"})
	srv.RunConclusion("acme/app", "release.yml", "failure")
	before := time.Now().UTC().Add(-time.Minute).Format(time.RFC3339)

	resp, err := gh.Actions.CreateWorkflowDispatchEventByFileName(ctx, "acme", "app", "release.yml",
		github.CreateWorkflowDispatchEventRequest{Ref: "release/3.x", Inputs: map[string]any{"version": "3.4.7"}})
	ok(t, err)
	if resp.StatusCode != http.StatusNoContent {
		t.Errorf("dispatch status = %d", resp.StatusCode)
	}
	_, err = gh.Actions.CreateWorkflowDispatchEventByID(ctx, "acme", "app", id, github.CreateWorkflowDispatchEventRequest{Ref: "nope"})
	wantStatus(t, err, http.StatusUnprocessableEntity, "No ref found for: nope")

	runs, _, err := gh.Actions.ListWorkflowRunsByID(ctx, "acme", "app", id, &github.ListWorkflowRunsOptions{
		Event: "workflow_dispatch", Branch: "release/3.x", Created: ">=" + before})
	ok(t, err)
	if runs.GetTotalCount() != 1 || runs.WorkflowRuns[0].GetHeadSHA() != sha {
		t.Fatalf("ListWorkflowRuns total=%d", runs.GetTotalCount())
	}
	run := runs.WorkflowRuns[0]
	var statuses []string
	statuses = append(statuses, run.GetStatus()+"/"+run.GetConclusion())
	for range 2 {
		r, _, err := gh.Actions.GetWorkflowRunByID(ctx, "acme", "app", run.GetID())
		ok(t, err)
		statuses = append(statuses, r.GetStatus()+"/"+r.GetConclusion())
	}
	if diff := cmp.Diff([]string{"queued/", "in_progress/", "completed/failure"}, statuses); diff != "" {
		t.Errorf("run progress (-want +got):\n%s", diff)
	}
	world := srv.Runs("acme/app")
	if len(world) != 1 || world[0].Inputs["version"] != "3.4.7" || world[0].Branch != "release/3.x" {
		t.Errorf("world runs = %+v", world)
	}

	none, _, err := gh.Actions.ListWorkflowRunsByFileName(ctx, "acme", "app", "release.yml", &github.ListWorkflowRunsOptions{Created: "<2020-01-01"})
	ok(t, err)
	if none.GetTotalCount() != 0 {
		t.Errorf("created filter let %d runs through", none.GetTotalCount())
	}
	_, _, err = gh.Actions.GetWorkflowRunByID(ctx, "acme", "app", 1)
	wantStatus(t, err, http.StatusNotFound, "Not Found")
}

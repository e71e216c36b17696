package circleci

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/zclconf/go-cty/cty"

	"github.com/relctl/relctl/providers"
	"github.com/relctl/relctl/providers/circleci/circlecitest"
)

func TestApplyWaitsForWorkflows(t *testing.T) {
	t.Parallel()
	f := setup(t, defaultProject(), nil)
	resp, err := f.apply(context.Background(), releaseArgs(nil))
	if err != nil {
		t.Fatal(err)
	}
	pls := f.srv.Pipelines(slug)
	if len(pls) != 1 {
		t.Fatalf("%d pipelines triggered, want 1", len(pls))
	}
	want := map[string]string{"id": pls[0].ID, "number": "1", "state": "success",
		"url": "https://app.circleci.com/pipelines/github/gravitee-io/gravitee-common/1"}
	if diff := cmp.Diff(want, render(resp.Outputs)); diff != "" {
		t.Errorf("outputs (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff(circlecitest.Pipeline{ID: pls[0].ID, Project: slug, Branch: "1.20.x", Number: 1,
		Parameters: map[string]string{"gio_action": "release"}, Listings: 4}, pls[0]); diff != "" {
		t.Errorf("pipeline (-want +got):\n%s", diff)
	}
	// No workflow at the first look, then two steps of progress.
	if diff := cmp.Diff([]time.Duration{10 * time.Second, 10 * time.Second, 10 * time.Second}, f.clock.Sleeps()); diff != "" {
		t.Errorf("sleeps (-want +got):\n%s", diff)
	}
	logs := f.logs.String()
	for _, line := range []string{"triggered pipeline", "workflows=\"no workflow yet (pipeline created)\"",
		"workflows=\"build: running, release: on_hold\"", "pipeline succeeded"} {
		if !strings.Contains(logs, line) {
			t.Errorf("log lacks %q:\n%s", line, logs)
		}
	}
	f.wantJournal(0)
}

func TestApplyFailures(t *testing.T) {
	t.Parallel()
	tests := map[string]struct {
		project   func(*circlecitest.Project)
		args      cty.Value
		wantErr   []string
		failed    bool // wraps ErrPipelineFailed
		triggered int
	}{
		"a workflow fails": {
			project: func(p *circlecitest.Project) {
				p.Workflows = []circlecitest.Workflow{{Name: "build", Statuses: []string{"running", "failed"}},
					{Name: "release", Statuses: []string{"running", "canceled"}}}
			},
			wantErr: []string{`pipeline failed: pipeline 1: workflow "build" failed, workflow "release" canceled; ` +
				"see https://app.circleci.com/pipelines/github/gravitee-io/gravitee-common/1"},
			failed: true, triggered: 1,
		},
		"failing stops the wait": {
			project: func(p *circlecitest.Project) {
				p.Workflows = []circlecitest.Workflow{{Name: "build", Statuses: []string{"failing", "failing", "failed"}},
					{Name: "release", Statuses: []string{"running"}}}
			},
			wantErr: []string{`workflow "build" failing`}, failed: true, triggered: 1,
		},
		"configuration error": {
			project: func(p *circlecitest.Project) { p.ConfigError = "Unable to parse YAML" },
			wantErr: []string{"pipeline 1 errored: config: Unable to parse YAML"}, failed: true, triggered: 1,
		},
		"every workflow filtered out": {
			project: func(p *circlecitest.Project) {
				p.Workflows = []circlecitest.Workflow{{Name: "nightly", Statuses: []string{"not_run"}}}
			},
			wantErr: []string{"pipeline 1 ran no workflow (all not_run)"}, failed: true, triggered: 1,
		},
		"no workflow at all": {
			project: func(p *circlecitest.Project) { p.Workflows = nil },
			wantErr: []string{"pipeline 1 started no workflow in 2m0s"}, failed: true, triggered: 1,
		},
		"undeclared parameter fails at once": {
			args:    releaseArgs(map[string]cty.Value{"parameters": params("gio_action", "release", "skip_tests", "true")}),
			wantErr: []string{"triggering a pipeline of gh/gravitee-io/gravitee-common: CircleCI answered POST project/gh/gravitee-io/gravitee-common/pipeline with 400: Unexpected argument(s): skip_tests"},
		},
		"unknown branch": {
			args:    releaseArgs(map[string]cty.Value{"branch": str("2.0.x")}),
			wantErr: []string{"with 400: Branch not found"},
		},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			project := defaultProject()
			if tc.project != nil {
				tc.project(&project)
			}
			f := setup(t, project, nil)
			a := tc.args
			if a == cty.NilVal {
				a = releaseArgs(nil)
			}
			_, err := f.apply(context.Background(), a)
			if err == nil {
				t.Fatal("apply succeeded")
			}
			if !containsAll(err.Error(), tc.wantErr...) {
				t.Errorf("error %q lacks %q", err, tc.wantErr)
			}
			if got := errors.Is(err, ErrPipelineFailed); got != tc.failed {
				t.Errorf("errors.Is(err, ErrPipelineFailed) = %v, want %v", got, tc.failed)
			}
			if !tc.failed && len(f.clock.Sleeps()) > 0 {
				t.Errorf("a 4xx was retried: sleeps %v", f.clock.Sleeps())
			}
			if got := f.triggered(); got != tc.triggered {
				t.Errorf("%d pipelines triggered, want %d", got, tc.triggered)
			}
			f.wantJournal(0)
		})
	}
}

// slowProject's workflow runs for many polls.
func slowProject() circlecitest.Project {
	p := defaultProject()
	statuses := make([]string, 30)
	for i := range statuses {
		statuses[i] = "running"
	}
	p.Workflows = []circlecitest.Workflow{{Name: "build", Statuses: append(statuses, "success")}}
	return p
}

// TestTimeoutThenResume: a wait that times out stops with ErrWaitTimeout
// and the pipeline's id; the next apply waits for the same pipeline.
func TestTimeoutThenResume(t *testing.T) {
	t.Parallel()
	f := setup(t, slowProject(), nil)
	short := releaseArgs(map[string]cty.Value{"timeout": str("35s")})
	first, err := f.apply(context.Background(), short)
	if !errors.Is(err, providers.ErrWaitTimeout) {
		t.Fatalf("error = %v, want ErrWaitTimeout", err)
	}
	if !containsAll(err.Error(), "pipeline 1 (build: running) still running after 35s") {
		t.Errorf("error %q does not say what is running", err)
	}
	if diff := cmp.Diff([]time.Duration{10 * time.Second, 10 * time.Second, 10 * time.Second, 5 * time.Second}, f.clock.Sleeps()); diff != "" {
		t.Errorf("sleeps (-want +got), the last one bounded by the timeout:\n%s", diff)
	}
	if got := render(first.Outputs)["state"]; got != "pending" {
		t.Errorf("outputs with the timeout: state %q, want pending", got)
	}
	f.wantJournal(1)

	// The executor recorded nothing: the check finds the journaled pipeline.
	if st := f.check(short, nil); st.Status != providers.CheckNotDone || !strings.Contains(st.Detail, "pipeline 1 is still running") {
		t.Errorf("check without outputs = %+v, want not done, still running", st)
	}
	// Or it recorded the outputs that came with the timeout.
	if st := f.check(short, first.Outputs); st.Status != providers.CheckNotDone {
		t.Errorf("check with outputs = %+v, want not done", st)
	}
	second, err := f.apply(context.Background(), releaseArgs(nil))
	if err != nil {
		t.Fatal(err)
	}
	if got := f.triggered(); got != 1 {
		t.Errorf("%d pipelines triggered, want 1: the resume triggered again", got)
	}
	if render(second.Outputs)["id"] != render(first.Outputs)["id"] || render(second.Outputs)["state"] != "success" {
		t.Errorf("resumed outputs %v, want the first pipeline, succeeded", render(second.Outputs))
	}
	f.wantJournal(0)
	if st := f.check(short, nil); st.Status != providers.CheckNotDone {
		t.Errorf("check after the result was returned, without outputs = %q, want not done", st.Status)
	}
	if st := f.check(short, second.Outputs); st.Status != providers.CheckDone {
		t.Errorf("check with recorded outputs = %q, want done", st.Status)
	}
}

// TestInterruptedApplyResumes: Ctrl-C during the wait keeps the pipeline
// journaled; the next apply takes it up.
func TestInterruptedApplyResumes(t *testing.T) {
	t.Parallel()
	f := setup(t, slowProject(), nil)
	ctx, cancel := context.WithCancel(context.Background())
	f.clock.OnSleep(cancel)
	_, err := f.apply(ctx, releaseArgs(nil))
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("error = %v, want context.Canceled", err)
	}
	f.clock.OnSleep(nil)
	if _, err := f.apply(context.Background(), releaseArgs(nil)); err != nil {
		t.Fatal(err)
	}
	if got := f.triggered(); got != 1 {
		t.Errorf("%d pipelines triggered, want 1", got)
	}
	if !strings.Contains(f.logs.String(), "waiting again for the pipeline an earlier apply triggered") {
		t.Errorf("log does not say the pipeline was taken up:\n%s", f.logs.String())
	}
}

// TestCheckFailedPipeline: a recorded pipeline that failed is a conflict,
// and is forgotten so that applying again triggers a new one.
func TestCheckFailedPipeline(t *testing.T) {
	t.Parallel()
	project := defaultProject()
	project.Workflows = []circlecitest.Workflow{{Name: "build", Statuses: []string{"running", "running", "failed"}}}
	f := setup(t, project, nil)
	a := releaseArgs(map[string]cty.Value{"timeout": str("5s")})
	if _, err := f.apply(context.Background(), a); !errors.Is(err, providers.ErrWaitTimeout) {
		t.Fatalf("error = %v, want ErrWaitTimeout", err)
	}
	st := f.check(a, nil)
	if st.Status != providers.CheckNotDone {
		t.Fatalf("first check = %+v, want not done (running)", st)
	}
	st = f.check(a, nil)
	want := `pipeline failed: pipeline 1: workflow "build" failed; see https://app.circleci.com/pipelines/github/gravitee-io/gravitee-common/1`
	if st.Status != providers.CheckConflict || st.Detail != want {
		t.Errorf("check = %+v, want conflict %q", st, want)
	}
	f.wantJournal(0)
	if st := f.check(a, nil); st.Status != providers.CheckNotDone {
		t.Errorf("check after the conflict = %q, want not done", st.Status)
	}
}

// TestCheckTakesUpRecordedRunningPipeline: outputs recorded for a pipeline
// that still runs (a wait=false apply, then wait=true) make apply wait for
// it rather than trigger another.
func TestCheckTakesUpRecordedRunningPipeline(t *testing.T) {
	t.Parallel()
	f := setup(t, slowProject(), nil)
	noWait := releaseArgs(map[string]cty.Value{"wait": cty.False})
	resp, err := f.apply(context.Background(), noWait)
	if err != nil {
		t.Fatal(err)
	}
	f.wantJournal(0)
	if st := f.check(noWait, resp.Outputs); st.Status != providers.CheckDone {
		t.Errorf("check without wait = %q, want done", st.Status)
	}
	wait := releaseArgs(nil)
	if st := f.check(wait, resp.Outputs); st.Status != providers.CheckNotDone {
		t.Errorf("check with wait = %q, want not done", st.Status)
	}
	if _, err := f.apply(context.Background(), wait); err != nil {
		t.Fatal(err)
	}
	if got := f.triggered(); got != 1 {
		t.Errorf("%d pipelines triggered, want 1", got)
	}
}

func TestStaleJournalIsIgnored(t *testing.T) {
	t.Parallel()
	f := setup(t, slowProject(), nil)
	a := releaseArgs(map[string]cty.Value{"timeout": str("1s")})
	if _, err := f.apply(context.Background(), a); !errors.Is(err, providers.ErrWaitTimeout) {
		t.Fatalf("error = %v, want ErrWaitTimeout", err)
	}
	f.clock.Sleep(context.Background(), MaxInflightAge+time.Hour)
	if st := f.check(a, nil); st.Status != providers.CheckNotDone || st.Detail != "" {
		t.Errorf("check = %+v, want not done with nothing known", st)
	}
	f.wantJournal(0)
	if _, err := f.apply(context.Background(), releaseArgs(map[string]cty.Value{"wait": cty.False})); err != nil {
		t.Fatal(err)
	}
	if got := f.triggered(); got != 2 {
		t.Errorf("%d pipelines triggered, want 2", got)
	}
}

func TestWorkflowPages(t *testing.T) {
	t.Parallel()
	f := setup(t, defaultProject(), nil)
	f.srv.PageSize = 1
	if _, err := f.apply(context.Background(), releaseArgs(nil)); err != nil {
		t.Fatal(err)
	}
	var pages int
	for _, r := range f.srv.Requests() {
		if strings.HasPrefix(r.Query, "page-token=") {
			pages++
		}
	}
	if pages != 3 {
		t.Errorf("%d second pages read, want one per listing with workflows (3)", pages)
	}
}

func TestUndoRefuses(t *testing.T) {
	t.Parallel()
	f := setup(t, defaultProject(), nil)
	_, err := f.p.UndoAction(context.Background(), providers.UndoActionRequest{Address: addr, Type: ActionPipeline, Args: releaseArgs(nil)})
	if !errors.Is(err, ErrIrreversible) {
		t.Errorf("undo error = %v, want ErrIrreversible", err)
	}
}

// wantJournal checks how many pipelines are journaled as in flight.
func (f *fixture) wantJournal(n int) {
	f.t.Helper()
	entries, _ := filepath.Glob(filepath.Join(f.dir, ".relctl", "circleci", "*.json"))
	if len(entries) != n {
		f.t.Errorf("%d journal entries, want %d", len(entries), n)
	}
	for _, e := range entries {
		data, _ := os.ReadFile(e)
		if strings.Contains(string(data), canaryToken) {
			f.t.Errorf("journal %s holds the token", e)
		}
	}
}

// TestCancelDuringRequest: a cancelled context during a request is an
// error that says so (the executor leaves the action running and checks
// again on resume).
func TestCancelDuringRequest(t *testing.T) {
	t.Parallel()
	f := setup(t, defaultProject(), nil)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, err := f.apply(ctx, releaseArgs(nil))
	if !errors.Is(err, context.Canceled) {
		t.Errorf("error = %v, want context.Canceled", err)
	}
	if got := f.triggered(); got != 0 {
		t.Errorf("%d pipelines triggered, want 0", got)
	}
}

// TestCrashAfterTrigger: an apply that died between the trigger and
// returning (the journal holds the pipeline, the state nothing) is
// adopted by the check, once.
func TestCrashAfterTrigger(t *testing.T) {
	t.Parallel()
	f := setup(t, defaultProject(), nil)
	a := releaseArgs(map[string]cty.Value{"wait": cty.False})
	resp, err := f.apply(context.Background(), a)
	if err != nil {
		t.Fatal(err)
	}
	pa, _ := parseArgs(ActionPipeline, a)
	entry := inflightEntry{Address: addr, Project: slug, ID: render(resp.Outputs)["id"], Number: 1, State: "pending", TriggeredAt: f.clock.Now()}
	if err := f.p.journal.save(pa.key(addr), entry); err != nil {
		t.Fatal(err)
	}
	st := f.check(a, nil)
	if diff := cmp.Diff(render(resp.Outputs), render(st.Outputs)); st.Status != providers.CheckDone || diff != "" {
		t.Errorf("check = %q, outputs (-want +got):\n%s", st.Status, diff)
	}
	f.wantJournal(0)
	if st := f.check(a, nil); st.Status != providers.CheckNotDone {
		t.Errorf("second check = %q, want not done: the adopted pipeline is the state's now", st.Status)
	}
}

package github

import (
	"context"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/zclconf/go-cty/cty"

	"github.com/relctl/relctl/providers"
)

const (
	manifestBefore = "{\n  \"version\": \"3.4.6\"\n}\n"
	manifestAfter  = "{\n  \"version\": \"3.4.7\"\n}\n"
)

// applied is one action applied on the fake, as the state records it.
type applied struct {
	typ  string
	args cty.Value
	resp providers.ApplyActionResponse
}

// prepared applies the prepare stage of a release on acme/release: the
// branch, release.json on it and the pull request to master.
func prepared(t *testing.T, f *fixture) (branch, file, pull applied) {
	t.Helper()
	f.srv.AddRepo("acme/release", "master").Commit("master", "Release 3.4.6", map[string]string{"release.json": manifestBefore})
	do := func(typ string, vals map[string]cty.Value) applied {
		a := args(t, typ, vals)
		resp, err := f.apply(t, typ, a)
		if err != nil {
			t.Fatalf("applying %s: %v", typ, err)
		}
		return applied{typ: typ, args: a, resp: resp}
	}
	branch = do("github_branch", map[string]cty.Value{"repo": s("release"), "branch": s("prepare-3.4.7"), "from": s("master")})
	file = do("github_file", map[string]cty.Value{"repo": s("release"), "branch": s("prepare-3.4.7"), "path": s("release.json"), "content": s(manifestAfter)})
	pull = do("github_pull_request", map[string]cty.Value{"repo": s("release"), "head": s("prepare-3.4.7"), "base": s("master"), "title": s("Prepare 3.4.7")})
	return branch, file, pull
}

func (f *fixture) planUndo(t *testing.T, a applied, viaPR bool) (providers.PlanUndoResponse, error) {
	t.Helper()
	return f.p.PlanUndo(context.Background(), providers.PlanUndoRequest{Address: "stage.test." + a.typ + ".x", Type: a.typ,
		Args: a.args, Outputs: a.resp.Outputs, UndoData: a.resp.UndoData, ViaPullRequest: viaPR})
}

func (f *fixture) undo(t *testing.T, a applied, viaPR bool) (providers.UndoActionResponse, error) {
	t.Helper()
	return f.p.UndoAction(context.Background(), providers.UndoActionRequest{Address: "stage.test." + a.typ + ".x", Type: a.typ,
		Args: a.args, Outputs: a.resp.Outputs, UndoData: a.resp.UndoData, ViaPullRequest: viaPR})
}

// undoLine is a PlanUndoResponse without its facts and diff, for tables.
type undoLine struct {
	Operation    providers.Operation
	Description  string
	Irreversible string
}

func line(r providers.PlanUndoResponse) undoLine {
	return undoLine{Operation: r.Operation, Description: r.Description, Irreversible: r.Irreversible}
}

func TestPlanUndoAfterMerge(t *testing.T) {
	t.Parallel()
	f := setup(t, nil)
	branch, file, pull := prepared(t, f)
	head := f.srv.Ref("acme/release", "heads/prepare-3.4.7")
	f.srv.MergePR("acme/release", 1)

	want := map[string]undoLine{
		"github_pull_request": {Operation: providers.OpNoop, Description: "pull request acme/release#1 (prepare-3.4.7 → master): Prepare 3.4.7",
			Irreversible: "pull request acme/release#1 was merged by octocat at 2026-03-01T09:00:00Z; it cannot be closed"},
		"github_file": {Operation: providers.OpUpdate, Description: "restore acme/release:release.json on master (blob " +
			short(fileBlob(t, f, "master")) + ") to its content before " + short(file.resp.Outputs["sha"].AsString()) +
			", which pull request acme/release#1 brought (merged by octocat at 2026-03-01T09:00:00Z)"},
		"github_branch": {Operation: providers.OpDelete, Description: "delete branch prepare-3.4.7 of acme/release at " + short(head)},
	}
	got := map[string]undoLine{}
	for _, a := range []applied{pull, file, branch} {
		r, err := f.planUndo(t, a, false)
		if err != nil {
			t.Fatalf("PlanUndo %s: %v", a.typ, err)
		}
		got[a.typ] = line(r)
		if a.typ == "github_file" && !strings.Contains(r.Diff, "-  \"version\": \"3.4.7\"") {
			t.Errorf("the revert's diff does not remove the new version:\n%s", r.Diff)
		}
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Fatalf("undo plans after the merge (-want +got):\n%s", diff)
	}

	before := f.srv.Mutations()
	if _, err := f.undo(t, file, false); err != nil {
		t.Fatalf("undoing the file: %v", err)
	}
	if got, _ := f.srv.File("acme/release", "master", "release.json"); got != manifestBefore {
		t.Errorf("release.json on master after the undo:\n%q\nwant it as before the release:\n%q", got, manifestBefore)
	}
	c, _ := f.srv.CommitOf("acme/release", "master")
	if !strings.Contains(c.Message, "Relctl-Action: stage.test.github_file.x") || f.srv.Mutations()-before != 1 {
		t.Errorf("the revert is not one relctl commit: %q (%d changes)", c.Message, f.srv.Mutations()-before)
	}
	if _, err := f.undo(t, branch, false); err != nil {
		t.Fatalf("deleting the merged branch: %v", err)
	}
	if ref := f.srv.Ref("acme/release", "heads/prepare-3.4.7"); ref != "" {
		t.Errorf("the prepare branch is still at %s", ref)
	}
	again, err := f.planUndo(t, file, false)
	if err != nil || again.Operation != providers.OpNoop {
		t.Errorf("PlanUndo of the reverted file: %+v, %v; want a noop", again, err)
	}
}

func fileBlob(t *testing.T, f *fixture, ref string) string {
	t.Helper()
	cur, err := f.p.readFile(context.Background(), repoRef{"acme", "release"}, "release.json", ref)
	if err != nil {
		t.Fatal(err)
	}
	return cur.blob
}

func TestPlanUndoRefusesAFileChangedAfterTheMerge(t *testing.T) {
	t.Parallel()
	f := setup(t, nil)
	_, file, _ := prepared(t, f)
	f.srv.MergePR("acme/release", 1)
	f.srv.Repo("acme/release").Commit("master", "Hotfix", map[string]string{"release.json": manifestAfter + "\n"})
	for what, call := range map[string]func() error{
		"PlanUndo":   func() error { _, err := f.planUndo(t, file, false); return err },
		"UndoAction": func() error { _, err := f.undo(t, file, false); return err },
	} {
		err := call()
		if err == nil || !strings.Contains(err.Error(), "release.json on master of acme/release changed since relctl wrote it") {
			t.Errorf("%s of a file changed after the merge: %v", what, err)
		}
	}
	if got, _ := f.srv.File("acme/release", "master", "release.json"); got != manifestAfter+"\n" {
		t.Errorf("the hotfix was overwritten: %q", got)
	}
}

func TestUndoViaPullRequest(t *testing.T) {
	t.Parallel()
	f := setup(t, nil)
	_, file, _ := prepared(t, f)
	f.srv.MergePR("acme/release", 1)
	master := f.srv.Ref("acme/release", "heads/master")
	plan, err := f.planUndo(t, file, true)
	if err != nil || plan.Operation != providers.OpCreate || !strings.HasPrefix(plan.Description, "open pull request relctl-revert/prepare-3.4.7 → master") {
		t.Fatalf("PlanUndo via a pull request: %+v, %v", plan, err)
	}
	for range 2 { // the second undo finds it all made
		if _, err := f.undo(t, file, true); err != nil {
			t.Fatalf("undo via a pull request: %v", err)
		}
	}
	if got := f.srv.Ref("acme/release", "heads/master"); got != master {
		t.Errorf("master moved to %s; the revert must wait for review", got)
	}
	prs := f.srv.PullRequests("acme/release")
	if len(prs) != 2 || prs[1].State != "open" || prs[1].Head != "relctl-revert/prepare-3.4.7" || prs[1].Base != "master" {
		t.Fatalf("pull requests: %+v", prs)
	}
	if got, _ := f.srv.File("acme/release", "relctl-revert/prepare-3.4.7", "release.json"); got != manifestBefore {
		t.Errorf("release.json on the revert branch: %q", got)
	}
}

func TestPlanUndoBeforeMerge(t *testing.T) {
	t.Parallel()
	f := setup(t, nil)
	_, file, pull := prepared(t, f)
	p, err := f.planUndo(t, pull, false)
	if err != nil || p.Operation != providers.OpUpdate || p.Description != "close pull request acme/release#1 (prepare-3.4.7 → master)" {
		t.Errorf("PlanUndo of an open pull request: %+v, %v", line(p), err)
	}
	fp, err := f.planUndo(t, file, false)
	if err != nil || !strings.HasPrefix(fp.Description, "restore acme/release:release.json on prepare-3.4.7 ") {
		t.Errorf("PlanUndo of the file of an unmerged branch: %+v, %v", line(fp), err)
	}
	if _, err := f.undo(t, pull, false); err != nil {
		t.Fatal(err)
	}
	if p, _ := f.planUndo(t, pull, false); p.Operation != providers.OpNoop {
		t.Errorf("PlanUndo of a closed pull request: %+v", line(p))
	}
}

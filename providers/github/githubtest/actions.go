package githubtest

import (
	"fmt"
	"net/http"
	"path"
	"slices"
	"strconv"
	"strings"
	"time"
)

type workflow struct {
	id         int64
	name, path string // path: ".github/workflows/release.yml"
}

type run struct {
	id, workflowID     int64
	number             int
	event, branch, sha string
	created            time.Time
	polls              int
	conclusion         string
	inputs             map[string]any
}

// runConfig says how dispatched runs progress.
type runConfig struct {
	polls      int               // reads spent in each of queued and in_progress
	conclusion map[string]string // "owner/repo" or "owner/repo/file.yml" -> conclusion
}

// AddWorkflow registers the workflow file (e.g. "release.yml") and returns
// its id; it can then be dispatched by id or by file name.
func (s *Server) AddWorkflow(fullName, file string) int64 {
	s.t.Helper()
	s.mu.Lock()
	defer s.mu.Unlock()
	r := s.lookupRepo(fullName)
	w := &workflow{id: s.newID(), name: strings.TrimSuffix(file, path.Ext(file)), path: ".github/workflows/" + file}
	r.workflows = append(r.workflows, w)
	return w.id
}

// RunPolls sets how many reads of a run (GET of the run, or the run appearing
// in a list) it spends in "queued" and then in "in_progress" before it is
// "completed". 0 makes runs complete at once; the default is 1.
func (s *Server) RunPolls(n int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.runs.polls = n
}

// RunConclusion sets the conclusion ("success", "failure", "cancelled", ...)
// of runs dispatched from now on for workflow file in the repository, or for
// all its workflows when file is "". The default is "success".
func (s *Server) RunConclusion(fullName, file, conclusion string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.runs.conclusion[strings.ToLower(strings.TrimSuffix(fullName+"/"+file, "/"))] = conclusion
}

func (s *Server) conclusionFor(r *repo, w *workflow) string {
	key := strings.ToLower(r.fullName())
	for _, k := range []string{key + "/" + path.Base(w.path), key} {
		if c, ok := s.runs.conclusion[k]; ok {
			return c
		}
	}
	return "success"
}

// status is where the run stands after its reads so far.
func (s *Server) status(rn *run) string {
	switch {
	case rn.polls < s.runs.polls:
		return "queued"
	case rn.polls < 2*s.runs.polls:
		return "in_progress"
	}
	return "completed"
}

// Run is a workflow run as the world holds it, for assertions.
type Run struct {
	ID                 int64
	Workflow           string // file name, e.g. "release.yml"
	Event, Branch, SHA string
	Status, Conclusion string // Conclusion is "" until completed
	Inputs             map[string]any
}

// Runs lists the repository's workflow runs, oldest first. It does not count
// as a read of the runs.
func (s *Server) Runs(fullName string) []Run {
	s.t.Helper()
	s.mu.Lock()
	defer s.mu.Unlock()
	r := s.lookupRepo(fullName)
	var out []Run
	for _, rn := range r.runs {
		st, concl := s.status(rn), ""
		if st == "completed" {
			concl = rn.conclusion
		}
		out = append(out, Run{ID: rn.id, Workflow: path.Base(r.workflowByID(rn.workflowID).path),
			Event: rn.event, Branch: rn.branch, SHA: rn.sha, Status: st, Conclusion: concl, Inputs: rn.inputs})
	}
	return out
}

func (r *repo) workflowByID(id int64) *workflow {
	for _, w := range r.workflows {
		if w.id == id {
			return w
		}
	}
	return nil
}

// lookupWorkflow finds {workflow} by numeric id or file name.
func (c *call) lookupWorkflow() (*workflow, bool) {
	key := c.param("workflow")
	for _, w := range c.repo.workflows {
		if strconv.FormatInt(w.id, 10) == key || path.Base(w.path) == key {
			return w, true
		}
	}
	c.notFound()
	return nil, false
}

func (c *call) dispatch() {
	w, ok := c.lookupWorkflow()
	if !ok {
		return
	}
	var in struct {
		Ref    *string        `json:"ref"`
		Inputs map[string]any `json:"inputs"`
	}
	if !c.decode(&in) {
		return
	}
	if in.Ref == nil {
		c.fail(http.StatusUnprocessableEntity, "Invalid request.\n\n\"ref\" wasn't supplied.")
		return
	}
	short := strings.TrimPrefix(strings.TrimPrefix(*in.Ref, "refs/heads/"), "refs/tags/")
	sha, found := c.repo.refs["refs/heads/"+short]
	if !found {
		sha, found = c.repo.refs["refs/tags/"+short]
	}
	head, ok := c.repo.peel(sha)
	if !found || !ok {
		c.fail(http.StatusUnprocessableEntity, "No ref found for: "+*in.Ref)
		return
	}
	rn := &run{id: c.s.newID(), workflowID: w.id, event: "workflow_dispatch", branch: short, sha: head.sha,
		created: c.s.now(), conclusion: c.s.conclusionFor(c.repo, w), inputs: in.Inputs}
	for _, other := range c.repo.runs {
		if other.workflowID == w.id {
			rn.number++
		}
	}
	rn.number++
	c.repo.runs = append(c.repo.runs, rn)
	c.noContent()
}

func (c *call) listRuns() {
	w, ok := c.lookupWorkflow()
	if !ok {
		return
	}
	created, ok := parseCreated(c.query("created"))
	if !ok {
		c.invalid(fieldError{Resource: "WorkflowRun", Field: "created", Code: "invalid"})
		return
	}
	var list []*run
	for _, rn := range slices.Backward(c.repo.runs) {
		if rn.workflowID == w.id && c.runMatches(rn) && created(rn.created) {
			list = append(list, rn)
		}
	}
	page := paginate(c, list)
	out := []obj{}
	for _, rn := range page {
		out = append(out, c.s.readRun(c.repo, rn))
	}
	c.json(http.StatusOK, obj{"total_count": len(list), "workflow_runs": out})
}

func (c *call) runMatches(rn *run) bool {
	q := c.r.URL.Query()
	st := c.s.status(rn)
	return (q.Get("event") == "" || q.Get("event") == rn.event) &&
		(q.Get("branch") == "" || q.Get("branch") == rn.branch) &&
		(q.Get("head_sha") == "" || q.Get("head_sha") == rn.sha) &&
		(q.Get("status") == "" || q.Get("status") == st || (st == "completed" && q.Get("status") == rn.conclusion))
}

func (c *call) getRun() {
	id, err := strconv.ParseInt(c.param("id"), 10, 64)
	for _, rn := range c.repo.runs {
		if err == nil && rn.id == id {
			c.json(http.StatusOK, c.s.readRun(c.repo, rn))
			return
		}
	}
	c.notFound()
}

// readRun renders a run as it stands and counts the read as one poll.
func (s *Server) readRun(r *repo, rn *run) obj {
	w := r.workflowByID(rn.workflowID)
	st := s.status(rn)
	rn.polls++
	api := s.apiURL(fmt.Sprintf("repos/%s/actions/runs/%d", r.fullName(), rn.id))
	c := r.commits[rn.sha]
	out := obj{
		"id": rn.id, "name": w.name, "node_id": fmt.Sprintf("WFR_%d", rn.id), "head_branch": rn.branch,
		"head_sha": rn.sha, "path": w.path, "display_title": w.name, "run_number": rn.number,
		"run_attempt": 1, "event": rn.event, "status": st, "conclusion": nil, "workflow_id": w.id,
		"check_suite_id": rn.id + 1, "url": api,
		"html_url":   s.htmlURL(fmt.Sprintf("%s/actions/runs/%d", r.fullName(), rn.id)),
		"created_at": ts(rn.created), "updated_at": ts(rn.created), "run_started_at": ts(rn.created),
		"jobs_url": api + "/jobs", "logs_url": api + "/logs", "cancel_url": api + "/cancel",
		"rerun_url": api + "/rerun", "artifacts_url": api + "/artifacts", "pull_requests": []obj{},
		"workflow_url": s.apiURL(fmt.Sprintf("repos/%s/actions/workflows/%d", r.fullName(), w.id)),
		"head_commit": obj{"id": rn.sha, "tree_id": c.tree, "message": c.message, "timestamp": ts(c.date),
			"author": obj{"name": gitName, "email": gitEmail}, "committer": obj{"name": gitName, "email": gitEmail}},
		"repository": s.repoJSON(r), "head_repository": s.repoJSON(r),
		"actor": s.userJSON(s.user), "triggering_actor": s.userJSON(s.user),
	}
	if st == "completed" {
		out["conclusion"] = rn.conclusion
	}
	return out
}

// parseCreated understands GitHub's date filters: "DATE", ">=DATE", ">DATE",
// "<=DATE", "<DATE", "A..B" (with "*" for open ends). DATE is YYYY-MM-DD
// (a whole day) or RFC 3339.
func parseCreated(v string) (func(time.Time) bool, bool) {
	if v == "" {
		return func(time.Time) bool { return true }, true
	}
	if a, b, ok := strings.Cut(v, ".."); ok {
		lo, okA := parseWhen(a, false)
		hi, okB := parseWhen(b, true)
		return func(t time.Time) bool { return !t.Before(lo) && !t.After(hi) }, okA && okB
	}
	for _, op := range []string{">=", "<=", ">", "<"} {
		if rest, ok := strings.CutPrefix(v, op); ok {
			bound, ok := parseWhen(rest, op == ">" || op == "<=")
			return func(t time.Time) bool {
				switch op {
				case ">=":
					return !t.Before(bound)
				case "<=":
					return !t.After(bound)
				case ">":
					return t.After(bound)
				}
				return t.Before(bound)
			}, ok
		}
	}
	lo, okA := parseWhen(v, false)
	hi, okB := parseWhen(v, true)
	return func(t time.Time) bool { return !t.Before(lo) && !t.After(hi) }, okA && okB
}

// parseWhen reads a date bound; end selects the last instant of a bare date.
func parseWhen(v string, end bool) (time.Time, bool) {
	switch v {
	case "*":
		if end {
			return time.Unix(1<<40, 0), true
		}
		return time.Time{}, true
	}
	if t, err := time.Parse(time.RFC3339, v); err == nil {
		return t, true
	}
	d, err := time.Parse(time.DateOnly, v)
	if err != nil {
		return time.Time{}, false
	}
	if end {
		d = d.Add(24*time.Hour - time.Nanosecond)
	}
	return d, true
}

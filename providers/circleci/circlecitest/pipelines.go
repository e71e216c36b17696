package circlecitest

import (
	"encoding/json"
	"net/http"
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/google/uuid"
)

func (s *Server) getProject(w http.ResponseWriter, slug string) {
	p, ok := s.projects[slug]
	if !ok {
		writeJSON(w, http.StatusNotFound, message("Project not found"))
		return
	}
	parts := strings.Split(p.Slug, "/")
	writeJSON(w, http.StatusOK, map[string]any{"slug": p.Slug, "name": parts[2], "id": uuid.NewSHA1(uuid.NameSpaceURL, []byte(p.Slug)),
		"organization_name": parts[1], "organization_slug": parts[0] + "/" + parts[1],
		"vcs_info": map[string]string{"vcs_url": "https://github.com/" + parts[1] + "/" + parts[2], "provider": "GitHub", "default_branch": "master"}})
}

// trigger answers POST /project/{slug}/pipeline as CircleCI does: 201 with
// id, number, state and created_at.
func (s *Server) trigger(w http.ResponseWriter, slug, body string) {
	p, ok := s.projects[slug]
	if !ok {
		writeJSON(w, http.StatusNotFound, message("Project not found"))
		return
	}
	var req struct {
		Branch     *string        `json:"branch"`
		Tag        *string        `json:"tag"`
		Parameters map[string]any `json:"parameters"`
	}
	if err := json.Unmarshal([]byte(body), &req); err != nil {
		writeJSON(w, http.StatusBadRequest, message("Invalid JSON body: "+err.Error()))
		return
	}
	if msg := p.refuse(req.Branch, req.Tag, req.Parameters); msg != "" {
		writeJSON(w, http.StatusBadRequest, message(msg))
		return
	}
	s.numbers[slug]++
	pl := &Pipeline{ID: uuid.NewString(), Project: slug, Number: s.numbers[slug], Parameters: map[string]string{}}
	if req.Branch != nil {
		pl.Branch = *req.Branch
	}
	if req.Tag != nil {
		pl.Tag = *req.Tag
	}
	for k, v := range req.Parameters {
		b, _ := json.Marshal(v)
		pl.Parameters[k] = strings.Trim(string(b), `"`)
	}
	s.pipelines = append(s.pipelines, pl)
	writeJSON(w, http.StatusCreated, map[string]any{"id": pl.ID, "number": pl.Number, "state": "pending", "created_at": now()})
}

// refuse returns CircleCI's message for a trigger it would refuse.
func (p *Project) refuse(branch, tag *string, params map[string]any) string {
	switch {
	case branch != nil && tag != nil:
		return "branch and tag are mutually exclusive"
	case branch != nil && p.Branches != nil && !slices.Contains(p.Branches, *branch):
		return "Branch not found"
	case tag != nil && !slices.Contains(p.Tags, *tag):
		return "Tag not found"
	}
	var unexpected []string
	for k, v := range params {
		if _, isString := v.(string); !isString || !slices.Contains(p.Parameters, k) {
			unexpected = append(unexpected, k)
		}
	}
	if len(unexpected) > 0 {
		sort.Strings(unexpected)
		return "Unexpected argument(s): " + strings.Join(unexpected, ", ")
	}
	return ""
}

func (s *Server) find(id string) *Pipeline {
	for _, p := range s.pipelines {
		if p.ID == id {
			return p
		}
	}
	return nil
}

func (s *Server) getPipeline(w http.ResponseWriter, id string) {
	pl := s.find(id)
	if pl == nil {
		writeJSON(w, http.StatusNotFound, message("Pipeline not found"))
		return
	}
	state, errs := "created", []map[string]string{}
	if msg := s.projects[pl.Project].ConfigError; msg != "" {
		state, errs = "errored", []map[string]string{{"type": "config", "message": msg}}
	}
	vcs := map[string]string{"revision": "0123456789abcdef0123456789abcdef01234567"}
	if pl.Branch != "" {
		vcs["branch"] = pl.Branch
	}
	if pl.Tag != "" {
		vcs["tag"] = pl.Tag
	}
	writeJSON(w, http.StatusOK, map[string]any{"id": pl.ID, "errors": errs, "project_slug": pl.Project,
		"number": pl.Number, "state": state, "created_at": now(), "updated_at": now(),
		"trigger_parameters": pl.Parameters, "vcs": vcs,
		"trigger": map[string]any{"type": "api", "received_at": now(), "actor": map[string]string{"login": "relctl"}}})
}

// listWorkflows answers a page of GET /pipeline/{id}/workflow. The first
// page of a listing moves the scripted statuses one step on.
func (s *Server) listWorkflows(w http.ResponseWriter, id, pageToken string) {
	pl := s.find(id)
	if pl == nil {
		writeJSON(w, http.StatusNotFound, message("Pipeline not found"))
		return
	}
	proj := s.projects[pl.Project]
	offset := 0
	if pageToken != "" {
		n, err := strconv.Atoi(strings.TrimPrefix(pageToken, "page-"))
		if err != nil {
			writeJSON(w, http.StatusBadRequest, message("Invalid page-token"))
			return
		}
		offset = n
	} else {
		pl.Listings++
	}
	step := pl.Listings - 1 - proj.WorkflowsAfter
	var items []map[string]any
	if proj.ConfigError == "" && step >= 0 {
		for i, wf := range proj.Workflows {
			status := wf.Statuses[min(step, len(wf.Statuses)-1)]
			items = append(items, map[string]any{"pipeline_id": pl.ID, "id": uuid.NewSHA1(uuid.NameSpaceOID, []byte(pl.ID+strconv.Itoa(i))),
				"name": wf.Name, "project_slug": pl.Project, "status": status, "pipeline_number": pl.Number,
				"started_by": "5034460f-c7c4-4c43-9457-de07e2029e7b", "created_at": now()})
		}
	}
	end := min(offset+s.PageSize, len(items))
	var next *string
	if end < len(items) {
		token := "page-" + strconv.Itoa(end)
		next = &token
	}
	page := []map[string]any{}
	if offset < len(items) {
		page = items[offset:end]
	}
	writeJSON(w, http.StatusOK, map[string]any{"items": page, "next_page_token": next})
}

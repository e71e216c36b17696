package circlecitest

import (
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func do(t *testing.T, s *Server, method, path, token, body string) (int, map[string]any) {
	t.Helper()
	req, err := http.NewRequest(method, s.URL+path, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	if token != "" {
		req.Header.Set("Circle-Token", token)
	}
	resp, err := s.Client().Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	data, _ := io.ReadAll(resp.Body)
	var out map[string]any
	if err := json.Unmarshal(data, &out); err != nil {
		t.Fatalf("%s %s: body %q is not a JSON object", method, path, data)
	}
	return resp.StatusCode, out
}

func TestServer(t *testing.T) {
	t.Parallel()
	s := New(t, "tok")
	s.PageSize = 1
	s.AddProject(Project{Slug: "gh/acme/api", Parameters: []string{"gio_action"},
		Workflows: []Workflow{{Name: "a", Statuses: []string{"running", "success"}}, {Name: "b", Statuses: []string{"success"}}}})

	tests := map[string]struct {
		method, path, token, body string
		status                    int
		message                   string
	}{
		"no token":             {method: "GET", path: "project/gh/acme/api", status: 401, message: "You must log in first."},
		"wrong token":          {method: "GET", path: "project/gh/acme/api", token: "nope", status: 401, message: "You must log in first."},
		"unknown project":      {method: "GET", path: "project/gh/acme/web", token: "tok", status: 404, message: "Project not found"},
		"undeclared parameter": {method: "POST", path: "project/gh/acme/api/pipeline", token: "tok", body: `{"parameters":{"x":"1"}}`, status: 400, message: "Unexpected argument(s): x"},
		"typed parameter":      {method: "POST", path: "project/gh/acme/api/pipeline", token: "tok", body: `{"parameters":{"gio_action":true}}`, status: 400, message: "Unexpected argument(s): gio_action"},
		"branch and tag":       {method: "POST", path: "project/gh/acme/api/pipeline", token: "tok", body: `{"branch":"a","tag":"b"}`, status: 400, message: "branch and tag are mutually exclusive"},
		"unknown pipeline":     {method: "GET", path: "pipeline/0000", token: "tok", status: 404, message: "Pipeline not found"},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			status, body := do(t, s, tc.method, tc.path, tc.token, tc.body)
			if status != tc.status || body["message"] != tc.message {
				t.Errorf("answer %d %v, want %d %q", status, body, tc.status, tc.message)
			}
		})
	}

	status, created := do(t, s, "POST", "project/gh/acme/api/pipeline", "tok", `{"branch":"main","parameters":{"gio_action":"release"}}`)
	if status != 201 || created["number"] != 1.0 || created["state"] != "pending" || created["id"] == "" {
		t.Fatalf("trigger answered %d %v", status, created)
	}
	id := created["id"].(string)
	// Each first page moves the workflows on; a second page does not.
	var seen [][]string
	for range 2 {
		_, page := do(t, s, "GET", "pipeline/"+id+"/workflow", "tok", "")
		_, next := do(t, s, "GET", "pipeline/"+id+"/workflow?page-token="+page["next_page_token"].(string), "tok", "")
		if next["next_page_token"] != nil {
			t.Errorf("last page has next_page_token %v", next["next_page_token"])
		}
		var statuses []string
		for _, p := range []map[string]any{page, next} {
			for _, it := range p["items"].([]any) {
				w := it.(map[string]any)
				statuses = append(statuses, w["name"].(string)+"="+w["status"].(string))
			}
		}
		seen = append(seen, statuses)
	}
	if diff := cmp.Diff([][]string{{"a=running", "b=success"}, {"a=success", "b=success"}}, seen); diff != "" {
		t.Errorf("workflow listings (-want +got):\n%s", diff)
	}
	_, pl := do(t, s, "GET", "pipeline/"+id, "tok", "")
	if pl["state"] != "created" || pl["project_slug"] != "gh/acme/api" {
		t.Errorf("pipeline = %v", pl)
	}
	if got := s.Pipelines("gh/acme/api"); len(got) != 1 || got[0].Parameters["gio_action"] != "release" {
		t.Errorf("pipelines = %+v", got)
	}
}

package circleci

import (
	"context"
	"net/url"
	"strings"

	"github.com/hashicorp/go-hclog"
)

// The CircleCI API v2 shapes relctl reads and writes.

// triggerRequest is the body of POST /project/{project-slug}/pipeline.
type triggerRequest struct {
	Branch     string            `json:"branch,omitempty"`
	Tag        string            `json:"tag,omitempty"`
	Parameters map[string]string `json:"parameters,omitempty"`
}

// pipeline is the answer of the trigger (id, number, state, created_at)
// and of GET /pipeline/{id} (which adds errors and project_slug).
type pipeline struct {
	ID          string          `json:"id"`
	Number      int             `json:"number"`
	State       string          `json:"state"`
	CreatedAt   string          `json:"created_at"`
	ProjectSlug string          `json:"project_slug,omitempty"`
	Errors      []pipelineError `json:"errors,omitempty"`
}

type pipelineError struct {
	Type    string `json:"type"`
	Message string `json:"message"`
}

// workflow is an item of GET /pipeline/{id}/workflow.
type workflow struct {
	ID             string `json:"id"`
	Name           string `json:"name"`
	Status         string `json:"status"`
	PipelineID     string `json:"pipeline_id"`
	PipelineNumber int    `json:"pipeline_number"`
}

type workflowPage struct {
	Items         []workflow `json:"items"`
	NextPageToken *string    `json:"next_page_token"`
}

// project is the answer of GET /project/{project-slug}.
type project struct {
	Slug string `json:"slug"`
	Name string `json:"name"`
}

// slugPath is the escaped path of a project slug ("gh/acme/api").
func slugPath(slug string) string {
	parts := strings.Split(slug, "/")
	for i, p := range parts {
		parts[i] = url.PathEscape(p)
	}
	return strings.Join(parts, "/")
}

func (c *client) project(ctx context.Context, log hclog.Logger, slug string) (project, error) {
	var p project
	err := c.call(ctx, log, "GET", "project/"+slugPath(slug), nil, &p)
	return p, err
}

func (c *client) trigger(ctx context.Context, log hclog.Logger, slug string, body triggerRequest) (pipeline, error) {
	var p pipeline
	err := c.call(ctx, log, "POST", "project/"+slugPath(slug)+"/pipeline", body, &p)
	return p, err
}

func (c *client) pipeline(ctx context.Context, log hclog.Logger, id string) (pipeline, error) {
	var p pipeline
	err := c.call(ctx, log, "GET", "pipeline/"+url.PathEscape(id), nil, &p)
	return p, err
}

// workflows lists every workflow of a pipeline, following next_page_token.
func (c *client) workflows(ctx context.Context, log hclog.Logger, id string) ([]workflow, error) {
	var all []workflow
	token := ""
	for page := 0; page < 100; page++ {
		path := "pipeline/" + url.PathEscape(id) + "/workflow"
		if token != "" {
			path += "?page-token=" + url.QueryEscape(token)
		}
		var p workflowPage
		if err := c.call(ctx, log, "GET", path, nil, &p); err != nil {
			return nil, err
		}
		all = append(all, p.Items...)
		if p.NextPageToken == nil || *p.NextPageToken == "" {
			break
		}
		token = *p.NextPageToken
	}
	return all, nil
}

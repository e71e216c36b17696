package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"regexp"
	"strconv"
	"strings"

	"github.com/zclconf/go-cty/cty"

	"github.com/relctl/relctl/cmd/relctl/views"
	"github.com/relctl/relctl/planner/plan"
	"github.com/relctl/relctl/providers"
	"github.com/relctl/relctl/providers/builtin"
	"github.com/relctl/relctl/providers/github"
)

// CommentCmd posts a saved plan as pull-request comments.
type CommentCmd struct {
	PR   string `name:"pr" placeholder:"OWNER/REPO#N" help:"Pull request to comment on. Default inside GitHub Actions: the pull request of the event."`
	File string `arg:"" help:"Plan file written by relctl plan -out."`
}

// partMarkerRoom is what the marker line of a part takes from GitHub's
// limit: "<!-- relctl:plan (part 123) -->" and its newline.
const partMarkerRoom = 40

// Run renders the plan as Markdown, splits it at GitHub's limit and makes
// it the content of relctl's comments on the pull request, editing the
// ones posted before.
func (c *CommentCmd) Run(_ *Globals, env *Env) error {
	p, err := plan.ReadFile(c.File)
	if err != nil {
		return err
	}
	repo, number, err := c.target(env.Getenv)
	if err != nil {
		return err
	}
	var doc strings.Builder
	marker, what := commentMarker, "Plan"
	if p.IsRollback() {
		marker, what = rollbackCommentMarker, "Rollback plan"
		err = views.WriteRollbackMarkdown(&doc, p, views.MarkdownOptions{PlanPath: c.File})
	} else {
		err = views.WritePlanMarkdown(&doc, p, views.MarkdownOptions{PlanPath: c.File})
	}
	if err != nil {
		return err
	}
	parts := views.SplitMarkdown(doc.String(), views.GitHubCommentLimit-partMarkerRoom)
	publisher, err := commentPublisher(p, env)
	if err != nil {
		return err
	}
	req := providers.PublishCommentsRequest{Repo: repo, Number: number, Marker: marker, Parts: parts}
	res, err := publisher.PublishComments(context.Background(), req)
	if err != nil {
		return fmt.Errorf("commenting on %s#%d: %w", repo, number, err)
	}
	fmt.Fprintf(env.Stdout, "%s %s posted to %s#%d in %s: %d added, %d edited, %d unchanged, %d removed.\n",
		what, views.ShortPlanID(p.PlanID), repo, number, plural(len(parts), "comment"), res.Created, res.Updated, res.Unchanged, res.Deleted)
	for _, u := range res.URLs {
		fmt.Fprintf(env.Stdout, "  %s\n", u)
	}
	return nil
}

var prPattern = regexp.MustCompile(`^([A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+)#([1-9][0-9]*)$`)

// target is -pr, or the pull request (or issue) of the GitHub Actions
// event.
func (c *CommentCmd) target(getenv func(string) string) (string, int, error) {
	if c.PR != "" {
		m := prPattern.FindStringSubmatch(c.PR)
		if m == nil {
			return "", 0, fmt.Errorf("-pr %q: want OWNER/REPO#NUMBER, e.g. gravitee-io/release#42", c.PR)
		}
		n, _ := strconv.Atoi(m[2])
		return m[1], n, nil
	}
	if getenv("GITHUB_ACTIONS") != "true" {
		return "", 0, errors.New("-pr OWNER/REPO#N is required outside GitHub Actions")
	}
	return actionsTarget(getenv)
}

// actionsTarget reads GITHUB_REPOSITORY and the number of the pull
// request or issue from the event payload at GITHUB_EVENT_PATH.
func actionsTarget(getenv func(string) string) (string, int, error) {
	repo, path := getenv("GITHUB_REPOSITORY"), getenv("GITHUB_EVENT_PATH")
	if repo == "" || path == "" {
		return "", 0, errors.New("GITHUB_REPOSITORY and GITHUB_EVENT_PATH are not set; give -pr OWNER/REPO#N")
	}
	data, err := os.ReadFile(path)
	if err != nil {
		return "", 0, fmt.Errorf("reading the GitHub Actions event: %w", err)
	}
	var ev struct {
		PullRequest *struct{ Number int } `json:"pull_request"`
		Issue       *struct{ Number int } `json:"issue"`
		Number      int                   `json:"number"`
	}
	if err := json.Unmarshal(data, &ev); err != nil {
		return "", 0, fmt.Errorf("reading the GitHub Actions event %s: %w", path, err)
	}
	switch {
	case ev.PullRequest != nil && ev.PullRequest.Number > 0:
		return repo, ev.PullRequest.Number, nil
	case ev.Issue != nil && ev.Issue.Number > 0:
		return repo, ev.Issue.Number, nil
	case ev.Number > 0:
		return repo, ev.Number, nil
	}
	return "", 0, errors.New("the GitHub Actions event names no pull request; give -pr OWNER/REPO#N")
}

// commentProvider is the provider whose CommentPublisher posts plans.
const commentProvider = "github"

// commentPublisher configures the github provider from the plan's
// settings; the token comes from GITHUB_TOKEN, and inside GitHub Actions
// the API root from GITHUB_API_URL when the plan names none.
func commentPublisher(p *plan.Plan, env *Env) (providers.CommentPublisher, error) {
	prov, err := builtin.Registry().New(commentProvider)
	if err != nil {
		return nil, err
	}
	publisher, ok := prov.(providers.CommentPublisher)
	if !ok {
		return nil, fmt.Errorf("provider %q cannot post comments", commentProvider)
	}
	cfg, err := plan.ProviderConfig(p, commentProvider, prov.Schema())
	if err != nil {
		return nil, err
	}
	attrs := cfg.AsValueMap()
	if attrs == nil {
		attrs = map[string]cty.Value{}
	}
	if tok := env.Getenv(github.TokenEnv); tok != "" {
		attrs["token"] = cty.StringVal(tok)
	}
	if api := env.Getenv("GITHUB_API_URL"); api != "" && env.Getenv("GITHUB_ACTIONS") == "true" && attrs["base_url"].IsNull() {
		attrs["base_url"] = cty.StringVal(api)
	}
	req := providers.ConfigureRequest{Config: cty.ObjectVal(attrs), Dir: p.Settings.Dir, Logger: env.Logger.Named("github")}
	if err := prov.Configure(context.Background(), req); err != nil {
		return nil, fmt.Errorf("configuring the github provider: %w", err)
	}
	return publisher, nil
}

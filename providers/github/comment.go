package github

import (
	"context"
	"fmt"
	"strings"

	gh "github.com/google/go-github/v57/github"
	"github.com/zclconf/go-cty/cty"

	"github.com/relctl/relctl/providers"
)

// commentType declares github_comment.
var commentType = providers.ActionType[action]{
	Name: "github_comment",
	Schema: providers.ActionSchema{
		Description: "Adds a comment to an issue or pull request, identified by a hidden marker so that it is " +
			"posted once and edited in place afterwards. Reversible: undo deletes it.",
		Attributes: map[string]providers.Attribute{
			"repo":   repoAttr,
			"number": {Type: cty.Number, Required: true, Description: "Number of the issue or pull request."},
			"body":   str(true, "Text of the comment (Markdown)."),
			"marker": str(false, "Hidden text identifying the comment, e.g. \"<!-- release-notice -->\"; "+
				"added to the body when missing. Default: a marker naming the action's address."),
		},
		Outputs: map[string]cty.Type{"id": cty.Number, "url": cty.String},
	},
	New: func() action { return &commentAction{} },
}

type commentAction struct {
	p            *Provider
	a            providers.Args
	address      string
	r            repoRef
	number       int
	marker, body string
}

type commentUndo struct {
	ID int64 `json:"id"`
}

func (c *commentAction) parse(p *Provider, address string, a providers.Args) error {
	c.p, c.address, c.a = p, address, a
	if err := required(a, "repo", "number", "body"); err != nil {
		return err
	}
	c.number = a.Int("number", 0)
	c.marker = a.String("marker")
	if c.marker == "" {
		c.marker = "<!-- relctl:" + strings.ReplaceAll(c.address, "--", "-") + " -->"
	}
	c.body = a.String("body")
	if !strings.Contains(c.body, c.marker) {
		c.body = c.marker + "\n" + c.body
	}
	var err error
	if a.Known("repo") {
		c.r, err = p.repo(a.String("repo"))
	}
	return err
}

func (c *commentAction) Plan(ctx context.Context, _ *Provider, _ providers.PlanActionRequest) (providers.PlanActionResponse, error) {
	resp := providers.PlanActionResponse{Operation: providers.OpCreate, Reversibility: providers.Reversible,
		Description: fmt.Sprintf("comment on %s#%s", c.a.Display("repo"), c.a.Display("number"))}
	if !known(c.a, "repo", "number", "body", "marker") {
		return resp, nil
	}
	found, err := c.find(ctx)
	switch {
	case err != nil:
		return resp, err
	case found == nil:
	case found.GetBody() == c.body:
		resp.Operation = providers.OpNoop
		resp.Description += " (posted)"
	default:
		resp.Operation = providers.OpUpdate
		resp.Description += " (edit the one posted before)"
	}
	return resp, nil
}

// find returns the comment carrying the marker, or nil.
func (c *commentAction) find(ctx context.Context) (*gh.IssueComment, error) {
	all, err := c.p.listComments(ctx, c.r, c.number)
	if err != nil {
		return nil, err
	}
	for _, cm := range all {
		if strings.Contains(cm.GetBody(), c.marker) {
			return cm, nil
		}
	}
	return nil, nil
}

func commentOutputs(cm *gh.IssueComment) map[string]cty.Value {
	return map[string]cty.Value{"id": cty.NumberIntVal(cm.GetID()), "url": cty.StringVal(cm.GetHTMLURL())}
}

func (c *commentAction) Check(ctx context.Context, _ *Provider, _ providers.CheckActionRequest) (providers.CheckActionResponse, error) {
	found, err := c.find(ctx)
	if err != nil || found == nil || found.GetBody() != c.body {
		return notDone(), err
	}
	return done(commentOutputs(found), undoData(commentUndo{ID: found.GetID()})), nil
}

func (c *commentAction) Apply(ctx context.Context, _ *Provider, req providers.ApplyActionRequest) (providers.ApplyActionResponse, error) {
	log := req.Logger
	found, err := c.find(ctx)
	if err != nil {
		return providers.ApplyActionResponse{}, err
	}
	var cm *gh.IssueComment
	if found != nil {
		cm, _, err = c.p.client.Issues.EditComment(ctx, c.r.owner, c.r.name, found.GetID(), &gh.IssueComment{Body: gh.String(c.body)})
	} else {
		cm, _, err = c.p.client.Issues.CreateComment(ctx, c.r.owner, c.r.name, c.number, &gh.IssueComment{Body: gh.String(c.body)})
	}
	if err != nil {
		return providers.ApplyActionResponse{}, apiErr(err, "commenting on %s#%d", c.r, c.number)
	}
	log.Info("commented", "repo", c.r.String(), "number", c.number, "id", cm.GetID())
	return providers.ApplyActionResponse{Outputs: commentOutputs(cm), UndoData: undoData(commentUndo{ID: cm.GetID()})}, nil
}

func (c *commentAction) Undo(ctx context.Context, _ *Provider, req providers.UndoActionRequest) (providers.UndoActionResponse, error) {
	outputs, raw := req.Outputs, req.UndoData
	var u commentUndo
	if err := decodeUndo(raw, &u); err != nil {
		return providers.UndoActionResponse{}, err
	}
	if u.ID = orOutput(u.ID, outputs, "id"); u.ID == 0 {
		return providers.UndoActionResponse{}, fmt.Errorf("no record of the comment relctl posted")
	}
	if err := c.p.deleteComment(ctx, c.r, u.ID); err != nil {
		return providers.UndoActionResponse{}, err
	}
	return providers.UndoActionResponse{Description: fmt.Sprintf("deleted comment %d on %s#%d", u.ID, c.r, c.number)}, nil
}

func (c *commentAction) PlanUndo(ctx context.Context, _ *Provider, req providers.PlanUndoRequest) (providers.PlanUndoResponse, error) {
	var u commentUndo
	if err := decodeUndo(req.UndoData, &u); err != nil {
		return providers.PlanUndoResponse{}, err
	}
	if u.ID = orOutput(u.ID, req.Outputs, "id"); u.ID == 0 {
		return providers.PlanUndoResponse{}, fmt.Errorf("no record of the comment relctl posted")
	}
	all, err := c.p.listComments(ctx, c.r, c.number)
	if err != nil {
		return providers.PlanUndoResponse{}, err
	}
	for _, cm := range all {
		if cm.GetID() == u.ID {
			return undoDelete(nil, "delete comment %d on %s#%d", u.ID, c.r, c.number), nil
		}
	}
	return undoNoop("comment %d on %s#%d is already deleted", u.ID, c.r, c.number), nil
}

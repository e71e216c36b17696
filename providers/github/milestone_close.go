package github

import (
	"context"
	"fmt"

	gh "github.com/google/go-github/v57/github"
	"github.com/zclconf/go-cty/cty"

	"github.com/relctl/relctl/providers"
)

// milestoneCloseType declares github_milestone_close.
var milestoneCloseType = providers.ActionType[action]{
	Name: "github_milestone_close",
	Schema: providers.ActionSchema{
		Description: "Closes a milestone. Compensable: undo reopens it if relctl closed it.",
		Attributes: map[string]providers.Attribute{
			"repo":   repoAttr,
			"number": {Type: cty.Number, Description: "Number of the milestone."},
			"title":  str(false, "Title of the milestone, when number is not given."),
		},
		Outputs: map[string]cty.Type{"number": cty.Number},
	},
	New: func() action { return &milestoneCloseAction{} },
}

type milestoneCloseAction struct {
	p      *Provider
	a      providers.Args
	r      repoRef
	number int
	title  string
}

type milestoneUndo struct {
	Number int `json:"number"`
}

func (m *milestoneCloseAction) parse(p *Provider, _ string, a providers.Args) error {
	m.p, m.a = p, a
	if err := required(a, "repo"); err != nil {
		return err
	}
	if !a.Set("number") && !a.Set("title") {
		return fmt.Errorf("give the milestone's number or title")
	}
	m.number, m.title = a.Int("number", 0), a.String("title")
	var err error
	if a.Known("repo") {
		m.r, err = p.repo(a.String("repo"))
	}
	return err
}

func (m *milestoneCloseAction) name() string {
	if m.a.Set("number") {
		return "#" + m.a.Display("number")
	}
	return fmt.Sprintf("%q", m.a.Display("title"))
}

func (m *milestoneCloseAction) Plan(ctx context.Context, _ *Provider, _ providers.PlanActionRequest) (providers.PlanActionResponse, error) {
	resp := providers.PlanActionResponse{Operation: providers.OpUpdate, Reversibility: providers.Compensable,
		Description: fmt.Sprintf("close milestone %s of %s", m.name(), m.a.Display("repo"))}
	if !known(m.a, "repo", "number", "title") {
		return resp, nil
	}
	ms, err := m.p.findMilestone(ctx, m.r, m.number, m.title)
	if err != nil {
		return resp, err
	}
	resp.Description = fmt.Sprintf("close milestone #%d %q of %s (%d open, %d closed issues)", ms.GetNumber(),
		ms.GetTitle(), m.r, ms.GetOpenIssues(), ms.GetClosedIssues())
	if ms.GetState() == "closed" {
		resp.Operation = providers.OpNoop
		resp.Description = fmt.Sprintf("milestone #%d %q of %s is closed", ms.GetNumber(), ms.GetTitle(), m.r)
	}
	return resp, nil
}

func (m *milestoneCloseAction) Check(ctx context.Context, _ *Provider, _ providers.CheckActionRequest) (providers.CheckActionResponse, error) {
	ms, err := m.p.findMilestone(ctx, m.r, m.number, m.title)
	if err != nil || ms.GetState() != "closed" {
		return notDone(), err
	}
	return done(map[string]cty.Value{"number": providers.IntVal(ms.GetNumber())}, undoData(milestoneUndo{Number: ms.GetNumber()})), nil
}

func (m *milestoneCloseAction) setState(ctx context.Context, number int, state string) error {
	_, _, err := m.p.client.Issues.EditMilestone(ctx, m.r.owner, m.r.name, number, &gh.Milestone{State: gh.String(state)})
	if err != nil {
		return apiErr(err, "setting milestone #%d of %s %s", number, m.r, state)
	}
	return nil
}

func (m *milestoneCloseAction) Apply(ctx context.Context, _ *Provider, req providers.ApplyActionRequest) (providers.ApplyActionResponse, error) {
	log := req.Logger
	ms, err := m.p.findMilestone(ctx, m.r, m.number, m.title)
	if err != nil {
		return providers.ApplyActionResponse{}, err
	}
	if err := m.setState(ctx, ms.GetNumber(), "closed"); err != nil {
		return providers.ApplyActionResponse{}, err
	}
	log.Info("closed milestone", "repo", m.r.String(), "number", ms.GetNumber())
	return providers.ApplyActionResponse{Outputs: map[string]cty.Value{"number": providers.IntVal(ms.GetNumber())},
		UndoData: undoData(milestoneUndo{Number: ms.GetNumber()})}, nil
}

func (m *milestoneCloseAction) Undo(ctx context.Context, _ *Provider, req providers.UndoActionRequest) (providers.UndoActionResponse, error) {
	outputs, raw := req.Outputs, req.UndoData
	var u milestoneUndo
	if err := decodeUndo(raw, &u); err != nil {
		return providers.UndoActionResponse{}, err
	}
	if u.Number = orOutput(u.Number, outputs, "number"); u.Number == 0 {
		return providers.UndoActionResponse{}, fmt.Errorf("no record of the milestone relctl closed")
	}
	if err := m.setState(ctx, u.Number, "open"); err != nil {
		return providers.UndoActionResponse{}, err
	}
	return providers.UndoActionResponse{Description: fmt.Sprintf("reopened milestone #%d of %s", u.Number, m.r)}, nil
}

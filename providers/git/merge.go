package git

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/zclconf/go-cty/cty"

	"github.com/relctl/relctl/providers"
)

// mergeType declares git_merge.
var mergeType = providers.ActionType[action]{
	Name: "git_merge",
	Schema: providers.ActionSchema{
		Description: "Merges a branch, tag or commit into a branch of relctl's local clone: a " +
			"fast-forward when possible, else a merge commit; with create, a branch that does not exist yet is made at from. " +
			"Reversible: undo resets the local branch.",
		Attributes: map[string]providers.Attribute{
			"remote":  remoteAttr,
			"branch":  {Type: cty.String, Required: true, Description: "Branch to merge into."},
			"from":    {Type: cty.String, Required: true, Description: "Branch, tag or commit SHA to merge."},
			"message": {Type: cty.String, Description: "Message of the merge commit. Default \"Merge <from> into <branch>\"."},
			"ff_only": {Type: cty.Bool, Description: "Refuse anything but a fast-forward."},
			"create": {Type: cty.Bool, Description: "Create the branch at from when it exists " +
				"neither in relctl's clone nor on the remote (a first release on a dedicated " +
				"release branch); undo deletes it."},
		},
		Outputs: shaOutput,
	},
	New: func() action { return &mergeAction{} },
}

// mergeAction merges a branch, tag or commit into a local branch.
type mergeAction struct {
	remote, branch, from, message string
	ffOnly, create, known         bool
}

type mergeUndo struct {
	Branch string `json:"branch"`
	Old    string `json:"old,omitempty"`
	New    string `json:"new"`
	// Adopted: the merge was found already done; undo leaves it alone.
	Adopted bool `json:"adopted,omitempty"`
}

func (m *mergeAction) parse(ctx context.Context, p *Provider, a providers.Args) (bool, error) {
	m.remote, m.branch, m.from, m.message = p.remote(a), a.String("branch"), a.String("from"), a.String("message")
	m.ffOnly, m.create = a.Bool("ff_only", false), a.Bool("create", false)
	if a.Known("branch") {
		if err := p.checkRefName(ctx, "heads", m.branch); err != nil {
			return false, err
		}
	}
	m.known = a.Known("remote") && a.Known("branch") && a.Known("from") &&
		(!a.Set("message") || a.Known("message")) && (!a.Set("ff_only") || a.Known("ff_only")) &&
		(!a.Set("create") || a.Known("create"))
	return m.known, nil
}

func (m *mergeAction) trailers(address string) []string {
	return []string{TrailerAction + ": " + address}
}

// mergeState is the branch and what merging from into it takes.
type mergeState struct {
	head, from string
	local      bool
	done       bool // from is already contained in head
	ff         bool // head is an ancestor of from
	create     bool // the branch does not exist: create makes it at from
}

func (m *mergeAction) state(ctx context.Context, c *clone) (mergeState, error) {
	var s mergeState
	var err error
	if s.head, s.local, err = c.branchHead(ctx, m.branch); err != nil || (s.head == "" && !m.create) {
		return s, err
	}
	if s.from, _, err = c.resolve(ctx, m.from); err != nil {
		return s, err
	}
	if s.head == "" {
		s.create, s.ff = true, true
		return s, nil
	}
	if s.done, err = c.isAncestor(ctx, s.from, s.head); err != nil || s.done {
		return s, err
	}
	s.ff, err = c.isAncestor(ctx, s.head, s.from)
	return s, err
}

// mergeTree returns the tree of merging from into head, or an error naming
// the conflicting files.
func (c *clone) mergeTree(ctx context.Context, head, from string) (string, error) {
	out, err := c.git(ctx, "merge-tree", "--write-tree", "--name-only", "--no-messages", head, from)
	lines := strings.Split(out, "\n")
	if err != nil {
		if exitCode(err) == 1 && len(lines) > 1 {
			return "", fmt.Errorf("merging %s into %s of %s conflicts in %s", short(from), short(head),
				displayName(c.remote), strings.Join(lines[1:], ", "))
		}
		return "", err
	}
	return lines[0], nil
}

func (m *mergeAction) Plan(ctx context.Context, c *clone, req providers.PlanActionRequest) (providers.PlanActionResponse, error) {
	a := providers.Args{V: req.Args}
	resp := providers.PlanActionResponse{Operation: providers.OpUpdate, Reversibility: providers.Reversible,
		Description: fmt.Sprintf("%s merge %s into %s", displayName(a.Display("remote")), a.Display("from"), a.Display("branch"))}
	if c == nil || !a.Known("branch") {
		return resp, nil
	}
	fact, err := refFact(ctx, c, "heads", m.branch)
	resp = withFact(resp, fact)
	if err != nil || !m.known {
		return resp, err
	}
	s, err := m.state(ctx, c)
	switch {
	case errors.Is(err, ErrUnresolved) || (err == nil && s.head == "" && !s.create):
		resp.Description += " (resolved at apply)"
		return resp, nil
	case err != nil:
		return resp, err
	}
	_, where, _ := c.resolve(ctx, m.from)
	if resp, err = withSourceFact(ctx, c, resp, m.from, where); err != nil {
		return resp, err
	}
	resp.Description = fmt.Sprintf("%s merge %s (%s) into %s (%s)", displayName(m.remote), m.from, short(s.from), m.branch, short(s.head))
	switch {
	case s.create:
		resp.Operation = providers.OpCreate
		resp.Description = fmt.Sprintf("%s create branch %s at %s (%s)", displayName(m.remote), m.branch, m.from, short(s.from))
	case s.done:
		resp.Operation = providers.OpNoop
		resp.Description += ": already merged"
	case s.ff:
		resp.Description += ": fast-forward"
	case m.ffOnly:
		return resp, fmt.Errorf("%s cannot be fast-forwarded to %s (ff_only is set)", m.branch, m.from)
	default:
		if _, err := c.mergeTree(ctx, s.head, s.from); err != nil {
			return resp, err
		}
		resp.Description += ": merge commit"
	}
	return resp, nil
}

func (m *mergeAction) Check(ctx context.Context, c *clone, req providers.CheckActionRequest) (providers.CheckActionResponse, error) {
	s, err := m.state(ctx, c)
	if err != nil || s.head == "" || !s.done {
		return providers.CheckActionResponse{Status: providers.CheckNotDone}, err
	}
	if v, ok := req.Outputs["sha"]; ok && v.IsKnown() && !v.IsNull() {
		return providers.CheckActionResponse{Status: providers.CheckDone, Outputs: req.Outputs, UndoData: req.UndoData}, nil
	}
	sha, err := c.findTrailer(ctx, s.head, m.trailers(req.Address)...)
	if err != nil {
		return providers.CheckActionResponse{}, err
	}
	u := mergeUndo{Branch: m.branch, New: sha}
	if sha == "" {
		created, err := m.createdHere(ctx, c, s)
		if err != nil {
			return providers.CheckActionResponse{}, err
		}
		sha, u = s.from, mergeUndo{Branch: m.branch, New: s.from, Adopted: !created}
	} else if u.Old, err = c.commitOf(ctx, sha+"^1"); err != nil {
		return providers.CheckActionResponse{}, err
	}
	return providers.CheckActionResponse{Status: providers.CheckDone, Outputs: shaOutputs(sha), UndoData: undoData(u)}, nil
}

func (m *mergeAction) Apply(ctx context.Context, c *clone, req providers.ApplyActionRequest) (providers.ApplyActionResponse, error) {
	s, err := m.state(ctx, c)
	if err != nil {
		return providers.ApplyActionResponse{}, err
	}
	if s.head == "" && !s.create {
		return providers.ApplyActionResponse{}, fmt.Errorf("branch %s exists neither in relctl's clone nor on %s "+
			"(create = true makes it)", m.branch, displayName(c.remote))
	}
	sha := s.from
	if !s.ff {
		if m.ffOnly {
			return providers.ApplyActionResponse{}, fmt.Errorf("%s cannot be fast-forwarded to %s (ff_only is set)", m.branch, m.from)
		}
		if sha, err = m.commit(ctx, c, s, req.Address); err != nil {
			return providers.ApplyActionResponse{}, err
		}
	}
	old := ""
	if s.local {
		old = s.head
	}
	if err := c.updateRef(ctx, "refs/heads/"+m.branch, sha, old); err != nil {
		return providers.ApplyActionResponse{}, err
	}
	c.log.Info("merged", "branch", m.branch, "from", m.from, "sha", sha, "fast_forward", s.ff)
	return providers.ApplyActionResponse{Outputs: shaOutputs(sha),
		UndoData: undoData(mergeUndo{Branch: m.branch, Old: old, New: sha})}, nil
}

// createdHere tells whether a branch found at from was made by this
// action with create: relctl's local branch, at from, that the remote does
// not have. A resumed apply then owns it, and undo deletes it.
func (m *mergeAction) createdHere(ctx context.Context, c *clone, s mergeState) (bool, error) {
	if !m.create || !s.local || s.head != s.from {
		return false, nil
	}
	remote, err := c.commitOf(ctx, remoteHeads+m.branch)
	return remote == "", err
}

// commit writes the merge commit of from into head.
func (m *mergeAction) commit(ctx context.Context, c *clone, s mergeState, address string) (string, error) {
	tree, err := c.mergeTree(ctx, s.head, s.from)
	if err != nil {
		return "", err
	}
	msg := m.message
	if strings.TrimSpace(msg) == "" {
		msg = fmt.Sprintf("Merge %s into %s", m.from, m.branch)
	}
	msg = strings.TrimRight(msg, " \t\r\n") + "\n\n" + strings.Join(m.trailers(address), "\n") + "\n"
	sha, err := c.gitIn(ctx, nil, msg, "commit-tree", tree, "-p", s.head, "-p", s.from, "-F", "-")
	if err != nil {
		return "", fmt.Errorf("writing the merge commit: %w", err)
	}
	return sha, nil
}

func (m *mergeAction) Undo(ctx context.Context, c *clone, req providers.UndoActionRequest) (providers.UndoActionResponse, error) {
	var u mergeUndo
	if err := decodeUndo(req.UndoData, &u); err != nil {
		return providers.UndoActionResponse{}, err
	}
	if u.Adopted {
		return providers.UndoActionResponse{Description: fmt.Sprintf("%s was found merged already; left as is", u.Branch)}, nil
	}
	return c.resetLocal(ctx, u.Branch, u.New, u.Old)
}

package github

import (
	"bytes"
	"context"
	"fmt"
	"net/http"
	"path"
	"strings"

	gh "github.com/google/go-github/v57/github"
	"github.com/zclconf/go-cty/cty"

	"github.com/relctl/relctl/providers"
	"github.com/relctl/relctl/providers/internal/pin"
)

// fileType declares github_file.
var fileType = providers.ActionType[action]{
	Name: "github_file",
	Schema: providers.ActionSchema{
		Description: "Creates or updates one file on a branch with one commit. The plan shows a unified diff " +
			"against the file on that branch (or on the default branch while the branch does not exist yet). " +
			"Compensable: undo writes the previous content back (or deletes a file relctl created), only if " +
			"the file still holds relctl's content; once a pull request from the branch was merged, on its base " +
			"branch (by a revert pull request with rollback { via_pull_request = true }).",
		Attributes: map[string]providers.Attribute{
			"repo":    repoAttr,
			"branch":  str(true, "Branch to commit to; it must exist when the action runs."),
			"path":    str(true, "Path of the file in the repository, e.g. \"release.json\"."),
			"content": str(false, "The file's new content. Required unless pins is set; with pins, the pins are set in it."),
			"message": str(false, "Commit message. Default \"Update <path>\"."),
			"pins": {Type: pin.Type, Description: pin.Description("the file at path (its content on the branch, or content when set)") +
				" A pin's file may be left out; it is path."},
		},
		Outputs: map[string]cty.Type{"sha": cty.String, "blob_sha": cty.String},
	},
	New: func() action { return &fileAction{} },
}

type fileAction struct {
	p                     *Provider
	addr                  string
	a                     providers.Args
	r                     repoRef
	branch, path, message string
	content               []byte
	hasContent            bool // content is set; else the pins edit the file as it is
	pins                  []pin.Spec
}

// fileUndo records relctl's commit and the blob it wrote; the previous
// content is read back from the commit's parent, so the state holds no
// file content.
type fileUndo struct {
	Commit string `json:"commit"`
	Blob   string `json:"blob"`
}

func (f *fileAction) parse(p *Provider, address string, a providers.Args) error {
	f.p, f.addr, f.a = p, address, a
	if err := required(a, "repo", "branch", "path"); err != nil {
		return err
	}
	if !a.Set("pins") {
		if err := required(a, "content"); err != nil {
			return fmt.Errorf("argument \"content\" or \"pins\" is required")
		}
	}
	f.branch, f.content, f.hasContent = a.String("branch"), []byte(a.String("content")), a.Set("content")
	if a.Known("path") {
		clean, err := cleanPath(a.String("path"))
		if err != nil {
			return err
		}
		f.path = clean
	}
	if a.Known("pins") && a.Known("path") {
		if err := f.parsePins(a.Value("pins")); err != nil {
			return err
		}
	}
	f.message = a.String("message")
	if f.message == "" {
		f.message = "Update " + f.path
	}
	var err error
	if a.Known("repo") {
		f.r, err = p.repo(a.String("repo"))
	}
	return err
}

// cleanPath confines a path to the repository.
func cleanPath(p string) (string, error) {
	clean := path.Clean(strings.ReplaceAll(p, "\\", "/"))
	if p == "" || path.IsAbs(clean) || clean == "." || clean == ".." || strings.HasPrefix(clean, "../") {
		return "", fmt.Errorf("path %q must name a file inside the repository", p)
	}
	return clean, nil
}

// parsePins reads the pins argument: pins of the file at path.
func (f *fileAction) parsePins(v cty.Value) error {
	specs, err := pin.Decode(v)
	if err != nil {
		return err
	}
	for i := range specs {
		if specs[i].File != "" {
			if clean, err := cleanPath(specs[i].File); err != nil || clean != f.path {
				return fmt.Errorf("pins[%d] names file %q, but github_file writes %s; pin other files with another github_file", i, specs[i].File, f.path)
			}
		}
		specs[i].File = f.path
		if err := specs[i].Validate(); err != nil {
			return fmt.Errorf("pins[%d]: %w", i, err)
		}
	}
	f.pins = specs
	return nil
}

// desired is the content to write when the file holds cur: content, or
// cur itself, with the dependencies of the pins set.
func (f *fileAction) desired(cur file, ref string) ([]byte, error) {
	out := f.content
	if !f.hasContent {
		if !cur.exists {
			return nil, fmt.Errorf("pinning dependencies: %s does not exist in %s%s", f.path, f.r, atRef(ref))
		}
		out = cur.content
	}
	for _, s := range f.pins {
		var err error
		if out, err = pin.Apply(s, out); err != nil {
			return nil, fmt.Errorf("pinning dependencies in %s%s: %w", f.r, atRef(ref), err)
		}
	}
	return out, nil
}

func (f *fileAction) describe() string {
	return fmt.Sprintf("%s:%s on %s", f.a.Display("repo"), f.a.Display("path"), f.a.Display("branch"))
}

func (f *fileAction) Plan(ctx context.Context, _ *Provider, _ providers.PlanActionRequest) (providers.PlanActionResponse, error) {
	resp := providers.PlanActionResponse{Operation: providers.OpUpdate, Reversibility: providers.Compensable,
		Description: f.describe()}
	if !known(f.a, "repo", "branch", "path", "content", "pins") {
		return resp, nil
	}
	ref := f.branch
	head, err := f.p.refSHA(ctx, f.r, "heads/"+f.branch)
	if err != nil {
		return resp, err
	}
	if head == "" {
		if ref, err = f.p.defaultBranch(ctx, f.r); err != nil {
			return resp, err
		}
		resp.Description += " (new branch, from " + ref + ")"
	}
	cur, err := f.p.readFile(ctx, f.r, f.path, ref)
	if err != nil {
		return resp, err
	}
	resp.Facts = []providers.Fact{fileFact(f.r, f.path, ref, cur.blob)}
	content, err := f.desired(cur, ref)
	if err != nil {
		return resp, err
	}
	switch {
	case cur.exists && bytes.Equal(cur.content, content) && head != "":
		resp.Operation = providers.OpNoop
		resp.Description = fmt.Sprintf("%s:%s on %s has the content", f.r, f.path, f.branch)
		return resp, nil
	case !cur.exists:
		resp.Operation = providers.OpCreate
	}
	resp.Diff = unifiedDiff(f.path, cur, content)
	return resp, nil
}

func (f *fileAction) Check(ctx context.Context, _ *Provider, req providers.CheckActionRequest) (providers.CheckActionResponse, error) {
	outputs := req.Outputs
	cur, err := f.p.readFile(ctx, f.r, f.path, f.branch)
	if err != nil || !cur.exists {
		return notDone(), err
	}
	if content, err := f.desired(cur, f.branch); err != nil || !bytes.Equal(cur.content, content) {
		return notDone(), err
	}
	rec := providers.Args{V: objectOf(outputs)}
	if rec.String("blob_sha") == cur.blob && rec.String("sha") != "" {
		return done(outputs, undoData(fileUndo{Commit: rec.String("sha"), Blob: cur.blob})), nil
	}
	head, err := f.p.refSHA(ctx, f.r, "heads/"+f.branch)
	if err != nil {
		return notDone(), err
	}
	return done(fileOutputs(head, cur.blob), undoData(fileUndo{Commit: head, Blob: cur.blob})), nil
}

func fileOutputs(commit, blob string) map[string]cty.Value {
	return map[string]cty.Value{"sha": cty.StringVal(commit), "blob_sha": cty.StringVal(blob)}
}

func (f *fileAction) Apply(ctx context.Context, _ *Provider, req providers.ApplyActionRequest) (providers.ApplyActionResponse, error) {
	log := req.Logger
	cur, err := f.p.readFile(ctx, f.r, f.path, f.branch)
	if err != nil {
		return providers.ApplyActionResponse{}, err
	}
	content, err := f.desired(cur, f.branch)
	if err != nil {
		return providers.ApplyActionResponse{}, err
	}
	opts := &gh.RepositoryContentFileOptions{Message: gh.String(withTrailer(f.message, f.address())), Content: content, Branch: gh.String(f.branch)}
	if cur.exists {
		opts.SHA = gh.String(cur.blob)
	}
	res, resp, err := f.p.client.Repositories.UpdateFile(ctx, f.r.owner, f.r.name, f.path, opts)
	if err != nil {
		// A retried write that GitHub had already made.
		if done, ok := adopt(ctx, f.p, f, err, resp, http.StatusConflict, http.StatusUnprocessableEntity); ok {
			return done, nil
		}
		return providers.ApplyActionResponse{}, apiErr(err, "writing %s on %s of %s", f.path, f.branch, f.r)
	}
	commit, blob := res.Commit.GetSHA(), res.GetContent().GetSHA()
	log.Info("wrote file", "repo", f.r.String(), "path", f.path, "branch", f.branch, "commit", short(commit))
	return providers.ApplyActionResponse{Outputs: fileOutputs(commit, blob), UndoData: undoData(fileUndo{Commit: commit, Blob: blob})}, nil
}

func (f *fileAction) address() string { return f.addr }

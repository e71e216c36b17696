package git

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"strings"

	"github.com/zclconf/go-cty/cty"

	"github.com/relctl/relctl/providers"
	"github.com/relctl/relctl/providers/internal/pin"
)

// TrailerAction is the trailer relctl adds to the commits it makes, with
// the action address as value; together with TrailerArgs (a digest of the
// arguments) it lets a resumed apply recognise its own commit.
const (
	TrailerAction = "Relctl-Action"
	TrailerArgs   = "Relctl-Args"
)

// commitType declares git_commit.
var commitType = providers.ActionType[action]{
	Name: "git_commit",
	Schema: providers.ActionSchema{
		Description: "Commits files to a branch of relctl's local clone, on top of the local branch " +
			"(made by earlier actions) or else the remote's. The commit carries the trailer " +
			"\"Relctl-Action: <address>\" so a resumed apply recognises it. Reversible: undo resets the local branch.",
		Attributes: map[string]providers.Attribute{
			"remote":  remoteAttr,
			"branch":  {Type: cty.String, Required: true, Description: "Branch to commit to."},
			"message": {Type: cty.String, Required: true, Description: "Commit message."},
			"files": {Type: cty.Map(cty.String), Description: "Files to write, path (relative to " +
				"the repository root, no \"..\") to content."},
			"version": {Type: cty.String, Description: "Sets the project version: the project's own " +
				"<version> in pom.xml (not its parent's or a dependency's), the \"version\" key of " +
				"package.json (format-preserving) and the content of VERSION, for those found at the root."},
			"version_files": {Type: cty.List(cty.String), Description: "Files whose version " +
				"\"version\" sets, instead of the ones found at the root; recognised by name " +
				"(pom.xml, package.json, anything else is a plain version file)."},
			"pins": {Type: pin.Type, Description: pin.Description("files of the repository, on top of files and version") +
				" Each pin names its file."},
		},
		Outputs: shaOutput,
	},
	New: func() action { return &commitAction{} },
}

// commitAction commits files and version changes to a local branch.
type commitAction struct {
	remote, branch, message, version string
	files                            map[string]string
	versionFiles                     []string
	pins                             []pin.Spec
	known                            bool
}

type commitUndo struct {
	Branch string `json:"branch"`
	// Old is the local branch before the commit ("": it did not exist).
	Old string `json:"old,omitempty"`
	New string `json:"new"`
	// Noop: the files already held the content; nothing was committed.
	Noop bool `json:"noop,omitempty"`
}

func (m *commitAction) parse(ctx context.Context, p *Provider, a providers.Args) (bool, error) {
	m.remote, m.branch, m.message, m.version = p.remote(a), a.String("branch"), a.String("message"), a.String("version")
	m.files, m.versionFiles = a.StringMap("files"), a.Strings("version_files")
	if a.Known("branch") {
		if err := p.checkRefName(ctx, "heads", m.branch); err != nil {
			return false, err
		}
	}
	for _, path := range append(providers.SortedKeys(m.files), m.versionFiles...) {
		if err := confinePath(path); err != nil {
			return false, err
		}
	}
	if a.Known("message") && strings.TrimSpace(m.message) == "" {
		return false, fmt.Errorf("commit message is empty")
	}
	if a.Known("pins") {
		if err := m.parsePins(a.Value("pins")); err != nil {
			return false, err
		}
	}
	m.known = a.Known("remote") && a.Known("branch") && a.Known("message") &&
		(!a.Set("files") || a.Known("files")) && (!a.Set("version") || a.Known("version")) &&
		(!a.Set("version_files") || a.Known("version_files")) && (!a.Set("pins") || a.Known("pins"))
	return m.known, nil
}

// parsePins reads and checks the pins argument; each pin names its file.
func (m *commitAction) parsePins(v cty.Value) error {
	specs, err := pin.Decode(v)
	if err != nil {
		return err
	}
	for i, s := range specs {
		if s.File == "" {
			return fmt.Errorf("pins[%d] names no file", i)
		}
		if err := confinePath(s.File); err != nil {
			return fmt.Errorf("pins[%d]: %w", i, err)
		}
		if err := s.Validate(); err != nil {
			return fmt.Errorf("pins[%d]: %w", i, err)
		}
	}
	m.pins = specs
	return nil
}

// trailers are the lines that identify this action's commit.
func (m *commitAction) trailers(address string) []string {
	h := sha256.New()
	fmt.Fprintf(h, "message\x00%s\x00version\x00%s\x00", m.message, m.version)
	for _, k := range providers.SortedKeys(m.files) {
		fmt.Fprintf(h, "file\x00%s\x00%s\x00", k, m.files[k])
	}
	for _, f := range m.versionFiles {
		fmt.Fprintf(h, "version_file\x00%s\x00", f)
	}
	for _, s := range m.pins {
		fmt.Fprintf(h, "pin\x00%s\x00%s\x00%s\x00%t\x00", s.File, s.Format, s.Pattern, s.ExactRange)
		for _, d := range providers.SortedKeys(s.Dependencies) {
			fmt.Fprintf(h, "dependency\x00%s\x00%s\x00", d, s.Dependencies[d])
		}
	}
	return []string{TrailerAction + ": " + address, TrailerArgs + ": " + hex.EncodeToString(h.Sum(nil))[:16]}
}

// commitState is what the clone says about the commit.
type commitState struct {
	head  string // branch head relctl builds on ("": no such branch)
	local bool   // head is relctl's local branch
	found string // the commit carrying this action's trailers
	edit  edit   // the changes the action would make on head
}

func (m *commitAction) state(ctx context.Context, c *clone, address string) (commitState, error) {
	var s commitState
	var err error
	if s.head, s.local, err = c.branchHead(ctx, m.branch); err != nil || s.head == "" {
		return s, err
	}
	for _, rev := range []string{"refs/heads/" + m.branch, remoteHeads + m.branch} {
		if sha, err := c.refValue(ctx, rev); err != nil || sha == "" {
			continue
		}
		if s.found, err = c.findTrailer(ctx, rev, m.trailers(address)...); err != nil || s.found != "" {
			return s, err
		}
	}
	s.edit, err = m.changes(ctx, c, s.head)
	return s, err
}

// changes computes the files the commit writes on top of base.
func (m *commitAction) changes(ctx context.Context, c *clone, base string) (edit, error) {
	e := edit{}
	for _, path := range providers.SortedKeys(m.files) {
		if err := e.load(ctx, c, base, path); err != nil {
			return nil, err
		}
		e[path].new = []byte(m.files[path])
	}
	if m.version != "" {
		if err := m.setVersions(ctx, c, base, e); err != nil {
			return nil, err
		}
	}
	if err := m.pinDependencies(ctx, c, base, e); err != nil {
		return nil, err
	}
	return e, nil
}

// setVersions sets the project version in the version files.
func (m *commitAction) setVersions(ctx context.Context, c *clone, base string, e edit) error {
	names := m.versionFiles
	if len(names) == 0 {
		for _, n := range defaultVersionFiles {
			if err := e.load(ctx, c, base, n); err != nil {
				return err
			}
			if e[n].exists || m.files[n] != "" {
				names = append(names, n)
			} else {
				delete(e, n)
			}
		}
		if len(names) == 0 {
			return fmt.Errorf("no version file (%s) at the root of %s; name them in version_files",
				strings.Join(defaultVersionFiles, ", "), displayName(c.remote))
		}
	}
	for _, n := range names {
		if err := e.load(ctx, c, base, n); err != nil {
			return err
		}
		if !e[n].exists && e[n].new == nil {
			return fmt.Errorf("version file %s does not exist in %s", n, displayName(c.remote))
		}
		updated, err := setVersion(n, e[n].content(), m.version)
		if err != nil {
			return fmt.Errorf("setting the version in %s of %s: %w", n, displayName(c.remote), err)
		}
		e[n].new = updated
	}
	return nil
}

// pinDependencies sets the dependency versions of the pins, on top of the
// files and versions already in e. A pin without dependencies reads
// nothing.
func (m *commitAction) pinDependencies(ctx context.Context, c *clone, base string, e edit) error {
	for _, s := range m.pins {
		if len(s.Dependencies) == 0 {
			continue
		}
		if err := e.load(ctx, c, base, s.File); err != nil {
			return err
		}
		f := e[s.File]
		if !f.exists && f.new == nil {
			return fmt.Errorf("pinning dependencies: %s does not exist in %s", s.File, displayName(c.remote))
		}
		updated, err := pin.Apply(s, f.content())
		if err != nil {
			return fmt.Errorf("pinning dependencies in %s: %w", displayName(c.remote), err)
		}
		f.new = updated
	}
	return nil
}

func (m *commitAction) Plan(ctx context.Context, c *clone, req providers.PlanActionRequest) (providers.PlanActionResponse, error) {
	a := providers.Args{V: req.Args}
	resp := providers.PlanActionResponse{Operation: providers.OpCreate, Reversibility: providers.Reversible,
		Description: fmt.Sprintf("%s commit to %s: %s", displayName(a.Display("remote")), a.Display("branch"), firstLine(a.Display("message")))}
	if c == nil || !a.Known("branch") {
		return resp, nil
	}
	fact, err := refFact(ctx, c, "heads", m.branch)
	if err != nil || !m.known {
		return withFact(resp, fact), err
	}
	resp = withFact(resp, fact)
	s, err := m.state(ctx, c, req.Address)
	switch {
	case err != nil:
		return resp, err
	case s.head == "":
		resp.Description += " (on the branch an earlier action creates)"
	case s.found != "":
		resp.Operation = providers.OpNoop
		resp.Description += fmt.Sprintf(": already committed as %s", short(s.found))
	case !s.edit.changed():
		resp.Operation = providers.OpNoop
		resp.Description += ": the files already hold this content"
	default:
		resp.Description += fmt.Sprintf(" (%s on %s)", plural(len(s.edit.paths()), "file"), short(s.head))
		resp.Diff = s.edit.diff()
	}
	return resp, nil
}

func (m *commitAction) Check(ctx context.Context, c *clone, req providers.CheckActionRequest) (providers.CheckActionResponse, error) {
	s, err := m.state(ctx, c, req.Address)
	switch {
	case err != nil:
		return providers.CheckActionResponse{}, err
	case s.head == "":
		return providers.CheckActionResponse{Status: providers.CheckNotDone}, nil
	case s.found != "":
		parent, err := c.commitOf(ctx, s.found+"^")
		if err != nil {
			return providers.CheckActionResponse{}, err
		}
		return providers.CheckActionResponse{Status: providers.CheckDone, Outputs: shaOutputs(s.found),
			UndoData: undoData(commitUndo{Branch: m.branch, Old: parent, New: s.found})}, nil
	case !s.edit.changed():
		return providers.CheckActionResponse{Status: providers.CheckDone, Outputs: shaOutputs(s.head),
			UndoData: undoData(commitUndo{Branch: m.branch, New: s.head, Noop: true})}, nil
	}
	return providers.CheckActionResponse{Status: providers.CheckNotDone}, nil
}

func (m *commitAction) Apply(ctx context.Context, c *clone, req providers.ApplyActionRequest) (providers.ApplyActionResponse, error) {
	s, err := m.state(ctx, c, req.Address)
	if err != nil {
		return providers.ApplyActionResponse{}, err
	}
	if s.head == "" {
		return providers.ApplyActionResponse{}, fmt.Errorf("branch %s exists neither in relctl's clone nor on %s; create it with git_branch first",
			m.branch, displayName(c.remote))
	}
	tree, err := c.writeTree(ctx, s.head, s.edit)
	if err != nil {
		return providers.ApplyActionResponse{}, err
	}
	msg := strings.TrimRight(m.message, " \t\r\n") + "\n\n" + strings.Join(m.trailers(req.Address), "\n") + "\n"
	sha, err := c.gitIn(ctx, nil, msg, "commit-tree", tree, "-p", s.head, "-F", "-")
	if err != nil {
		return providers.ApplyActionResponse{}, fmt.Errorf("committing to %s: %w", m.branch, err)
	}
	old := ""
	if s.local {
		old = s.head
	}
	if err := c.updateRef(ctx, "refs/heads/"+m.branch, sha, old); err != nil {
		return providers.ApplyActionResponse{}, err
	}
	c.log.Info("committed", "branch", m.branch, "sha", sha, "files", strings.Join(s.edit.paths(), ","))
	return providers.ApplyActionResponse{Outputs: shaOutputs(sha),
		UndoData: undoData(commitUndo{Branch: m.branch, Old: old, New: sha})}, nil
}

func (m *commitAction) Undo(ctx context.Context, c *clone, req providers.UndoActionRequest) (providers.UndoActionResponse, error) {
	var u commitUndo
	if err := decodeUndo(req.UndoData, &u); err != nil {
		return providers.UndoActionResponse{}, err
	}
	if u.Noop {
		return providers.UndoActionResponse{Description: "nothing was committed"}, nil
	}
	return c.resetLocal(ctx, u.Branch, u.New, u.Old)
}

func firstLine(s string) string {
	line, _, _ := strings.Cut(strings.TrimSpace(s), "\n")
	return line
}

func plural(n int, word string) string {
	if n == 1 {
		return "1 " + word
	}
	return fmt.Sprintf("%d %ss", n, word)
}

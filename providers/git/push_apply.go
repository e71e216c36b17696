package git

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/relctl/relctl/providers"
	"github.com/relctl/relctl/state/atomicfile"
)

func (a *pushAction) Plan(ctx context.Context, c *clone, req providers.PlanActionRequest) (providers.PlanActionResponse, error) {
	args := providers.Args{V: req.Args}
	resp := providers.PlanActionResponse{Operation: providers.OpCreate, Reversibility: providers.Reversible,
		Description: fmt.Sprintf("%s push %s", displayName(args.Display("remote")), args.Display("refs"))}
	if c == nil || !a.known {
		return resp, nil
	}
	var parts []string
	for _, r := range a.refs {
		part, facts, exists, err := a.planRef(ctx, c, r)
		if err != nil {
			return resp, err
		}
		resp.Facts = append(resp.Facts, facts...)
		parts = append(parts, part)
		if exists {
			resp.Operation = providers.OpUpdate
		}
		if exists && strings.HasPrefix(part, "branch") {
			resp.Reversibility = providers.Compensable
		}
	}
	resp.Description = fmt.Sprintf("%s push %s", displayName(a.remote), strings.Join(parts, ", "))
	st, err := a.Check(ctx, c, providers.CheckActionRequest{Address: req.Address})
	return settle(resp, st, err, ": already on the remote")
}

// planRef describes one ref of the push as the remote has it now.
func (a *pushAction) planRef(ctx context.Context, c *clone, r pushRef) (string, []providers.Fact, bool, error) {
	kinds := []string{r.kind}
	if r.kind == "" {
		kinds = []string{"heads", "tags"}
	}
	var facts []providers.Fact
	for _, k := range kinds {
		f, err := refFact(ctx, c, k, r.name)
		if err != nil {
			return "", nil, false, err
		}
		facts = append(facts, f)
		if f.Value != "" {
			what := pushRef{kind: k, name: r.name}.what()
			return fmt.Sprintf("%s (now at %s)", what, short(f.Value)), facts[len(facts)-1:], true, nil
		}
	}
	if r.kind == "" {
		return r.name + " (new)", facts, false, nil
	}
	return r.what() + " (new)", facts, false, nil
}

func (a *pushAction) Check(ctx context.Context, c *clone, req providers.CheckActionRequest) (providers.CheckActionResponse, error) {
	entries, refs, err := a.entries(ctx, c, recordedPushed(req.Outputs))
	if err != nil {
		return providers.CheckActionResponse{}, err
	}
	for i, e := range entries {
		if e.New == "" || e.Old == "" {
			return providers.CheckActionResponse{Status: providers.CheckNotDone}, nil
		}
		have, err := c.commitOf(ctx, e.Old)
		if err != nil {
			return providers.CheckActionResponse{}, err
		}
		want, err := c.commitOf(ctx, e.New)
		if err != nil {
			return providers.CheckActionResponse{}, err
		}
		if have == want {
			continue
		}
		if refs[i].kind == "tags" {
			return providers.CheckActionResponse{Status: providers.CheckConflict, Detail: fmt.Sprintf(
				"tag %s is at %s on %s, relctl's tag is at %s", refs[i].name, short(have), displayName(c.remote), short(want))}, nil
		}
		if contained, err := c.isAncestor(ctx, want, have); err != nil || !contained {
			return providers.CheckActionResponse{Status: providers.CheckNotDone}, err
		}
	}
	outputs, err := pushedOutputs(ctx, c, entries)
	if err != nil {
		return providers.CheckActionResponse{}, err
	}
	return providers.CheckActionResponse{Status: providers.CheckDone, Outputs: outputs,
		UndoData: undoData(pushUndo{Refs: a.journaled(c, req.Address, entries)})}, nil
}

// journaled returns the undo entries of a push found done: those written
// before the push when they match what is on the remote, else entries
// that leave every ref alone (it was there before).
func (a *pushAction) journaled(c *clone, address string, entries []pushEntry) []pushEntry {
	var j pushUndo
	if b, err := os.ReadFile(journalPath(c, address)); err == nil && json.Unmarshal(b, &j) == nil && len(j.Refs) == len(entries) {
		match := true
		for i := range entries {
			match = match && j.Refs[i].Ref == entries[i].Ref && j.Refs[i].New == entries[i].New
		}
		if match {
			return j.Refs
		}
	}
	out := make([]pushEntry, len(entries))
	for i, e := range entries {
		out[i] = pushEntry{Arg: e.Arg, Ref: e.Ref, Old: e.Old, New: e.Old}
	}
	return out
}

// journalPath is where a push records its undo entries right before it
// runs, so that a push interrupted before the state recorded it can still
// be undone exactly.
func journalPath(c *clone, address string) string {
	sum := sha256.Sum256([]byte(address))
	return filepath.Join(c.dir, "relctl-push", hex.EncodeToString(sum[:8])+".json")
}

func (a *pushAction) Apply(ctx context.Context, c *clone, req providers.ApplyActionRequest) (providers.ApplyActionResponse, error) {
	entries, refs, err := a.entries(ctx, c, nil)
	if err != nil {
		return providers.ApplyActionResponse{}, err
	}
	args := []string{"push", "--atomic", "--porcelain", "--quiet", "origin"}
	var specs []string
	for i, e := range entries {
		if e.New == "" {
			return providers.ApplyActionResponse{}, fmt.Errorf("%q is neither a branch nor a tag in relctl's clone of %s; create it first", e.Arg, displayName(c.remote))
		}
		if err := a.canPush(ctx, c, refs[i], e); err != nil {
			return providers.ApplyActionResponse{}, err
		}
		if e.Old == e.New {
			continue
		}
		args = append(args, "--force-with-lease="+e.Ref+":"+e.Old)
		specs = append(specs, e.New+":"+e.Ref)
	}
	if err := writeJournal(c, req.Address, entries); err != nil {
		return providers.ApplyActionResponse{}, err
	}
	if len(specs) > 0 {
		if _, err := c.git(ctx, append(args, specs...)...); err != nil {
			return providers.ApplyActionResponse{}, fmt.Errorf("pushing to %s (refused when a ref moved since it was read): %w", displayName(c.remote), err)
		}
		c.log.Info("pushed", "refs", strings.Join(specs, " "))
	}
	outputs, err := pushedOutputs(ctx, c, entries)
	if err != nil {
		return providers.ApplyActionResponse{}, err
	}
	return providers.ApplyActionResponse{Outputs: outputs, UndoData: undoData(pushUndo{Refs: entries})}, nil
}

// canPush refuses a push that would not be a fast-forward of a branch or
// that would move an existing tag.
func (a *pushAction) canPush(ctx context.Context, c *clone, r pushRef, e pushEntry) error {
	if e.Old == "" || e.Old == e.New {
		return nil
	}
	if r.kind == "tags" {
		return fmt.Errorf("tag %s already exists on %s at %s; relctl's tag is at %s", r.name, displayName(c.remote), short(e.Old), short(e.New))
	}
	ff, err := c.isAncestor(ctx, e.Old, e.New)
	if err != nil {
		return err
	}
	if !ff {
		return fmt.Errorf("branch %s of %s is at %s, which %s does not contain; refusing to overwrite it", r.name, displayName(c.remote), short(e.Old), short(e.New))
	}
	return nil
}

func writeJournal(c *clone, address string, entries []pushEntry) error {
	path := journalPath(c, address)
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return fmt.Errorf("recording the push: %w", err)
	}
	if err := atomicfile.WriteFile(path, undoData(pushUndo{Refs: entries}), 0o644); err != nil {
		return fmt.Errorf("recording the push: %w", err)
	}
	return nil
}

func (a *pushAction) Undo(ctx context.Context, c *clone, req providers.UndoActionRequest) (providers.UndoActionResponse, error) {
	var u pushUndo
	if err := decodeUndo(req.UndoData, &u); err != nil {
		return providers.UndoActionResponse{}, err
	}
	args := []string{"push", "--atomic", "--porcelain", "--quiet", "origin"}
	var specs, done []string
	for _, e := range u.Refs {
		if e.Old == e.New {
			continue
		}
		r := parsePushRef(e.Ref)
		cur, err := c.refValue(ctx, r.tracking())
		if err != nil {
			return providers.UndoActionResponse{}, err
		}
		switch {
		case cur == e.Old:
			continue
		case cur != e.New:
			return providers.UndoActionResponse{}, fmt.Errorf("%s of %s is at %s, not at %s that relctl pushed; not putting it back to %s (nothing was undone)",
				r.what(), displayName(c.remote), shortOrNone(cur), short(e.New), shortOrNone(e.Old))
		}
		args = append(args, "--force-with-lease="+e.Ref+":"+e.New)
		if e.Old == "" {
			specs, done = append(specs, ":"+e.Ref), append(done, "deleted "+r.what())
		} else {
			specs, done = append(specs, e.Old+":"+e.Ref), append(done, fmt.Sprintf("reset %s to %s", r.what(), short(e.Old)))
		}
	}
	if len(specs) == 0 {
		return providers.UndoActionResponse{Description: "nothing to undo on " + displayName(c.remote)}, nil
	}
	if _, err := c.git(ctx, append(args, specs...)...); err != nil {
		return providers.UndoActionResponse{}, fmt.Errorf("undoing the push to %s: %w", displayName(c.remote), err)
	}
	return providers.UndoActionResponse{Description: strings.Join(done, ", ") + " on " + displayName(c.remote)}, nil
}

func shortOrNone(sha string) string {
	if sha == "" {
		return "(absent)"
	}
	return short(sha)
}

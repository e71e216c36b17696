package git

import (
	"context"
	"fmt"
	"strings"

	"github.com/zclconf/go-cty/cty"

	"github.com/relctl/relctl/providers"
)

// pushType declares git_push.
var pushType = providers.ActionType[action]{
	Name: "git_push",
	Schema: providers.ActionSchema{
		Description: "Publishes branches and tags of relctl's local clone to the remote in one atomic " +
			"push, each ref guarded by compare-and-swap (--force-with-lease) against the value seen " +
			"just before. Reversible when it only creates refs (undo deletes them); compensable when " +
			"it moves an existing branch (undo puts the branch back only if it still points at " +
			"what relctl pushed).",
		Attributes: map[string]providers.Attribute{
			"remote": remoteAttr,
			"refs": {Type: cty.List(cty.String), Required: true, Description: "Branches and tags to " +
				"push: a name (a local branch, else a local tag), or heads/NAME or tags/NAME."},
		},
		Outputs: map[string]cty.Type{"pushed": cty.Map(cty.String)},
	},
	New: func() action { return &pushAction{} },
}

// pushAction publishes local branches and tags with one atomic push.
type pushAction struct {
	remote string
	refs   []pushRef
	known  bool
}

// pushRef is one entry of refs: kind is "heads", "tags" or "" (a local
// branch of that name, else a local tag).
type pushRef struct{ arg, kind, name string }

func (r pushRef) full() string { return "refs/" + r.kind + "/" + r.name }

func (r pushRef) tracking() string {
	if r.kind == "heads" {
		return remoteHeads + r.name
	}
	return remoteTags + r.name
}

func (r pushRef) what() string {
	if r.kind == "heads" {
		return "branch " + r.name
	}
	return "tag " + r.name
}

func parsePushRef(arg string) pushRef {
	s := strings.TrimPrefix(arg, "refs/")
	for _, kind := range []string{"heads", "tags"} {
		if name, ok := strings.CutPrefix(s, kind+"/"); ok {
			return pushRef{arg: arg, kind: kind, name: name}
		}
	}
	return pushRef{arg: arg, name: arg}
}

func (a *pushAction) parse(ctx context.Context, p *Provider, args providers.Args) (bool, error) {
	a.remote, a.refs = p.remote(args), nil
	a.known = args.Known("remote") && args.Known("refs")
	seen := map[string]bool{}
	for _, s := range args.Strings("refs") {
		r := parsePushRef(s)
		kind := r.kind
		if kind == "" {
			kind = "heads"
		}
		if err := p.checkRefName(ctx, kind, r.name); err != nil {
			return false, err
		}
		if seen[r.name+"\x00"+r.kind] {
			return false, fmt.Errorf("refs names %q twice", s)
		}
		seen[r.name+"\x00"+r.kind] = true
		a.refs = append(a.refs, r)
	}
	if a.known && len(a.refs) == 0 {
		return false, fmt.Errorf("refs is empty: name the branches and tags to push")
	}
	return a.known, nil
}

// pushEntry is one ref of a push: its remote value before (Old, "" when
// absent) and the object pushed (New). Old == New: the push left it alone.
type pushEntry struct {
	Arg string `json:"arg"`
	Ref string `json:"ref"`
	Old string `json:"old,omitempty"`
	New string `json:"new"`
}

type pushUndo struct {
	Refs []pushEntry `json:"refs"`
}

// local resolves a ref of the push in the clone; kind "" becomes the
// local branch, else the local tag, of that name.
func (a *pushAction) local(ctx context.Context, c *clone, r pushRef) (pushRef, string, error) {
	kinds := []string{r.kind}
	if r.kind == "" {
		kinds = []string{"heads", "tags"}
	}
	for _, k := range kinds {
		cand := pushRef{arg: r.arg, kind: k, name: r.name}
		obj, err := c.refValue(ctx, cand.full())
		if err != nil || obj != "" {
			return cand, obj, err
		}
	}
	return r, "", nil
}

// entries pairs every ref's local object with the remote's current one.
// A ref missing from the clone has New "" unless outputs recorded it.
func (a *pushAction) entries(ctx context.Context, c *clone, recorded map[string]string) ([]pushEntry, []pushRef, error) {
	var out []pushEntry
	var refs []pushRef
	for _, r := range a.refs {
		r, obj, err := a.local(ctx, c, r)
		if err != nil {
			return nil, nil, err
		}
		if obj == "" && r.kind == "" {
			r.kind = "heads"
			if v, _ := c.refValue(ctx, remoteTags+r.name); v != "" {
				r.kind = "tags"
			}
		}
		old, err := c.refValue(ctx, r.tracking())
		if err != nil {
			return nil, nil, err
		}
		if obj == "" {
			obj = recorded[r.arg]
		}
		out = append(out, pushEntry{Arg: r.arg, Ref: r.full(), Old: old, New: obj})
		refs = append(refs, r)
	}
	return out, refs, nil
}

// pushedOutputs maps every ref argument to the commit it points at.
func pushedOutputs(ctx context.Context, c *clone, entries []pushEntry) (map[string]cty.Value, error) {
	m := map[string]cty.Value{}
	for _, e := range entries {
		sha, err := c.commitOf(ctx, e.New)
		if err != nil {
			return nil, err
		}
		m[e.Arg] = cty.StringVal(sha)
	}
	return map[string]cty.Value{"pushed": cty.MapVal(m)}, nil
}

func recordedPushed(outputs map[string]cty.Value) map[string]string {
	v, ok := outputs["pushed"]
	if !ok || v.IsNull() || !v.IsWhollyKnown() || !(v.Type().IsMapType() || v.Type().IsObjectType()) {
		return nil
	}
	return providers.Args{V: cty.ObjectVal(map[string]cty.Value{"pushed": v})}.StringMap("pushed")
}

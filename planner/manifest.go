package planner

import (
	"os"
	"path/filepath"
	"sort"

	"github.com/hashicorp/hcl/v2"
	"github.com/zclconf/go-cty/cty"

	"github.com/relctl/relctl/config"
	"github.com/relctl/relctl/config/manifest"
	"github.com/relctl/relctl/providers"
)

// manifestData is a manifest read for planning.
type manifestData struct {
	block *config.Manifest
	m     *manifest.Manifest
	// path is where it was read: a file path, or repo:path@ref.
	path string
	// file is the manifest as an hcl.File, for diagnostics snippets.
	file *hcl.File
}

func (e *evaluator) manifest(name string, rng hcl.Range) *manifestData {
	if md, ok := e.manifests[name]; ok {
		return md
	}
	block, ok := e.cfg.Manifests[name]
	if !ok {
		return nil
	}
	if !e.enter("manifest."+name, rng) {
		return nil
	}
	defer e.leave()
	md := &manifestData{block: block}
	e.manifests[name] = md
	src, path, ok := e.readManifest(block)
	if !ok {
		return md
	}
	m, diags := manifest.Parse(path, src)
	e.diags = append(e.diags, diags...)
	md.path = path
	md.file = &hcl.File{Bytes: src}
	if !diags.HasErrors() {
		md.m = m
	}
	return md
}

func (e *evaluator) readManifest(block *config.Manifest) ([]byte, string, bool) {
	if block.Path != nil {
		rel, ok := e.evalString(block.Path, "", nil)
		if !ok {
			return nil, "", false
		}
		path := rel
		if !filepath.IsAbs(path) {
			path = filepath.Join(e.cfg.Dir, rel)
		}
		src, err := os.ReadFile(path)
		if err != nil {
			e.errorf(block.Path.Range(), "Cannot read manifest", "Reading manifest %q failed: %s.", rel, err)
			return nil, "", false
		}
		return src, rel, true
	}
	gh := block.GitHub
	repo, path, ref, ok := e.manifestSource(gh)
	if !ok {
		return nil, "", false
	}
	if e.opts.NoRefresh {
		e.errorf(gh.DeclRange, "Manifest needs a refresh", "Manifest %q is read from repository %s, which -refresh=false does not allow.", block.Name, repo)
		return nil, "", false
	}
	reader, ok := e.manifestReader(gh, repo)
	if !ok {
		return nil, "", false
	}
	fc, err := e.reads.file(e.ctx, reader, providers.Repository{Repo: repo}, path, ref)
	if err != nil {
		e.errorf(gh.DeclRange, "Cannot read manifest", "Reading %s from %s failed: %s.", path, repo, err)
		return nil, "", false
	}
	name := repo + ":" + path
	if ref != "" {
		name += "@" + ref
	}
	e.facts = append(e.facts, providers.Fact{
		Provider:    "github",
		Key:         "file:" + repo + ":" + path + "@" + ref,
		Value:       fc.SHA,
		Description: "file " + path + " of " + repo + " is at blob " + short(fc.SHA),
	})
	return fc.Content, name, true
}

// manifestSource evaluates where a manifest's github block reads it.
func (e *evaluator) manifestSource(gh *config.ManifestSource) (repo, path, ref string, ok bool) {
	repo, ok1 := e.evalString(gh.Repo, "", nil)
	path, ok2 := e.evalString(gh.Path, "release.json", nil)
	ref, ok3 := e.evalString(gh.Ref, "", nil)
	return repo, path, ref, ok1 && ok2 && ok3
}

// manifestReader is the github provider, which reads files, or reports
// why there is none.
func (e *evaluator) manifestReader(gh *config.ManifestSource, repo string) (providers.FileReader, bool) {
	p, err := e.provider("github")
	if err != nil {
		e.errorf(gh.DeclRange, "Cannot read manifest", "Reading the manifest from %s needs the github provider: %s.", repo, err)
		return nil, false
	}
	reader, ok := p.(providers.FileReader)
	if !ok {
		e.errorf(gh.DeclRange, "Cannot read manifest", "The github provider cannot read files.")
	}
	return reader, ok
}

func (e *evaluator) manifestsValue() cty.Value {
	return e.cached("manifest", func() cty.Value {
		m := map[string]cty.Value{}
		for name, md := range e.manifests {
			m[name] = md.value(e.release)
		}
		return cty.ObjectVal(m)
	})
}

var manifestComponentType = cty.Object(map[string]cty.Type{
	"name": cty.String, "version": cty.String, "snapshot": cty.Bool,
})

// value is the manifest as expressions see it (SPEC §3).
func (md *manifestData) value(rel *releaseData) cty.Value {
	if md.m == nil {
		return cty.DynamicVal
	}
	m := md.m
	comps := map[string]cty.Value{}
	for _, c := range m.Components {
		comps[c.Name] = cty.ObjectVal(map[string]cty.Value{
			"name": cty.StringVal(c.Name), "version": cty.StringVal(c.Version), "snapshot": cty.BoolVal(c.Snapshot),
		})
	}
	var layers []cty.Value
	for _, l := range m.Layers {
		layers = append(layers, stringList(l))
	}
	layersVal := cty.ListValEmpty(cty.List(cty.String))
	if len(layers) > 0 {
		layersVal = cty.ListVal(layers)
	}
	deps := map[string]cty.Value{}
	for _, c := range m.Components {
		deps[c.Name] = stringList(nil)
	}
	for name, ds := range m.DependsOn() {
		sort.Strings(ds)
		deps[name] = stringList(ds)
	}
	updated := cty.UnknownVal(cty.String)
	if rel != nil {
		if text, err := md.updated(rel); err == nil {
			updated = cty.StringVal(text)
		}
	}
	return cty.ObjectVal(map[string]cty.Value{
		"name":       cty.StringVal(m.Name),
		"path":       cty.StringVal(md.path),
		"version":    cty.StringVal(m.Version),
		"components": mapOrEmpty(comps, manifestComponentType),
		"snapshots":  stringSet(m.Snapshots()),
		"layers":     layersVal,
		"depends_on": mapOrEmpty(deps, cty.List(cty.String)),
		"updated":    updated,
	})
}

// updated is the manifest text with the released components' versions and
// the top-level version set to the release's.
func (md *manifestData) updated(rel *releaseData) (string, error) {
	set := map[string]string{}
	for _, c := range rel.released {
		if _, ok := md.m.Component(c.Name); ok {
			set[c.Name] = c.Version
		}
	}
	out, err := md.m.WithVersions(rel.version, set)
	if err != nil {
		return "", err
	}
	return string(out), nil
}

func short(sha string) string {
	if len(sha) > 7 {
		return sha[:7]
	}
	return sha
}

package planner

import (
	"sort"
	"strings"

	"github.com/hashicorp/hcl/v2"
	"github.com/zclconf/go-cty/cty"

	"github.com/relctl/relctl/config"
	"github.com/relctl/relctl/planner/version"
	"github.com/relctl/relctl/providers"
)

// componentBlock is a component block with its instances (one, or one per
// for_each key).
type componentBlock struct {
	block     *config.Component
	instances []*componentInst
	ok        bool
}

// componentInst is one component of the product.
type componentInst struct {
	Name      string
	Key       string
	block     *config.Component
	Repo      string
	URL       string
	strategy  *config.Strategy
	scheme    version.Scheme
	dependsOn []string
	// Current and where it came from: attribute, manifest, tag, initial.
	Current string
	Source  string
	// refs are the repository's refs, when read; latestTag is the highest
	// tag matching the strategy's tag template.
	refs      *providers.RepositoryRefs
	reader    string
	latestTag string
	// readDone is set once the repository was read (or that failed).
	readDone bool
}

var componentType = cty.Object(map[string]cty.Type{
	"name": cty.String, "repo": cty.String, "url": cty.String, "current": cty.String, "strategy": cty.String,
})

func (e *evaluator) component(name string, rng hcl.Range) *componentBlock {
	if cb, ok := e.components[name]; ok {
		return cb
	}
	block, ok := e.cfg.Components[name]
	if !ok {
		return nil
	}
	if !e.enter("component."+name, rng) {
		return nil
	}
	defer e.leave()
	cb := &componentBlock{block: block}
	e.components[name] = cb
	if block.ForEach == nil {
		if inst := e.componentInstance(block, name, "", nil); inst != nil {
			cb.instances = append(cb.instances, inst)
		}
		cb.ok = true
		return cb
	}
	each, ok := e.forEach(block.ForEach)
	if !ok {
		return cb
	}
	for _, kv := range each {
		if inst := e.componentInstance(block, kv.key, kv.key, eachValue(kv)); inst != nil {
			cb.instances = append(cb.instances, inst)
		}
	}
	cb.ok = true
	return cb
}

func (e *evaluator) componentInstance(block *config.Component, name, key string, extra map[string]cty.Value) *componentInst {
	inst := &componentInst{Name: name, Key: key, block: block}
	var ok bool
	if inst.Repo, ok = e.evalString(block.Repo, "", extra); !ok {
		return nil
	}
	if inst.URL, ok = e.evalString(block.URL, "", extra); !ok {
		return nil
	}
	attrVersion, ok := e.evalString(block.Version, "", extra)
	if !ok {
		return nil
	}
	inst.strategy = e.cfg.Strategies[block.StrategyName()]
	if inst.strategy == nil {
		return nil
	}
	inst.scheme = version.Scheme(inst.strategy.Scheme)
	if block.DependsOn != nil {
		v, d := block.DependsOn.Value(e.evalCtx(extra, block.DependsOn))
		e.diags = append(e.diags, d...)
		if d.HasErrors() {
			return nil
		}
		deps, ok := componentNames(v)
		if !ok {
			e.errorf(block.DependsOn.Range(), "Invalid depends_on", "A component's depends_on must be a list of components (component.NAME) or of component names.")
			return nil
		}
		inst.dependsOn = deps
	}
	e.currentVersion(inst, attrVersion)
	return inst
}

// componentNames reads depends_on: component objects, maps of component
// instances, or names.
func componentNames(v cty.Value) ([]string, bool) {
	v, _ = v.UnmarkDeep()
	if v.IsNull() {
		return nil, true
	}
	if !v.IsWhollyKnown() {
		return nil, false
	}
	ty := v.Type()
	if !(ty.IsListType() || ty.IsSetType() || ty.IsTupleType()) {
		return nil, false
	}
	var out []string
	for it := v.ElementIterator(); it.Next(); {
		_, el := it.Element()
		switch {
		case el.Type() == cty.String:
			out = append(out, el.AsString())
		case el.Type().IsObjectType() && el.Type().HasAttribute("name"):
			out = append(out, el.GetAttr("name").AsString())
		case el.Type().IsMapType() || el.Type().IsObjectType():
			for mi := el.ElementIterator(); mi.Next(); {
				k, _ := mi.Element()
				out = append(out, k.AsString())
			}
		default:
			return nil, false
		}
	}
	sort.Strings(out)
	return out, true
}

// currentVersion decides the current version: the component's version
// attribute, the manifest, the highest matching tag, the initial version.
func (e *evaluator) currentVersion(inst *componentInst, attr string) {
	// The repository is read now only when its tags give the current
	// version; otherwise only if the component is released, with the
	// other released components' reads (readRepositories).
	if attr == "" && e.manifestVersion(inst.Name) == "" {
		e.readRepository(inst)
	}
	switch {
	case attr != "":
		inst.Current, inst.Source = attr, "attribute"
	case e.manifestVersion(inst.Name) != "":
		inst.Current, inst.Source = e.manifestVersion(inst.Name), "manifest"
	case inst.latestTag != "":
		inst.Current, inst.Source = e.versionOfTag(inst, inst.latestTag), "tag"
	default:
		// No version yet: the strategy's initial version is the first
		// release itself.
		inst.Current, inst.Source = "", "initial"
	}
}

func (e *evaluator) manifestVersion(name string) string {
	for _, mname := range sortedNames(e.cfg.Manifests) {
		md := e.manifests[mname]
		if md == nil || md.m == nil {
			continue
		}
		if c, ok := md.m.Component(name); ok {
			return c.Version
		}
	}
	return ""
}

// repository returns the reader for a component: the git provider for a
// git remote (url, or a repo that is a path or URL), else GitHub.
func (e *evaluator) repository(inst *componentInst) (string, providers.Repository) {
	if inst.URL != "" {
		return "git", providers.Repository{Repo: inst.Repo, URL: inst.URL}
	}
	if looksLikeRemote(inst.Repo) {
		return "git", providers.Repository{Repo: inst.Repo, URL: inst.Repo}
	}
	return "github", providers.Repository{Repo: inst.Repo}
}

func looksLikeRemote(s string) bool {
	return strings.Contains(s, "://") || strings.HasPrefix(s, "/") || strings.HasPrefix(s, ".") ||
		strings.HasPrefix(s, "git@") || strings.HasSuffix(s, ".git")
}

func displayRepo(r providers.Repository) string {
	if r.URL != "" && r.URL != r.Repo {
		return r.Repo + " (" + r.URL + ")"
	}
	return r.Repo
}

// latestTag is the tag of the highest version matching the tag template.
func (e *evaluator) latestTag(inst *componentInst) string {
	best, bestTag := version.Version{}, ""
	for tag := range inst.refs.Tags {
		v, ok := e.tagVersion(inst, tag)
		if !ok {
			continue
		}
		if bestTag == "" || version.Compare(v, best) > 0 {
			best, bestTag = v, tag
		}
	}
	return bestTag
}

func (e *evaluator) versionOfTag(inst *componentInst, tag string) string {
	v, _ := e.tagVersion(inst, tag)
	return v.String()
}

const versionSentinel = "\x00relctl-version\x00"

// tagVersion inverts the tag template: the tag must be the template's
// text around ${version}, with a version of the strategy's scheme inside.
func (e *evaluator) tagVersion(inst *componentInst, tag string) (version.Version, bool) {
	tmpl, ok := e.template(inst.strategy.Tag, "${version}", versionSentinel, inst)
	if !ok {
		return version.Version{}, false
	}
	prefix, suffix, found := strings.Cut(tmpl, versionSentinel)
	if !found || !strings.HasPrefix(tag, prefix) || !strings.HasSuffix(tag, suffix) || len(tag) < len(prefix)+len(suffix) {
		return version.Version{}, false
	}
	v, err := version.Parse(inst.scheme, tag[len(prefix):len(tag)-len(suffix)])
	if err != nil || v.IsDevelopment() {
		return version.Version{}, false
	}
	return v, true
}

func (e *evaluator) componentsValue() cty.Value {
	return e.cached("component", func() cty.Value {
		m := map[string]cty.Value{}
		for name, cb := range e.components {
			m[name] = cb.value()
		}
		return cty.ObjectVal(m)
	})
}

// someComponentsValue is the component object with only the named
// components, for expressions that refer to nothing else: building the
// whole object for each of n components' depends_on would make planning
// quadratic. It is the whole object when a name is not a computed
// component, so that errors and suggestions are the same.
func (e *evaluator) someComponentsValue(names map[string]bool) cty.Value {
	m := make(map[string]cty.Value, len(names))
	for name := range names {
		cb, ok := e.components[name]
		if !ok {
			return e.componentsValue()
		}
		m[name] = cb.value()
	}
	return cty.ObjectVal(m)
}

// value is the block's component object, or its map of instances.
func (cb *componentBlock) value() cty.Value {
	if !cb.ok {
		return cty.DynamicVal
	}
	if cb.block.ForEach == nil {
		if len(cb.instances) == 1 {
			return cb.instances[0].value()
		}
		return cty.DynamicVal
	}
	inst := map[string]cty.Value{}
	for _, ci := range cb.instances {
		inst[ci.Key] = ci.value()
	}
	return mapOrEmpty(inst, componentType)
}

func (ci *componentInst) value() cty.Value {
	return cty.ObjectVal(map[string]cty.Value{
		"name":     cty.StringVal(ci.Name),
		"repo":     cty.StringVal(ci.Repo),
		"url":      cty.StringVal(ci.URL),
		"current":  cty.StringVal(ci.Current),
		"strategy": cty.StringVal(ci.strategy.Name),
	})
}

// allComponents computes every component block and returns the instances
// by name, reporting duplicate names.
func (e *evaluator) allComponents() (map[string]*componentInst, []string) {
	byName := map[string]*componentInst{}
	for _, name := range sortedNames(e.cfg.Components) {
		cb := e.component(name, e.cfg.Components[name].DeclRange)
		if cb == nil {
			continue
		}
		for _, inst := range cb.instances {
			if prev, dup := byName[inst.Name]; dup {
				e.errorf(inst.block.DeclRange, "Duplicate component", "Component %q is declared by component %q and by component %q; a component name must be unique.", inst.Name, prev.block.Name, inst.block.Name)
				continue
			}
			byName[inst.Name] = inst
		}
	}
	return byName, sortedNames(byName)
}

package planner

import (
	"encoding/json"
	"fmt"

	"github.com/zclconf/go-cty/cty"
	ctyjson "github.com/zclconf/go-cty/cty/json"

	"github.com/relctl/relctl/providers"
)

// providerSet holds the providers a plan uses, configured on first use.
type providerSet struct {
	registry *providers.Registry
	byName   map[string]providers.Provider
	configs  map[string]cty.Value
	failed   map[string]error
}

func newProviderSet(r *providers.Registry) *providerSet {
	return &providerSet{registry: r, byName: map[string]providers.Provider{}, configs: map[string]cty.Value{}, failed: map[string]error{}}
}

// provider returns the configured named provider. Its block, if declared,
// is evaluated with var and local in scope.
func (e *evaluator) provider(name string) (providers.Provider, error) {
	ps := e.provs
	if p, ok := ps.byName[name]; ok {
		return p, nil
	}
	if err, ok := ps.failed[name]; ok {
		return nil, err
	}
	p, err := ps.registry.New(name)
	if err != nil {
		ps.failed[name] = err
		return nil, err
	}
	schema := p.Schema()
	cfgVal, ok := e.providerConfig(name, schema)
	if !ok {
		err := fmt.Errorf("provider %q has configuration errors", name)
		ps.failed[name] = err
		return nil, err
	}
	req := providers.ConfigureRequest{Config: cfgVal, Dir: e.cfg.Dir, Logger: e.logger.Named(name)}
	if err := p.Configure(e.ctx, req); err != nil {
		err = fmt.Errorf("configuring provider %q: %w", name, err)
		ps.failed[name] = err
		return nil, err
	}
	ps.byName[name] = p
	ps.configs[name] = cfgVal
	return p, nil
}

func (e *evaluator) providerConfig(name string, schema providers.ProviderSchema) (cty.Value, bool) {
	vals := map[string]cty.Value{}
	block := e.cfg.Providers[name]
	ok := true
	for attrName, a := range schema.Config {
		vals[attrName] = cty.NullVal(a.Type)
		if block == nil {
			continue
		}
		attr, set := block.Attrs[attrName]
		if !set {
			continue
		}
		v, d := attr.Expr.Value(e.evalCtx(nil, attr.Expr))
		e.diags = append(e.diags, d...)
		if d.HasErrors() {
			ok = false
			continue
		}
		v, _ = v.UnmarkDeep()
		cv, err := convertTo(v, a.Type)
		if err != nil {
			e.errorf(attr.Expr.Range(), "Incorrect attribute value type", "Inappropriate value for attribute %q: %s.", attrName, err)
			ok = false
			continue
		}
		vals[attrName] = cv
	}
	return cty.ObjectVal(vals), ok
}

// settingsJSON returns each used provider's configuration without its
// sensitive attributes, for the plan file.
func (ps *providerSet) settingsJSON() (map[string]json.RawMessage, error) {
	out := map[string]json.RawMessage{}
	for name, val := range ps.configs {
		schema := ps.byName[name].Schema()
		clean := map[string]cty.Value{}
		for attrName, a := range schema.Config {
			if a.Sensitive {
				clean[attrName] = cty.NullVal(a.Type)
				continue
			}
			clean[attrName] = val.GetAttr(attrName)
		}
		obj := cty.ObjectVal(clean)
		data, err := ctyjson.Marshal(obj, obj.Type())
		if err != nil {
			return nil, fmt.Errorf("encoding provider %q configuration: %w", name, err)
		}
		out[name] = data
	}
	return out, nil
}

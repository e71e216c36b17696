package config

import (
	"fmt"
	"sort"

	"github.com/hashicorp/hcl/v2"
)

// Backend is the backend block of the relctl block: where the state and
// the plan being applied are kept, so that another machine can continue a
// release. Without one the state is the local file of state_path.
type Backend struct {
	Type string
	// Settings are the attributes as written (literal strings). Those the
	// backend's schema marks Sensitive (a connection string) are here
	// too, but never leave the configuration: see Public.
	Settings  map[string]string
	DeclRange hcl.Range
	TypeRange hcl.Range
	// SecretRanges are where the values of the sensitive settings are
	// written, so that a copy of the sources can leave them out
	// (PublicSource).
	SecretRanges []hcl.Range
}

// BackendAttribute is one attribute a backend type accepts.
type BackendAttribute struct {
	Name     string
	Required bool
	// Sensitive attributes hold credentials: they are never copied into
	// a plan or a state, and are read again from the configuration or
	// the environment when the backend is opened.
	Sensitive bool
}

// BackendTypes are the backend types and the attributes each accepts.
var BackendTypes = map[string][]BackendAttribute{
	"local": {{Name: "path"}},
	"pg": {
		{Name: "conn_str", Sensitive: true},
		{Name: "workspace"},
	},
	"github": {
		{Name: "repo", Required: true},
		{Name: "branch"},
		{Name: "path"},
		{Name: "workspace"},
		{Name: "base_url"},
		{Name: "lock_stale"},
	},
}

// BackendTypeNames lists the backend types, sorted.
func BackendTypeNames() []string {
	names := make([]string, 0, len(BackendTypes))
	for n := range BackendTypes {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}

// Public returns the settings that may be written in a plan: all but the
// sensitive ones.
func (b *Backend) Public() map[string]string {
	out := map[string]string{}
	for _, a := range BackendTypes[b.Type] {
		if v, ok := b.Settings[a.Name]; ok && !a.Sensitive {
			out[a.Name] = v
		}
	}
	return out
}

func backendSchema(attrs []BackendAttribute) *hcl.BodySchema {
	s := &hcl.BodySchema{}
	for _, a := range attrs {
		s.Attributes = append(s.Attributes, hcl.AttributeSchema{Name: a.Name, Required: a.Required})
	}
	return s
}

// decodeBackend decodes the backend block of the relctl block r.
func decodeBackend(r *Relctl, b *hcl.Block) hcl.Diagnostics {
	typ := b.Labels[0]
	if r.Backend != nil {
		return hcl.Diagnostics{{
			Severity: hcl.DiagError,
			Summary:  "Duplicate backend",
			Detail:   fmt.Sprintf("A backend %q was already declared at %s. The state lives in one backend: remove one of the blocks (relctl state migrate moves a state between backends).", r.Backend.Type, r.Backend.DeclRange),
			Subject:  b.DefRange.Ptr(),
		}}
	}
	attrs, ok := BackendTypes[typ]
	if !ok {
		d := &hcl.Diagnostic{
			Severity: hcl.DiagError,
			Summary:  "Unknown backend type",
			Detail:   fmt.Sprintf("There is no backend type %q. The backend types are %s.", typ, quoteList(BackendTypeNames())),
			Subject:  b.LabelRanges[0].Ptr(),
		}
		if s := suggest(typ, BackendTypeNames()); s != "" {
			d.Detail += fmt.Sprintf(" Did you mean %q?", s)
		}
		return hcl.Diagnostics{d}
	}
	content, diags := b.Body.Content(backendSchema(attrs))
	be := &Backend{Type: typ, Settings: map[string]string{}, DeclRange: b.DefRange, TypeRange: b.LabelRanges[0]}
	for _, attr := range attrs {
		a, ok := content.Attributes[attr.Name]
		if !ok {
			continue
		}
		s, d := literalString(a)
		diags = append(diags, d...)
		if !d.HasErrors() && s != "" {
			be.Settings[attr.Name] = s
		}
		if attr.Sensitive {
			be.SecretRanges = append(be.SecretRanges, a.Expr.Range())
		}
	}
	r.Backend = be
	return diags
}

// PublicSource returns the bytes of the configuration file name with the
// values of sensitive backend settings replaced by "(sensitive)": what a
// plan may keep of the file.
func (c *Config) PublicSource(name string) []byte {
	src := c.Sources[name]
	if c.Relctl == nil || c.Relctl.Backend == nil {
		return src
	}
	out := append([]byte(nil), src...)
	ranges := c.Relctl.Backend.SecretRanges
	for i := len(ranges) - 1; i >= 0; i-- {
		r := ranges[i]
		if r.Filename != name || r.End.Byte > len(out) {
			continue
		}
		out = append(out[:r.Start.Byte], append([]byte(`"(sensitive)"`), out[r.End.Byte:]...)...)
	}
	return out
}

package providers

import (
	"fmt"
	"sort"
)

// Factory makes a new, unconfigured provider instance.
type Factory func() Provider

// Registry knows the providers relctl can use, by name.
type Registry struct {
	factories map[string]Factory
	schemas   map[string]ProviderSchema
}

// NewRegistry returns a registry of the given providers.
func NewRegistry(factories map[string]Factory) *Registry {
	r := &Registry{factories: factories, schemas: map[string]ProviderSchema{}}
	for name, f := range factories {
		r.schemas[name] = f().Schema()
	}
	return r
}

// Names returns the provider names in sorted order.
func (r *Registry) Names() []string {
	names := make([]string, 0, len(r.factories))
	for n := range r.factories {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}

// Schema returns the schema of the named provider.
func (r *Registry) Schema(provider string) (ProviderSchema, bool) {
	s, ok := r.schemas[provider]
	return s, ok
}

// New makes a new instance of the named provider.
func (r *Registry) New(provider string) (Provider, error) {
	f, ok := r.factories[provider]
	if !ok {
		return nil, fmt.Errorf("unknown provider %q", provider)
	}
	return f(), nil
}

// ActionType finds the provider offering an action type and its schema.
func (r *Registry) ActionType(typ string) (provider string, schema ActionSchema, ok bool) {
	for _, name := range r.Names() {
		if s, found := r.schemas[name].Actions[typ]; found {
			return name, s, true
		}
	}
	return "", ActionSchema{}, false
}

// ActionTypes returns every action type offered, sorted.
func (r *Registry) ActionTypes() []string {
	var all []string
	for _, s := range r.schemas {
		for t := range s.Actions {
			all = append(all, t)
		}
	}
	sort.Strings(all)
	return all
}

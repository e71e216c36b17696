package providers

import (
	"sort"

	"github.com/zclconf/go-cty/cty"
)

// ProviderSchema describes a provider block and the action types it offers.
type ProviderSchema struct {
	// Config describes the attributes of the provider block.
	Config map[string]Attribute
	// Actions maps action type names ("git_tag") to their schemas.
	Actions map[string]ActionSchema
	// CredentialEnv names the environment variables the provider reads
	// credentials from. Their values are secrets: apply keeps them out of
	// the state and the logs.
	CredentialEnv []string
}

// Attribute describes one attribute of a provider block or action.
type Attribute struct {
	Type        cty.Type
	Required    bool
	Description string
	// Sensitive values are never written to plan, state or logs: the
	// planner stores the expression and evaluates it again at apply.
	Sensitive bool
}

// ActionSchema describes an action type.
type ActionSchema struct {
	Description string
	Attributes  map[string]Attribute
	// Outputs are the values an applied action exposes to later actions
	// as action.TYPE.NAME.OUTPUT.
	Outputs map[string]cty.Type
}

// ObjectType is the cty object type of a set of attributes.
func ObjectType(attrs map[string]Attribute) cty.Type {
	m := make(map[string]cty.Type, len(attrs))
	for name, a := range attrs {
		m[name] = a.Type
	}
	return cty.Object(m)
}

// OutputType is the cty object type of an action's outputs.
func (s ActionSchema) OutputType() cty.Type {
	return cty.Object(s.Outputs)
}

// AttributeNames returns the names of attrs in sorted order.
func AttributeNames(attrs map[string]Attribute) []string {
	names := make([]string, 0, len(attrs))
	for n := range attrs {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}

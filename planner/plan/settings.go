package plan

import (
	"fmt"

	"github.com/zclconf/go-cty/cty"
	ctyjson "github.com/zclconf/go-cty/cty/json"

	"github.com/relctl/relctl/providers"
)

// ProviderConfig decodes a provider's configuration saved in the plan.
// Sensitive attributes are null; providers read secrets from the
// environment.
func ProviderConfig(p *Plan, name string, schema providers.ProviderSchema) (cty.Value, error) {
	ty := providers.ObjectType(schema.Config)
	data, ok := p.Settings.Providers[name]
	if !ok {
		vals := map[string]cty.Value{}
		for n, a := range schema.Config {
			vals[n] = cty.NullVal(a.Type)
		}
		return cty.ObjectVal(vals), nil
	}
	v, err := ctyjson.Unmarshal(data, ty)
	if err != nil {
		return cty.NilVal, fmt.Errorf("provider %q configuration in the plan: %w", name, err)
	}
	return v, nil
}

// EnvVarPrefix prefixes environment variables that set relctl variables.
const EnvVarPrefix = "RELCTL_VAR_"

// WhyNotSelected is the reason given for a component that the release's
// components expression does not name.
const WhyNotSelected = "not selected by release.components"

package config

import (
	"github.com/hashicorp/hcl/v2"

	"github.com/relctl/relctl/providers"
)

// attributeSchema turns provider attribute descriptions into an HCL body
// schema, so that unknown and missing attributes are reported by HCL
// itself (with "did you mean" suggestions).
func attributeSchema(attrs map[string]providers.Attribute) *hcl.BodySchema {
	s := &hcl.BodySchema{}
	for _, name := range providers.AttributeNames(attrs) {
		s.Attributes = append(s.Attributes, hcl.AttributeSchema{Name: name, Required: attrs[name].Required})
	}
	return s
}

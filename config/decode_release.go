package config

import (
	"fmt"

	"github.com/hashicorp/hcl/v2"
)

// Version schemes and bumps a strategy may name.
var (
	Schemes = []string{"semver", "maven", "calver"}
	Bumps   = []string{"major", "minor", "patch", "prerelease", "snapshot", "custom", "auto"}
)

// StrategyScope are the names a strategy's tag and branch templates see
// besides var and local.
var StrategyScope = []string{"version", "major", "minor", "patch", "prerelease", "name"}

func decodeStrategy(cfg *Config, b *hcl.Block) hcl.Diagnostics {
	name := b.Labels[0]
	if d := validName("strategy", b, 0); d != nil {
		return hcl.Diagnostics{d}
	}
	if prev, ok := cfg.Strategies[name]; ok {
		return hcl.Diagnostics{duplicate("strategy", name, b, prev.DeclRange)}
	}
	content, diags := b.Body.Content(strategySchema)
	s := &Strategy{Name: name, Scheme: "semver", Bump: "patch", PrereleaseID: "rc", DeclRange: b.DefRange}
	attrs := content.Attributes
	str := func(key string, dst *string, rng *hcl.Range, allowed []string) {
		a, ok := attrs[key]
		if !ok {
			return
		}
		v, d := literalString(a)
		diags = append(diags, d...)
		if d.HasErrors() {
			return
		}
		if allowed != nil {
			if d := oneOf(a, v, allowed...); d != nil {
				diags = append(diags, d)
				return
			}
		}
		*dst = v
		if rng != nil {
			*rng = a.Expr.Range()
		}
	}
	str("scheme", &s.Scheme, &s.SchemeRange, Schemes)
	str("bump", &s.Bump, &s.BumpRange, Bumps)
	str("initial", &s.Initial, &s.InitialRange, nil)
	str("prerelease_id", &s.PrereleaseID, nil, nil)
	if a, ok := attrs["custom"]; ok {
		s.Custom = a.Expr
	}
	if s.Bump == "custom" && s.Custom == nil {
		diags = append(diags, &hcl.Diagnostic{
			Severity: hcl.DiagError,
			Summary:  "Missing custom version",
			Detail:   fmt.Sprintf("Strategy %q uses bump = \"custom\", which needs a custom argument giving the version to release.", name),
			Subject:  s.BumpRange.Ptr(),
		})
	}
	if a, ok := attrs["tag"]; ok {
		s.Tag = a.Expr
	}
	if a, ok := attrs["branch"]; ok {
		s.Branch = a.Expr
	}
	cfg.Strategies[name] = s
	return diags
}

func decodeComponent(cfg *Config, b *hcl.Block) hcl.Diagnostics {
	name := b.Labels[0]
	if d := validName("component", b, 0); d != nil {
		return hcl.Diagnostics{d}
	}
	if prev, ok := cfg.Components[name]; ok {
		return hcl.Diagnostics{duplicate("component", name, b, prev.DeclRange)}
	}
	content, diags := b.Body.Content(componentSchema)
	c := &Component{Name: name, DeclRange: b.DefRange}
	for key, dst := range map[string]*hcl.Expression{
		"for_each": &c.ForEach, "repo": &c.Repo, "url": &c.URL, "version": &c.Version,
		"strategy": &c.Strategy, "depends_on": &c.DependsOn,
	} {
		if a, ok := content.Attributes[key]; ok {
			*dst = a.Expr
		}
	}
	cfg.Components[name] = c
	return diags
}

func decodeRelease(cfg *Config, b *hcl.Block) hcl.Diagnostics {
	if cfg.Release != nil {
		return hcl.Diagnostics{duplicate("release block", "release", b, cfg.Release.DeclRange)}
	}
	content, diags := b.Body.Content(releaseSchema)
	r := &Release{DeclRange: b.DefRange}
	for key, dst := range map[string]*hcl.Expression{
		"name": &r.Name, "version": &r.Version, "components": &r.Components,
		"cascade": &r.Cascade, "force": &r.Force,
	} {
		if a, ok := content.Attributes[key]; ok {
			*dst = a.Expr
		}
	}
	cfg.Release = r
	return diags
}

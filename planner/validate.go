package planner

import (
	"fmt"

	"github.com/Masterminds/semver/v3"
	"github.com/hashicorp/hcl/v2"

	"github.com/relctl/relctl/config"
	"github.com/relctl/relctl/planner/version"
)

// Validate makes the checks that need no provider and no variable value
// beyond what config checks: the relctl version constraint and the
// strategies' literal versions.
func Validate(cfg *config.Config, opts Options) hcl.Diagnostics {
	diags := validateCalls(cfg)
	if r := cfg.Relctl; r != nil && r.RequiredVersion != "" && opts.RelctlVersion != "" {
		c, err := semver.NewConstraint(r.RequiredVersion)
		if err != nil {
			diags = append(diags, &hcl.Diagnostic{Severity: hcl.DiagError, Summary: "Invalid required_version", Detail: fmt.Sprintf("%q is not a version constraint: %s.", r.RequiredVersion, err), Subject: r.DeclRange.Ptr()})
		} else if v, err := semver.NewVersion(opts.RelctlVersion); err == nil && !c.Check(v) {
			diags = append(diags, &hcl.Diagnostic{Severity: hcl.DiagError, Summary: "Unsupported relctl version", Detail: fmt.Sprintf("This configuration requires relctl %s, but this is relctl %s.", r.RequiredVersion, opts.RelctlVersion), Subject: r.DeclRange.Ptr()})
		}
	}
	for _, name := range sortedNames(cfg.Strategies) {
		s := cfg.Strategies[name]
		if s.Initial != "" {
			if _, err := version.Parse(version.Scheme(s.Scheme), s.Initial); err != nil {
				diags = append(diags, &hcl.Diagnostic{Severity: hcl.DiagError, Summary: "Invalid initial version", Detail: fmt.Sprintf("Strategy %q: %s.", name, err), Subject: s.InitialRange.Ptr()})
			}
		}
		if s.Bump == "prerelease" && s.Scheme != "semver" {
			diags = append(diags, &hcl.Diagnostic{Severity: hcl.DiagError, Summary: "Invalid bump for scheme", Detail: fmt.Sprintf("Strategy %q: bump \"prerelease\" needs scheme \"semver\", not %q.", name, s.Scheme), Subject: s.BumpRange.Ptr()})
		}
		if s.Bump == "snapshot" && s.Scheme != "maven" {
			diags = append(diags, &hcl.Diagnostic{Severity: hcl.DiagError, Summary: "Invalid bump for scheme", Detail: fmt.Sprintf("Strategy %q: bump \"snapshot\" needs scheme \"maven\", not %q.", name, s.Scheme), Subject: s.BumpRange.Ptr()})
		}
	}
	return diags
}

package config

import (
	"fmt"

	"github.com/hashicorp/hcl/v2"
)

// ManifestFormats are the manifest layouts relctl reads.
var ManifestFormats = []string{"gravitee"}

func decodeManifest(cfg *Config, b *hcl.Block) hcl.Diagnostics {
	name := b.Labels[0]
	if d := validName("manifest", b, 0); d != nil {
		return hcl.Diagnostics{d}
	}
	if prev, ok := cfg.Manifests[name]; ok {
		return hcl.Diagnostics{duplicate("manifest", name, b, prev.DeclRange)}
	}
	content, diags := b.Body.Content(manifestSchema)
	m := &Manifest{Name: name, Format: "gravitee", DeclRange: b.DefRange}
	diags = append(diags, enum(content.Attributes, "format", &m.Format, ManifestFormats...)...)
	if a, ok := content.Attributes["path"]; ok {
		m.Path = a.Expr
	}
	for _, gb := range content.Blocks {
		if m.GitHub != nil {
			diags = append(diags, duplicate("github block in manifest", name, gb, m.GitHub.DeclRange))
			continue
		}
		gc, d := gb.Body.Content(manifestGitHubSchema)
		diags = append(diags, d...)
		if d.HasErrors() {
			continue
		}
		src := &ManifestSource{Repo: gc.Attributes["repo"].Expr, DeclRange: gb.DefRange}
		if a, ok := gc.Attributes["path"]; ok {
			src.Path = a.Expr
		}
		if a, ok := gc.Attributes["ref"]; ok {
			src.Ref = a.Expr
		}
		m.GitHub = src
	}
	if m.Path == nil && m.GitHub == nil {
		diags = append(diags, &hcl.Diagnostic{
			Severity: hcl.DiagError,
			Summary:  "Missing manifest source",
			Detail:   fmt.Sprintf("Manifest %q needs either a path argument (a local file) or a github block (a file in a repository).", name),
			Subject:  b.DefRange.Ptr(),
		})
	}
	if m.Path != nil && m.GitHub != nil {
		diags = append(diags, &hcl.Diagnostic{
			Severity: hcl.DiagError,
			Summary:  "Conflicting manifest sources",
			Detail:   fmt.Sprintf("Manifest %q has both a path argument and a github block; keep one.", name),
			Subject:  m.GitHub.DeclRange.Ptr(),
		})
	}
	cfg.Manifests[name] = m
	return diags
}

func decodeMilestone(cfg *Config, b *hcl.Block) hcl.Diagnostics {
	name := b.Labels[0]
	if d := validName("milestone", b, 0); d != nil {
		return hcl.Diagnostics{d}
	}
	if prev, ok := cfg.Milestones[name]; ok {
		return hcl.Diagnostics{duplicate("milestone", name, b, prev.DeclRange)}
	}
	content, diags := b.Body.Content(milestoneSchema)
	m := &Milestone{Name: name, Notes: DefaultNotes(), DeclRange: b.DefRange}
	for i, nb := range content.Blocks {
		if i > 0 {
			diags = append(diags, &hcl.Diagnostic{
				Severity: hcl.DiagError,
				Summary:  "Duplicate notes block",
				Detail:   fmt.Sprintf("Milestone %q already has a notes block at %s; write its settings in one block.", name, content.Blocks[0].DefRange),
				Subject:  nb.DefRange.Ptr(),
			})
			continue
		}
		notes, d := decodeNotes(nb)
		diags = append(diags, d...)
		m.Notes = notes
	}
	attrs := content.Attributes
	if a, ok := attrs["repo"]; ok {
		m.Repo = a.Expr
	}
	if a, ok := attrs["title"]; ok {
		m.Title = a.Expr
	}
	if a, ok := attrs["number"]; ok {
		m.Number = a.Expr
	}
	if a, ok := attrs["component_label_prefix"]; ok {
		m.ComponentLabelPrefix = a.Expr
	}
	if a, ok := attrs["linked_pull_requests"]; ok {
		m.LinkedPullRequests = a.Expr
	}
	if (m.Title == nil) == (m.Number == nil) {
		diags = append(diags, &hcl.Diagnostic{
			Severity: hcl.DiagError,
			Summary:  "Milestone needs a title or a number",
			Detail:   fmt.Sprintf("Milestone %q must name the milestone by exactly one of title or number.", name),
			Subject:  b.DefRange.Ptr(),
		})
	}
	cfg.Milestones[name] = m
	return diags
}

package config

import (
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/hashicorp/hcl/v2"

	"github.com/relctl/relctl/providers"
)

// FileSuffix is the suffix of relctl configuration files.
const FileSuffix = ".rel.hcl"

// Schemas tells the decoder which providers and action types exist.
// providers.Registry implements it.
type Schemas interface {
	Schema(provider string) (providers.ProviderSchema, bool)
	ActionType(typ string) (provider string, schema providers.ActionSchema, ok bool)
	ActionTypes() []string
	Names() []string
}

// Load reads every *.rel.hcl file in dir and decodes them into one
// configuration, making every static check. The returned Config is usable
// for rendering diagnostics (its Files) even when there are errors.
func Load(dir string, schemas Schemas) (*Config, hcl.Diagnostics) {
	cfg := newConfig(dir)
	names, err := configFiles(dir)
	if err != nil {
		return cfg, hcl.Diagnostics{{
			Severity: hcl.DiagError,
			Summary:  "Cannot read configuration directory",
			Detail:   fmt.Sprintf("Reading %s failed: %s.", dir, err),
		}}
	}
	if len(names) == 0 {
		return cfg, hcl.Diagnostics{{
			Severity: hcl.DiagError,
			Summary:  "No configuration files",
			Detail:   fmt.Sprintf("The directory %s contains no *%s files. Run relctl in the directory of the release configuration, or pass -chdir=DIR.", dir, FileSuffix),
		}}
	}
	var diags hcl.Diagnostics
	for _, name := range names {
		src, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil {
			diags = append(diags, &hcl.Diagnostic{Severity: hcl.DiagError, Summary: "Cannot read file", Detail: err.Error()})
			continue
		}
		f, fd := parseFile(src, name)
		diags = append(diags, fd...)
		cfg.Sources[name] = src
		if f != nil {
			cfg.Files[name] = f
		}
	}
	if diags.HasErrors() {
		return cfg, diags
	}
	return cfg, append(diags, decode(cfg, names, schemas)...)
}

func newConfig(dir string) *Config {
	return &Config{
		Dir:        dir,
		Files:      map[string]*hcl.File{},
		Sources:    map[string][]byte{},
		Variables:  map[string]*Variable{},
		Locals:     map[string]*Local{},
		Providers:  map[string]*Provider{},
		Manifests:  map[string]*Manifest{},
		Milestones: map[string]*Milestone{},
		Strategies: map[string]*Strategy{},
		Components: map[string]*Component{},
	}
}

// configFiles lists the *.rel.hcl files of dir, sorted.
func configFiles(dir string) ([]string, error) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, err
	}
	var names []string
	for _, e := range entries {
		if !e.IsDir() && strings.HasSuffix(e.Name(), FileSuffix) {
			names = append(names, e.Name())
		}
	}
	sort.Strings(names)
	return names, nil
}

func decode(cfg *Config, names []string, schemas Schemas) hcl.Diagnostics {
	var diags hcl.Diagnostics
	for _, name := range names {
		f := cfg.Files[name]
		content, cd := f.Body.Content(fileSchema)
		diags = append(diags, cd...)
		for _, b := range content.Blocks {
			diags = append(diags, decodeBlock(cfg, b, schemas)...)
		}
	}
	if diags.HasErrors() {
		return diags
	}
	diags = append(diags, check(cfg, schemas)...)
	if !diags.HasErrors() {
		releaseSyntax(cfg, names)
	}
	return diags
}

func decodeBlock(cfg *Config, b *hcl.Block, schemas Schemas) hcl.Diagnostics {
	switch b.Type {
	case "relctl":
		return decodeRelctl(cfg, b)
	case "variable":
		return decodeVariable(cfg, b)
	case "locals":
		return decodeLocals(cfg, b)
	case "provider":
		return decodeProvider(cfg, b, schemas)
	case "manifest":
		return decodeManifest(cfg, b)
	case "milestone":
		return decodeMilestone(cfg, b)
	case "strategy":
		return decodeStrategy(cfg, b)
	case "component":
		return decodeComponent(cfg, b)
	case "release":
		return decodeRelease(cfg, b)
	case "stage":
		return decodeStage(cfg, b, schemas)
	}
	return nil
}

// duplicate reports a second declaration of a named block.
func duplicate(kind, name string, b *hcl.Block, prev hcl.Range) *hcl.Diagnostic {
	return &hcl.Diagnostic{
		Severity: hcl.DiagError,
		Summary:  fmt.Sprintf("Duplicate %s %q", kind, name),
		Detail:   fmt.Sprintf("A %s named %q was already declared at %s. Names must be unique within a configuration.", kind, name, prev),
		Subject:  b.DefRange.Ptr(),
	}
}

// validName checks a block label is a usable identifier.
func validName(kind string, b *hcl.Block, idx int) *hcl.Diagnostic {
	name := b.Labels[idx]
	if hclValidIdentifier(name) {
		return nil
	}
	return &hcl.Diagnostic{
		Severity: hcl.DiagError,
		Summary:  fmt.Sprintf("Invalid %s name", kind),
		Detail:   fmt.Sprintf("%q is not a valid name: a name starts with a letter or underscore and contains only letters, digits, underscores and dashes.", name),
		Subject:  b.LabelRanges[idx].Ptr(),
	}
}

package config

import (
	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/zclconf/go-cty/cty"
)

// Config is one configuration: every *.rel.hcl file of a directory.
type Config struct {
	Dir string
	// Files are the parsed files by name, for diagnostics snippets. Once
	// the configuration is decoded without errors a file keeps only its
	// Bytes and its Nav (the block around a position), not its syntax
	// tree: Body is nil.
	Files map[string]*hcl.File
	// Calls are the function calls of the files (in file name order),
	// except in variables' type constraints, for the planner's check of
	// function names; set once decoded without errors.
	Calls []*hclsyntax.FunctionCallExpr
	// Sources are the files' bytes by name (relative to Dir).
	Sources map[string][]byte

	Relctl     *Relctl
	Variables  map[string]*Variable
	Locals     map[string]*Local
	Providers  map[string]*Provider
	Manifests  map[string]*Manifest
	Milestones map[string]*Milestone
	Strategies map[string]*Strategy
	Components map[string]*Component
	Release    *Release
	// Stages in the order they are written.
	Stages []*Stage
}

// Relctl is the relctl settings block.
type Relctl struct {
	RequiredVersion string
	StatePath       string
	Parallelism     int
	// Backend is nil when the configuration names none: the state is
	// then the local file StatePath.
	Backend *Backend
	// Rollback is the relctl block's rollback block (nil: none).
	Rollback  *Rollback
	DeclRange hcl.Range
}

// Variable is a variable block.
type Variable struct {
	Name        string
	Description string
	Type        cty.Type
	// Default is cty.NilVal when the variable is required.
	Default     cty.Value
	Sensitive   bool
	Validations []*Validation
	DeclRange   hcl.Range
}

// Validation is a validation rule of a variable.
type Validation struct {
	Condition    hcl.Expression
	ErrorMessage hcl.Expression
	DeclRange    hcl.Range
}

// Local is one named value of a locals block.
type Local struct {
	Name      string
	Expr      hcl.Expression
	DeclRange hcl.Range
}

// Provider is a provider block; its attributes are decoded against the
// provider's schema.
type Provider struct {
	Name      string
	Attrs     map[string]*hcl.Attribute
	DeclRange hcl.Range
}

// Manifest is a manifest block: a release.json from a file or a repository.
type Manifest struct {
	Name   string
	Format string
	Path   hcl.Expression
	// GitHub is set when the manifest is read from a repository.
	GitHub    *ManifestSource
	DeclRange hcl.Range
}

// ManifestSource is a manifest's github block.
type ManifestSource struct {
	Repo, Path, Ref hcl.Expression
	DeclRange       hcl.Range
}

// Milestone is a milestone block.
type Milestone struct {
	Name                 string
	Repo                 hcl.Expression
	Title                hcl.Expression
	Number               hcl.Expression
	ComponentLabelPrefix hcl.Expression
	LinkedPullRequests   hcl.Expression
	// Notes says how release notes group the milestone's issues; never
	// nil (DefaultNotes without a notes block).
	Notes     *Notes
	DeclRange hcl.Range
}

// Strategy is a version strategy block. Tag and Branch are templates
// evaluated per component with version, major, minor, patch, prerelease
// and name in scope.
type Strategy struct {
	Name         string
	Scheme       string
	Bump         string
	Initial      string
	PrereleaseID string
	Custom       hcl.Expression
	Tag          hcl.Expression
	Branch       hcl.Expression
	DeclRange    hcl.Range
	// Ranges of the literal attributes, for diagnostics.
	SchemeRange, BumpRange, InitialRange hcl.Range
}

// Component is a component block, possibly expanded by for_each.
type Component struct {
	Name      string
	ForEach   hcl.Expression
	Repo      hcl.Expression
	URL       hcl.Expression
	Version   hcl.Expression
	Strategy  hcl.Expression
	DependsOn hcl.Expression
	DeclRange hcl.Range
}

// Release is the release block.
type Release struct {
	Name       hcl.Expression
	Version    hcl.Expression
	Components hcl.Expression
	Cascade    hcl.Expression
	Force      hcl.Expression
	DeclRange  hcl.Range
}

// Stage is a stage block.
type Stage struct {
	Name      string
	DependsOn []StageRef
	ForEach   hcl.Expression
	Order     string
	OnFailure string
	Actions   []*Action
	// Rollback is the stage's rollback block (nil: the relctl block's).
	Rollback  *Rollback
	DeclRange hcl.Range
}

// StageRef is a reference to another stage in depends_on.
type StageRef struct {
	Name  string
	Range hcl.Range
}

// Stage orders and failure modes.
const (
	OrderDependencies = "dependencies"
	OrderParallel     = "parallel"
	OnFailureHalt     = "halt"
	OnFailureContinue = "continue"
)

// Action is an action block of a stage.
type Action struct {
	Type string
	Name string
	// Attrs are the arguments of the action type's schema.
	Attrs map[string]*hcl.Attribute
	// Enabled is the enabled meta-argument (nil when absent: enabled): a
	// bool decided per instance at plan time. A disabled action stays in
	// the plan, skipped, and apply does not perform it.
	Enabled   *hcl.Attribute
	DeclRange hcl.Range
	TypeRange hcl.Range
}

// Stage returns the named stage.
func (c *Config) Stage(name string) *Stage {
	for _, s := range c.Stages {
		if s.Name == name {
			return s
		}
	}
	return nil
}

package main

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/hashicorp/hcl/v2"

	"github.com/relctl/relctl/cmd/relctl/views"
	"github.com/relctl/relctl/config/manifest"
	"github.com/relctl/relctl/state/atomicfile"
)

// ManifestCmd groups the commands on a release manifest (release.json).
type ManifestCmd struct {
	Check ManifestCheckCmd `cmd:"" help:"Validate a release.json: syntax, layout, layers covering every component to release, duplicates."`
	Show  ManifestShowCmd  `cmd:"" help:"Show a release.json: components, versions, what is marked for release, layers."`
	Set   ManifestSetCmd   `cmd:"" help:"Change versions in a release.json in place, keeping its formatting."`
}

// ManifestCheckCmd validates a manifest.
type ManifestCheckCmd struct {
	File    string   `arg:"" name:"file" help:"The release.json (relative to -chdir)."`
	Release []string `name:"release" placeholder:"NAME" help:"Components to release (repeatable or comma-separated); default: those at a -SNAPSHOT version."`
}

// Run checks the manifest; warnings are printed, errors make it fail.
func (c *ManifestCheckCmd) Run(g *Globals, env *Env) error {
	m, err := loadManifest(g, env, c.File)
	if err != nil {
		return err
	}
	release := m.Snapshots()
	if c.Release != nil {
		release = uniqueNames(c.Release)
	}
	diags := m.Check(release)
	if err := writeDiagnostics(env, manifestFiles(m), diags); err != nil {
		return err
	}
	fmt.Fprintf(env.Stdout, "%s: %s, %d to release, %s%s\n", c.File,
		plural(len(m.Components), "component"), len(release), plural(len(m.Layers), "layer"), warningCount(diags))
	return nil
}

// loadManifest reads and parses FILE, resolved against -chdir; syntax and
// layout errors are rendered and returned as a reported error. Parse
// warnings are left for the caller to print.
func loadManifest(g *Globals, env *Env, file string) (*manifest.Manifest, error) {
	src, err := os.ReadFile(manifestPath(g, file))
	if err != nil {
		var pe *fs.PathError
		if errors.As(err, &pe) {
			pe.Path = file // as the user wrote it, not resolved against -chdir
		}
		return nil, fmt.Errorf("reading manifest: %w", err)
	}
	m, diags := manifest.Parse(file, src)
	if diags.HasErrors() {
		return nil, writeDiagnostics(env, map[string]*hcl.File{file: {Bytes: src}}, diags)
	}
	return m, nil
}

// manifestPath resolves a FILE argument: relative paths are relative to
// the -chdir directory, as every path relctl reads.
func manifestPath(g *Globals, file string) string {
	if filepath.IsAbs(file) || g.Chdir == "" {
		return file
	}
	return filepath.Join(g.Chdir, file)
}

func manifestFiles(m *manifest.Manifest) map[string]*hcl.File {
	return map[string]*hcl.File{m.Path: {Bytes: m.Bytes()}}
}

// uniqueNames trims and de-duplicates names; the result is never nil, so
// that an explicit empty --release means "nothing to release".
func uniqueNames(names []string) []string {
	out := []string{}
	for _, n := range names {
		if n = strings.TrimSpace(n); n != "" && !slices.Contains(out, n) {
			out = append(out, n)
		}
	}
	return out
}

func plural(n int, word string) string {
	if n == 1 {
		return fmt.Sprintf("1 %s", word)
	}
	return fmt.Sprintf("%d %ss", n, word)
}

func warningCount(diags hcl.Diagnostics) string {
	n := 0
	for _, d := range diags {
		if d.Severity == hcl.DiagWarning {
			n++
		}
	}
	if n == 0 {
		return ""
	}
	return ", " + plural(n, "warning")
}

// ManifestSetCmd changes versions in place.
type ManifestSetCmd struct {
	File       string   `arg:"" name:"file" help:"The release.json (relative to -chdir)."`
	Versions   []string `arg:"" optional:"" name:"name=version" help:"Component versions to set, e.g. gravitee-gateway=3.9.0."`
	TopVersion string   `name:"top-version" placeholder:"VERSION" help:"Also set the top-level \"version\" of the manifest."`
}

// Help is the detailed help of relctl manifest set.
func (c *ManifestSetCmd) Help() string {
	return `Sets each NAME's "version" to VERSION, and with --top-version the
manifest's own "version". Only the bytes of those values change: key
order, spacing, indentation and the final newline stay as they are. A
component without a "version" key gets one after its "name", written in
the file's style. The file is replaced atomically; on any error (an
unknown component, an invalid version: empty, or with whitespace or
quotes) nothing is written.`
}

// Run sets the versions and writes the manifest back.
func (c *ManifestSetCmd) Run(g *Globals, env *Env) error {
	set, err := parseAssignments(c.Versions)
	if err != nil {
		return err
	}
	if c.TopVersion != "" {
		if err := manifest.ValidateVersion(c.TopVersion); err != nil {
			return fmt.Errorf("--top-version: %w", err)
		}
	}
	if len(set) == 0 && c.TopVersion == "" {
		return errors.New("nothing to set: give NAME=VERSION arguments or --top-version")
	}
	m, err := loadManifest(g, env, c.File)
	if err != nil {
		return err
	}
	if err := writeDiagnostics(env, manifestFiles(m), m.Warnings()); err != nil {
		return err
	}
	out, err := m.WithVersions(c.TopVersion, set)
	if err != nil {
		return err
	}
	changes := describeChanges(m, c.TopVersion, set)
	if bytes.Equal(out, m.Bytes()) {
		fmt.Fprintf(env.Stdout, "%s: no change, the versions are already set\n", c.File)
		return nil
	}
	if err := writeManifest(manifestPath(g, c.File), out); err != nil {
		return err
	}
	fmt.Fprintf(env.Stdout, "%s: set %s\n%s", c.File, plural(len(changes), "version"), strings.Join(changes, ""))
	return nil
}

// parseAssignments reads NAME=VERSION arguments.
func parseAssignments(args []string) (map[string]string, error) {
	set := map[string]string{}
	for _, a := range args {
		name, version, ok := strings.Cut(a, "=")
		if !ok || name == "" {
			return nil, fmt.Errorf("invalid argument %q: expected NAME=VERSION", a)
		}
		if err := manifest.ValidateVersion(version); err != nil {
			return nil, fmt.Errorf("argument %q: %w", a, err)
		}
		if prev, dup := set[name]; dup && prev != version {
			return nil, fmt.Errorf("component %q is given two versions, %s and %s", name, prev, version)
		}
		set[name] = version
	}
	return set, nil
}

// describeChanges lists the values that change, top-level version first.
func describeChanges(m *manifest.Manifest, top string, set map[string]string) []string {
	var lines []string
	if top != "" && top != m.Version {
		lines = append(lines, fmt.Sprintf("  (top-level version): %s -> %s\n", m.Version, top))
	}
	names := make([]string, 0, len(set))
	for name := range set {
		names = append(names, name)
	}
	slices.Sort(names)
	for _, name := range names {
		c, _ := m.Component(name)
		switch {
		case !c.Explicit:
			lines = append(lines, fmt.Sprintf("  %s: (top-level %s) -> %s\n", name, c.Version, set[name]))
		case c.Version != set[name]:
			lines = append(lines, fmt.Sprintf("  %s: %s -> %s\n", name, c.Version, set[name]))
		}
	}
	return lines
}

// writeManifest replaces the manifest atomically, keeping its mode; a
// symbolic link is followed so that the file it points to is replaced.
func writeManifest(path string, data []byte) error {
	target, err := filepath.EvalSymlinks(path)
	if err != nil {
		return fmt.Errorf("writing manifest: %w", err)
	}
	info, err := os.Stat(target)
	if err != nil {
		return fmt.Errorf("writing manifest: %w", err)
	}
	if err := atomicfile.WriteFile(target, data, info.Mode().Perm()); err != nil {
		return fmt.Errorf("writing manifest %s: %w", path, err)
	}
	return nil
}

// ManifestShowCmd renders a manifest.
type ManifestShowCmd struct {
	JSON bool   `name:"json" help:"Print a JSON document (see the help for its fields)."`
	File string `arg:"" name:"file" help:"The release.json (relative to -chdir)."`
}

// Help documents the JSON output, an interface scripts rely on.
func (c *ManifestShowCmd) Help() string {
	return `Without --json, prints the manifest's name and version, the components
in file order with their effective versions (those at a -SNAPSHOT version
are marked with * as to be released) and the layers of buildDependencies.
Warnings go to stderr.

With --json, prints one JSON object whose field names are stable:

  format      "gravitee"
  path        the FILE argument
  sha256      SHA-256 of the file's bytes, hex
  name        top-level "name" ("" when absent)
  version     top-level "version"
  components  in file order (of a component listed twice, the later entry):
              {"name", "version" (effective: the top-level version when the
              entry has none), "explicit" (the entry has its own version),
              "snapshot" (marked for release), "layer" (1-based index of the
              first layer naming it, or null)}
  snapshots   names marked for release, sorted
  layers      buildDependencies as written: a list of lists of names
  depends_on  name -> names of the previous layer that components lists
  warnings    [{"summary", "detail", "filename", "line", "column"}]`
}

// Run prints the manifest.
func (c *ManifestShowCmd) Run(g *Globals, env *Env) error {
	m, err := loadManifest(g, env, c.File)
	if err != nil {
		return err
	}
	if c.JSON {
		return views.WriteManifestJSON(env.Stdout, m)
	}
	if err := writeDiagnostics(env, manifestFiles(m), m.Warnings()); err != nil {
		return err
	}
	return views.WriteManifestText(env.Stdout, m)
}

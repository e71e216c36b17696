package manifest

import (
	"crypto/sha256"
	"encoding/hex"
	"slices"
	"strings"

	"github.com/hashicorp/hcl/v2"
)

// Format is the name of the release.json layout this package reads.
const Format = "gravitee"

// SnapshotSuffix marks a development version, which means "to be released".
const SnapshotSuffix = "-SNAPSHOT"

// Manifest is a parsed release.json. It keeps the original bytes and the
// byte spans of the values it may rewrite.
type Manifest struct {
	Path    string // as given to Parse; the filename of every diagnostic
	Name    string // top-level "name" ("" when absent)
	Version string // top-level "version"
	// Components in file order; of a component listed twice only the later
	// entry is kept.
	Components []Component
	// Layers is "buildDependencies" as written: names in one layer may be
	// built in parallel, each layer after the previous one.
	Layers [][]string

	src        []byte
	pos        *positions
	root       *node
	topVersion *node             // the top-level version value
	entries    map[string]*entry // component name -> its (winning) entry
	layerOf    map[string]int    // name -> first layer naming it
	layersRng  hcl.Range         // the "buildDependencies" key, or the file's first byte
	warnings   hcl.Diagnostics
}

// Component is one entry of "components".
type Component struct {
	Name string
	// Version is the effective version: the top-level version when the
	// entry's version is missing, empty or null.
	Version string
	// Explicit is true when the entry has its own non-empty version.
	Explicit bool
	// Snapshot is true when Version ends in -SNAPSHOT (to be released).
	Snapshot bool
	// Range is the component's object in the file.
	Range hcl.Range
}

// entry is where a component sits in the file.
type entry struct {
	index   int     // in Manifest.Components
	obj     *node   // the component object
	name    *member // its "name" member
	version *member // its "version" member, nil when absent
}

// Component returns the component called name.
func (m *Manifest) Component(name string) (Component, bool) {
	e, ok := m.entries[name]
	if !ok {
		return Component{}, false
	}
	return m.Components[e.index], true
}

// Snapshots returns the names of the components whose version is a
// development version (marked for release), sorted.
func (m *Manifest) Snapshots() []string {
	var names []string
	for _, c := range m.Components {
		if c.Snapshot {
			names = append(names, c.Name)
		}
	}
	slices.Sort(names)
	return names
}

// LayerOf returns the index of the first layer that names name.
func (m *Manifest) LayerOf(name string) (int, bool) {
	i, ok := m.layerOf[name]
	return i, ok
}

// DependsOn maps every component to the components of the layer before its
// own: each layer is built after the previous one. Layer names that
// components does not list are left out, and a layer left empty by that
// is skipped, so that ordering still holds across it. A component of the
// first layer, or of no layer, depends on nothing (an empty list).
func (m *Manifest) DependsOn() map[string][]string {
	deps := make(map[string][]string, len(m.Components))
	for _, c := range m.Components {
		deps[c.Name] = []string{}
	}
	var prev []string
	for i, layer := range m.Layers {
		var cur []string
		for _, name := range layer {
			if _, listed := m.entries[name]; listed && m.layerOf[name] == i && !slices.Contains(cur, name) {
				cur = append(cur, name)
			}
		}
		if len(cur) == 0 {
			continue
		}
		for _, name := range cur {
			deps[name] = slices.Clone(prev)
			if deps[name] == nil {
				deps[name] = []string{}
			}
		}
		prev = cur
	}
	return deps
}

// Bytes returns the original bytes of the manifest.
func (m *Manifest) Bytes() []byte { return m.src }

// Digest is the SHA-256 of the original bytes, in hex.
func (m *Manifest) Digest() string {
	sum := sha256.Sum256(m.src)
	return hex.EncodeToString(sum[:])
}

func isSnapshot(v string) bool { return strings.HasSuffix(v, SnapshotSuffix) }

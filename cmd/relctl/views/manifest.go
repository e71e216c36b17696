package views

import (
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"

	"github.com/relctl/relctl/config/manifest"
)

// ManifestJSON is the document of relctl manifest show --json; its field
// names are a documented interface (see relctl manifest show -h).
type ManifestJSON struct {
	Format     string                  `json:"format"`
	Path       string                  `json:"path"`
	SHA256     string                  `json:"sha256"`
	Name       string                  `json:"name"`
	Version    string                  `json:"version"`
	Components []ManifestComponentJSON `json:"components"`
	Snapshots  []string                `json:"snapshots"`
	Layers     [][]string              `json:"layers"`
	DependsOn  map[string][]string     `json:"depends_on"`
	Warnings   []ManifestWarningJSON   `json:"warnings"`
}

type ManifestComponentJSON struct {
	Name     string `json:"name"`
	Version  string `json:"version"`
	Explicit bool   `json:"explicit"`
	Snapshot bool   `json:"snapshot"`
	Layer    *int   `json:"layer"`
}

type ManifestWarningJSON struct {
	Summary  string `json:"summary"`
	Detail   string `json:"detail"`
	Filename string `json:"filename"`
	Line     int    `json:"line"`
	Column   int    `json:"column"`
}

// WriteManifestJSON writes the document of relctl manifest show -json.
func WriteManifestJSON(w io.Writer, m *manifest.Manifest) error {
	doc := ManifestJSON{
		Format: manifest.Format, Path: m.Path, SHA256: m.Digest(), Name: m.Name, Version: m.Version,
		Components: []ManifestComponentJSON{}, Snapshots: m.Snapshots(), Layers: m.Layers,
		DependsOn: m.DependsOn(), Warnings: []ManifestWarningJSON{},
	}
	if doc.Snapshots == nil {
		doc.Snapshots = []string{}
	}
	if doc.Layers == nil {
		doc.Layers = [][]string{}
	}
	for _, c := range m.Components {
		cj := ManifestComponentJSON{Name: c.Name, Version: c.Version, Explicit: c.Explicit, Snapshot: c.Snapshot}
		if i, ok := m.LayerOf(c.Name); ok {
			cj.Layer = new(i + 1)
		}
		doc.Components = append(doc.Components, cj)
	}
	for _, d := range m.Warnings() {
		doc.Warnings = append(doc.Warnings, ManifestWarningJSON{Summary: d.Summary, Detail: d.Detail,
			Filename: d.Subject.Filename, Line: d.Subject.Start.Line, Column: d.Subject.Start.Column})
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(doc)
}

// writeManifestText renders the manifest for a terminal.
// WriteManifestText writes what relctl manifest show prints: the
// components, their versions, what is marked for release and the layers.
func WriteManifestText(w io.Writer, m *manifest.Manifest) error {
	fmt.Fprintf(w, "Manifest %s (format %s, sha256 %s)\n", m.Path, manifest.Format, m.Digest()[:12])
	fmt.Fprintf(w, "  name:    %s\n  version: %s\n\n", m.Name, m.Version)
	fmt.Fprintf(w, "Components: %d, %d marked for release (*)\n", len(m.Components), len(m.Snapshots()))
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "    NAME\tLAYER\tVERSION")
	for _, c := range m.Components {
		mark, layer, note := " ", "-", ""
		if c.Snapshot {
			mark = "*"
		}
		if i, ok := m.LayerOf(c.Name); ok {
			layer = fmt.Sprint(i + 1)
		}
		if !c.Explicit {
			note = " (top-level version)"
		}
		fmt.Fprintf(tw, "  %s %s\t%s\t%s%s\n", mark, c.Name, layer, c.Version, note)
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	fmt.Fprintf(w, "\nLayers: %d (each built after the previous one)\n", len(m.Layers))
	for i, layer := range m.Layers {
		names := make([]string, len(layer))
		for j, n := range layer {
			names[j] = n
			if _, ok := m.Component(n); !ok {
				names[j] = n + " (not listed)"
			}
		}
		writeWrapped(w, fmt.Sprintf("  %3d  ", i+1), names, 100)
	}
	return nil
}

// writeWrapped writes items joined by ", " after prefix, wrapping lines at
// width with the continuation indented under the first item.
func writeWrapped(w io.Writer, prefix string, items []string, width int) {
	indent := strings.Repeat(" ", len(prefix))
	line := prefix
	for i, it := range items {
		if i < len(items)-1 {
			it += ","
		}
		if len(line) > len(indent) && len(line)+1+len(it) > width {
			fmt.Fprintln(w, line)
			line = indent
		}
		if len(line) > len(indent) {
			line += " "
		}
		line += it
	}
	fmt.Fprintln(w, line)
}

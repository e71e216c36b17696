package manifest

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"
)

// ErrUnknownComponent is returned when a version is set for a component
// the manifest does not list.
var ErrUnknownComponent = errors.New("unknown component")

// ErrInvalidVersion is returned for a version that cannot be written as
// is: empty, or holding whitespace, quotes, backslashes or control
// characters.
var ErrInvalidVersion = errors.New("invalid version")

// ValidateVersion reports whether v can be written as a version.
func ValidateVersion(v string) error {
	if v == "" {
		return fmt.Errorf("%w: the version is empty", ErrInvalidVersion)
	}
	if !utf8.ValidString(v) {
		return fmt.Errorf("%w %q: not UTF-8", ErrInvalidVersion, v)
	}
	for _, r := range v {
		if unicode.IsSpace(r) || unicode.IsControl(r) || strings.ContainsRune("\"'`\\", r) {
			return fmt.Errorf("%w %q: it contains %q", ErrInvalidVersion, v, r)
		}
	}
	return nil
}

// edit replaces src[start:end] with text.
type edit struct {
	start, end int
	text       string
}

// WithVersions returns the manifest text with the top-level version set to
// top (unless top is empty) and each named component's version set. Only
// the bytes of those values change. A component without a version of its
// own follows the top-level version: set to the new top-level version it
// keeps following it and nothing is written into its entry; set to any
// other version it gets a version key, inserted after its name in the
// file's own style (separator, indentation, spacing around the colon).
// Without changes it returns the original bytes.
func (m *Manifest) WithVersions(top string, components map[string]string) ([]byte, error) {
	if err := m.checkSet(top, components); err != nil {
		return nil, err
	}
	var edits []edit
	newTop := m.topVersion.str
	if top != "" && top != m.topVersion.str {
		edits = append(edits, edit{m.topVersion.start, m.topVersion.end, quote(top)})
		newTop = top
	}
	for name, v := range components {
		e := m.entries[name]
		if !m.Components[e.index].Explicit && v == newTop {
			continue // it inherits v from the top-level version
		}
		if e, changed := m.versionEdit(e, v); changed {
			edits = append(edits, e)
		}
	}
	out := applyEdits(m.src, edits)
	if _, serr := scan(out); serr != nil {
		return nil, fmt.Errorf("setting versions in %s produced invalid JSON (%v); nothing was written", m.Path, serr)
	}
	return out, nil
}

func (m *Manifest) checkSet(top string, components map[string]string) error {
	if top != "" {
		if err := ValidateVersion(top); err != nil {
			return fmt.Errorf("top-level version: %w", err)
		}
	}
	var unknown []string
	for name, v := range components {
		if _, ok := m.entries[name]; !ok {
			unknown = append(unknown, fmt.Sprintf("%q", name))
			continue
		}
		if err := ValidateVersion(v); err != nil {
			return fmt.Errorf("component %q: %w", name, err)
		}
	}
	if len(unknown) > 0 {
		slices.Sort(unknown)
		return fmt.Errorf("%w %s: %s does not list it in components", ErrUnknownComponent, strings.Join(unknown, ", "), m.Path)
	}
	return nil
}

// versionEdit sets the version of one component entry.
func (m *Manifest) versionEdit(e *entry, v string) (edit, bool) {
	if e.version != nil {
		val := e.version.value
		if val.kind == kindString && val.str == v {
			return edit{}, false
		}
		return edit{val.start, val.end, quote(v)}, true
	}
	name := e.name
	colon := string(m.src[name.keyEnd:name.value.start])
	text := m.memberSeparator(e.obj, name) + `"version"` + colon + quote(v)
	return edit{name.value.end, name.value.end, text}, true
}

// memberSeparator is the text between two members of obj as the file
// writes it (the comma and the whitespace after it), taken next to name.
func (m *Manifest) memberSeparator(obj *node, name *member) string {
	ms := obj.members
	i := slices.IndexFunc(ms, func(x member) bool { return x.keyStart == name.keyStart })
	switch {
	case i+1 < len(ms):
		return string(m.src[ms[i].value.end:ms[i+1].keyStart])
	case i > 0:
		return string(m.src[ms[i-1].value.end:ms[i].keyStart])
	}
	return "," + string(m.src[obj.start+1:name.keyStart])
}

func applyEdits(src []byte, edits []edit) []byte {
	slices.SortFunc(edits, func(a, b edit) int { return a.start - b.start })
	out := make([]byte, 0, len(src)+64)
	at := 0
	for _, e := range edits {
		out = append(out, src[at:e.start]...)
		out = append(out, e.text...)
		at = e.end
	}
	return append(out, src[at:]...)
}

// quote writes a validated version as a JSON string: it holds nothing that
// needs escaping.
func quote(v string) string { return `"` + v + `"` }

package pin

import (
	"bytes"
	"errors"
	"fmt"
	"path"
	"sort"
	"strings"
)

// Formats of the files a Spec edits.
const (
	Maven = "maven" // pom.xml: <dependency>, <parent> and <properties>
	NPM   = "npm"   // package.json: dependencies, devDependencies, peerDependencies, optionalDependencies
	Go    = "go"    // go.mod: require lines
	Regex = "regex" // anything else: Pattern's one capture group is the version
)

// Formats lists the format names in the order the documentation gives them.
var Formats = []string{Maven, NPM, Go, Regex}

// NamePlaceholder stands for the dependency's name in a regex Pattern.
const NamePlaceholder = "{name}"

var (
	// ErrNotFound is wrapped when the file does not name a dependency.
	ErrNotFound = errors.New("not found")
	// ErrAmbiguous is wrapped when a dependency's name matches more than
	// one thing that could be meant.
	ErrAmbiguous = errors.New("ambiguous")
)

// Spec is one file whose dependencies are pinned.
type Spec struct {
	// File is the path of the file in the repository.
	File string
	// Format is one of Formats; "" tells it from File's name.
	Format string
	// Dependencies maps a dependency's name to the version to pin.
	Dependencies map[string]string
	// Pattern is the regular expression of the regex format.
	Pattern string
	// ExactRange (npm only) writes the version as given, replacing a
	// range prefix such as ^ or ~ instead of keeping it.
	ExactRange bool
}

// FormatOf is the spec's format: Format, or the one its file's name tells.
func (s Spec) FormatOf() (string, error) {
	if s.Format != "" {
		for _, f := range Formats {
			if s.Format == f {
				return f, nil
			}
		}
		return "", fmt.Errorf("%s: unknown format %q; use one of %s", s.File, s.Format, quoteAll(Formats))
	}
	switch path.Base(s.File) {
	case "pom.xml":
		return Maven, nil
	case "package.json":
		return NPM, nil
	case "go.mod":
		return Go, nil
	}
	return "", fmt.Errorf("%s: cannot tell the format from the file's name; set format to one of %s", s.File, quoteAll(Formats))
}

// change replaces src[start:end] with text, for dependency name.
type change struct {
	start, end int
	text, name string
}

// editor finds what pinning one dependency changes in src.
type editor interface {
	find(src []byte, name, version string) ([]change, error)
}

// Validate checks the spec without reading its file.
func (s Spec) Validate() error {
	_, err := s.editor()
	return err
}

func (s Spec) editor() (editor, error) {
	format, err := s.FormatOf()
	if err != nil {
		return nil, err
	}
	if s.Pattern != "" && format != Regex {
		return nil, fmt.Errorf("%s: pattern applies to the regex format only, not %s", s.File, format)
	}
	if s.ExactRange && format != NPM {
		return nil, fmt.Errorf("%s: keep_range applies to the npm format only, not %s", s.File, format)
	}
	for _, name := range sortedKeys(s.Dependencies) {
		if strings.TrimSpace(name) == "" {
			return nil, fmt.Errorf("%s: a dependency has an empty name", s.File)
		}
		if v := s.Dependencies[name]; strings.TrimSpace(v) == "" || strings.ContainsAny(v, "\r\n") {
			return nil, fmt.Errorf("%s: version %q of dependency %q is not a version", s.File, v, name)
		}
	}
	switch format {
	case Maven:
		return mavenEditor{file: s.File}, nil
	case NPM:
		return npmEditor{file: s.File, exact: s.ExactRange}, nil
	case Go:
		return goModEditor{file: s.File}, nil
	}
	return newRegexEditor(s)
}

// Apply returns src with every dependency of the spec pinned. Only the
// bytes of the version values change.
func Apply(s Spec, src []byte) ([]byte, error) {
	ed, err := s.editor()
	if err != nil {
		return nil, err
	}
	var all []change
	for _, name := range sortedKeys(s.Dependencies) {
		cs, err := ed.find(src, name, s.Dependencies[name])
		if err != nil {
			return nil, err
		}
		all = append(all, cs...)
	}
	sort.SliceStable(all, func(i, j int) bool { return all[i].start < all[j].start })
	out := make([]byte, 0, len(src))
	at := 0
	for i, c := range all {
		if i > 0 && c.start < all[i-1].end {
			prev := all[i-1]
			if prev.start == c.start && prev.end == c.end && prev.text == c.text {
				continue // two names for one value, pinned alike
			}
			return nil, fmt.Errorf("%s: dependencies %q and %q both pin the value on line %d, to %q and %q: %w",
				s.File, prev.name, c.name, lineOf(src, c.start), prev.text, c.text, ErrAmbiguous)
		}
		out = append(out, src[at:c.start]...)
		out = append(out, c.text...)
		at = c.end
	}
	return append(out, src[at:]...), nil
}

// lineOf is the 1-based line of offset in src.
func lineOf(src []byte, offset int) int {
	return bytes.Count(src[:offset], []byte("\n")) + 1
}

// lines renders the lines of offsets for a message: "lines 3 and 9".
func lines(src []byte, offsets []int) string {
	var ns []string
	for _, o := range offsets {
		ns = append(ns, fmt.Sprint(lineOf(src, o)))
	}
	if len(ns) == 1 {
		return "line " + ns[0]
	}
	return "lines " + strings.Join(ns[:len(ns)-1], ", ") + " and " + ns[len(ns)-1]
}

func sortedKeys(m map[string]string) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

func quoteAll(items []string) string {
	q := make([]string, len(items))
	for i, s := range items {
		q[i] = fmt.Sprintf("%q", s)
	}
	return strings.Join(q, ", ")
}

package pin

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"regexp"
	"strings"
)

// npmSections are the objects of package.json whose entries name
// dependencies. A package listed in several is pinned in each.
var npmSections = []string{"dependencies", "devDependencies", "peerDependencies", "optionalDependencies"}

// npmEditor pins the entries of package.json's dependency sections by
// package name, keeping a range prefix (^, ~, >=, ...) unless exact.
type npmEditor struct {
	file  string
	exact bool
}

// npmEntry is one "name": "range" of a dependency section.
type npmEntry struct {
	section    string
	value      string // the decoded string; "" with ok false when not a string
	ok         bool
	start, end int // the quoted value in the file
}

// npmPrefixed is a version with an optional range prefix.
var npmPrefixed = regexp.MustCompile(`^((?:\^|~|>=|<=|>|<|=)?\s*)v?[0-9]+(?:\.[0-9]+){0,2}(?:-[0-9A-Za-z.-]+)?(?:\+[0-9A-Za-z.-]+)?$`)

func (n npmEditor) find(src []byte, name, version string) ([]change, error) {
	entries, err := n.parse(src, name)
	if err != nil {
		return nil, err
	}
	if len(entries) == 0 {
		return nil, fmt.Errorf("%s: dependency %q: %w (in none of %s)", n.file, name, ErrNotFound, strings.Join(npmSections, ", "))
	}
	seen := map[string]bool{}
	var out []change
	for _, e := range entries {
		if seen[e.section] {
			return nil, fmt.Errorf("%s: dependency %q is %w: %s lists it twice", n.file, name, ErrAmbiguous, e.section)
		}
		seen[e.section] = true
		if !e.ok {
			return nil, fmt.Errorf("%s: %s.%s on line %d is not a string", n.file, e.section, name, lineOf(src, e.start))
		}
		text := version
		if !n.exact {
			m := npmPrefixed.FindStringSubmatch(e.value)
			if m == nil {
				return nil, fmt.Errorf("%s: %s.%s on line %d is %q, not a version with a range prefix; set keep_range = false to replace it with %q",
					n.file, e.section, name, lineOf(src, e.start), e.value, version)
			}
			text = m[1] + version
		}
		out = append(out, change{start: e.start, end: e.end, text: jsonString(text), name: name})
	}
	return out, nil
}

// parse returns the entries named name in the dependency sections.
func (n npmEditor) parse(src []byte, name string) ([]npmEntry, error) {
	d := json.NewDecoder(bytes.NewReader(src))
	if tok, err := d.Token(); err != nil || tok != json.Delim('{') {
		return nil, fmt.Errorf("%s: not a JSON object", n.file)
	}
	var out []npmEntry
	for d.More() {
		key, err := d.Token()
		if err != nil {
			return nil, fmt.Errorf("%s: %w", n.file, err)
		}
		if !isSection(key) {
			var skip json.RawMessage
			if err := d.Decode(&skip); err != nil {
				return nil, fmt.Errorf("%s: %w", n.file, err)
			}
			continue
		}
		entries, err := n.section(d, src, key.(string), name)
		if err != nil {
			return nil, err
		}
		out = append(out, entries...)
	}
	if _, err := d.Token(); err != nil {
		return nil, fmt.Errorf("%s: %w", n.file, err)
	}
	if _, err := d.Token(); !errors.Is(err, io.EOF) {
		return nil, fmt.Errorf("%s: text after the JSON object", n.file)
	}
	return out, nil
}

// section reads one dependency section and returns its entries for name.
func (n npmEditor) section(d *json.Decoder, src []byte, section, name string) ([]npmEntry, error) {
	if tok, err := d.Token(); err != nil || tok != json.Delim('{') {
		if err == nil {
			err = errors.New("not an object")
		}
		return nil, fmt.Errorf("%s: %s: %w", n.file, section, err)
	}
	var out []npmEntry
	for d.More() {
		key, err := d.Token()
		if err != nil {
			return nil, fmt.Errorf("%s: %s: %w", n.file, section, err)
		}
		var raw json.RawMessage
		if err := d.Decode(&raw); err != nil {
			return nil, fmt.Errorf("%s: %s: %w", n.file, section, err)
		}
		if key != name {
			continue
		}
		end := int(d.InputOffset())
		start := end - len(raw)
		if start < 0 || !bytes.Equal(src[start:end], raw) {
			return nil, fmt.Errorf("%s: cannot locate %s.%s", n.file, section, name)
		}
		e := npmEntry{section: section, start: start, end: end}
		e.ok = json.Unmarshal(raw, &e.value) == nil
		out = append(out, e)
	}
	if _, err := d.Token(); err != nil {
		return nil, fmt.Errorf("%s: %s: %w", n.file, section, err)
	}
	return out, nil
}

func isSection(key json.Token) bool {
	s, ok := key.(string)
	if !ok {
		return false
	}
	for _, sec := range npmSections {
		if s == sec {
			return true
		}
	}
	return false
}

// jsonString quotes s as JSON without escaping <, > and &.
func jsonString(s string) string {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	enc.Encode(s)
	return strings.TrimSuffix(b.String(), "\n")
}

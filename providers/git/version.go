package git

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"path"
	"strings"
)

// defaultVersionFiles are the version files git_commit looks for at the
// repository root when version_files is not set.
var defaultVersionFiles = []string{"pom.xml", "package.json", "VERSION"}

// ErrNoVersion is returned when a version file holds no version to set.
var ErrNoVersion = errors.New("no project version found")

// setVersion returns content with the project version set, changing only
// the bytes of the version value. The kind of file is told by its name.
func setVersion(name string, content []byte, version string) ([]byte, error) {
	switch path.Base(name) {
	case "pom.xml":
		return setPomVersion(content, version)
	case "package.json":
		return setPackageJSONVersion(content, version)
	}
	return setPlainVersion(content, version)
}

// splice replaces src[start:end] with repl.
func splice(src []byte, start, end int, repl string) []byte {
	out := make([]byte, 0, len(src)-(end-start)+len(repl))
	out = append(out, src[:start]...)
	out = append(out, repl...)
	return append(out, src[end:]...)
}

// setPomVersion sets the text of /project/version: the project's own
// version, never its parent's (/project/parent/version) or a dependency's.
func setPomVersion(src []byte, version string) ([]byte, error) {
	if strings.ContainsAny(version, "<&") {
		return nil, fmt.Errorf("version %q cannot be written to pom.xml", version)
	}
	d := xml.NewDecoder(bytes.NewReader(src))
	d.Entity = xml.HTMLEntity
	var stack []string
	start := -1
	for {
		before := int(d.InputOffset())
		tok, err := d.RawToken()
		if err == io.EOF {
			return nil, fmt.Errorf("pom.xml: %w (the project has no <version> of its own; it inherits its parent's)", ErrNoVersion)
		}
		if err != nil {
			return nil, fmt.Errorf("pom.xml: %w", err)
		}
		switch t := tok.(type) {
		case xml.StartElement:
			stack = append(stack, t.Name.Local)
			if start >= 0 {
				return nil, fmt.Errorf("pom.xml: <version> holds an element")
			}
			if len(stack) == 2 && stack[0] == "project" && t.Name.Local == "version" {
				start = int(d.InputOffset())
			}
		case xml.EndElement:
			if start >= 0 {
				return replaceTrimmed(src, start, before, version, "pom.xml")
			}
			if len(stack) > 0 {
				stack = stack[:len(stack)-1]
			}
		}
	}
}

// replaceTrimmed replaces the text in src[start:end] without its
// surrounding white space.
func replaceTrimmed(src []byte, start, end int, version, file string) ([]byte, error) {
	inner := src[start:end]
	lead := len(inner) - len(bytes.TrimLeft(inner, " \t\r\n"))
	text := bytes.TrimSpace(inner)
	if bytes.Contains(text, []byte("${")) {
		return nil, fmt.Errorf("%s: the version is the expression %s; set the property it names instead", file, text)
	}
	return splice(src, start+lead, start+lead+len(text), version), nil
}

// setPackageJSONVersion sets the top-level "version" string, keeping every
// other byte (key order, spacing, final newline) as it is.
func setPackageJSONVersion(src []byte, version string) ([]byte, error) {
	d := json.NewDecoder(bytes.NewReader(src))
	if tok, err := d.Token(); err != nil || tok != json.Delim('{') {
		return nil, fmt.Errorf("package.json: not a JSON object")
	}
	type span struct{ start, end int }
	var found []span
	for d.More() {
		key, err := d.Token()
		if err != nil {
			return nil, fmt.Errorf("package.json: %w", err)
		}
		afterKey := int(d.InputOffset())
		var raw json.RawMessage
		if err := d.Decode(&raw); err != nil {
			return nil, fmt.Errorf("package.json: %w", err)
		}
		if key != "version" {
			continue
		}
		if len(raw) == 0 || raw[0] != '"' {
			return nil, fmt.Errorf("package.json: \"version\" is not a string")
		}
		end := int(d.InputOffset())
		found = append(found, span{start: end - len(raw), end: end})
		if !bytes.Equal(src[found[len(found)-1].start:end], raw) || afterKey > end {
			return nil, fmt.Errorf("package.json: cannot locate the version value")
		}
	}
	if len(found) == 0 {
		return nil, fmt.Errorf("package.json: %w (no \"version\" key)", ErrNoVersion)
	}
	quoted, _ := json.Marshal(version)
	out := src
	for i := len(found) - 1; i >= 0; i-- {
		out = splice(out, found[i].start, found[i].end, string(quoted))
	}
	return out, nil
}

// setPlainVersion replaces the content of a VERSION file, keeping the white
// space around it (a final newline stays or stays absent).
func setPlainVersion(src []byte, version string) ([]byte, error) {
	if len(bytes.TrimSpace(src)) == 0 {
		return []byte(version + "\n"), nil
	}
	return replaceTrimmed(src, 0, len(src), version, "version file")
}

package pin

import (
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"regexp"
	"sort"
	"strings"
)

// mavenEditor pins dependencies of a pom.xml. A name is an artifactId or
// groupId:artifactId of a <dependency> (anywhere: dependencies,
// dependencyManagement, plugins, profiles) or of the <parent>, else the
// name of a property in /project/properties. A dependency whose version
// is ${prop} pins the property.
type mavenEditor struct{ file string }

// pomText is the text of an element: its value without surrounding white
// space, and where that value sits in the file.
type pomText struct {
	value      string
	start, end int
	set        bool
	bad        string // why the text cannot be pinned, e.g. it holds a comment
}

// pomArtifact is a <dependency> or <parent>.
type pomArtifact struct {
	group, artifact, version pomText
	at                       int // offset of the element, for messages
}

func (a pomArtifact) coordinates() string { return a.group.value + ":" + a.artifact.value }

// pomModel is what pinning reads from a pom.xml.
type pomModel struct {
	artifacts  []pomArtifact
	properties map[string][]pomText
}

var propertyRef = regexp.MustCompile(`^\$\{([^${}]+)\}$`)

func (m mavenEditor) find(src []byte, name, version string) ([]change, error) {
	if strings.ContainsAny(version, "<&") {
		return nil, fmt.Errorf("%s: version %q of %q cannot be written to a pom.xml", m.file, version, name)
	}
	pom, err := m.parse(src)
	if err != nil {
		return nil, err
	}
	group, artifact, qualified := strings.Cut(name, ":")
	if !qualified {
		group, artifact = "", name
	}
	var matches, unversioned []pomArtifact
	for _, a := range pom.artifacts {
		if a.artifact.value != artifact || (qualified && a.group.value != group) {
			continue
		}
		if a.version.set {
			matches = append(matches, a)
		} else {
			unversioned = append(unversioned, a)
		}
	}
	switch {
	case len(matches) > 0:
		return m.pinArtifacts(src, pom, name, version, matches)
	case !qualified && len(pom.properties[name]) > 0:
		return m.pinProperty(src, pom, name, name, version)
	case len(unversioned) > 0:
		return nil, fmt.Errorf("%s: dependency %q has no <version> here (line %d); pin it where its version is managed",
			m.file, name, lineOf(src, unversioned[0].at))
	}
	return nil, fmt.Errorf("%s: dependency %q: %w (no <dependency> or <parent> with that artifactId and no property of that name in <properties>)",
		m.file, name, ErrNotFound)
}

// pinArtifacts sets the versions of the dependencies that name matched,
// all of one groupId:artifactId.
func (m mavenEditor) pinArtifacts(src []byte, pom pomModel, name, version string, matches []pomArtifact) ([]change, error) {
	coords := map[string]bool{}
	var offsets []int
	for _, a := range matches {
		coords[a.coordinates()] = true
		offsets = append(offsets, a.at)
	}
	if len(coords) > 1 {
		return nil, fmt.Errorf("%s: dependency %q is %w: it matches %s on %s; name it groupId:artifactId",
			m.file, name, ErrAmbiguous, strings.Join(sortedSet(coords), " and "), lines(src, offsets))
	}
	var out []change
	for _, a := range matches {
		if err := a.version.pinnable(m.file, fmt.Sprintf("the <version> of dependency %q", name), src); err != nil {
			return nil, err
		}
		if ref := propertyRef.FindStringSubmatch(a.version.value); ref != nil {
			cs, err := m.pinProperty(src, pom, name, ref[1], version)
			if err != nil {
				return nil, err
			}
			out = append(out, cs...)
			continue
		}
		if strings.Contains(a.version.value, "${") {
			return nil, fmt.Errorf("%s: the version of dependency %q on line %d is the expression %s; pin the property it names instead",
				m.file, name, lineOf(src, a.version.start), a.version.value)
		}
		out = append(out, change{start: a.version.start, end: a.version.end, text: version, name: name})
	}
	return out, nil
}

// pinProperty sets property prop, which name (a dependency or the
// property itself) resolved to.
func (m mavenEditor) pinProperty(src []byte, pom pomModel, name, prop, version string) ([]change, error) {
	found := pom.properties[prop]
	switch {
	case len(found) == 0:
		return nil, fmt.Errorf("%s: the version of dependency %q is ${%s}, a property that <properties> does not define: %w",
			m.file, name, prop, ErrNotFound)
	case len(found) > 1:
		offsets := []int{found[0].start, found[1].start}
		return nil, fmt.Errorf("%s: property %q is %w: <properties> defines it on %s", m.file, prop, ErrAmbiguous, lines(src, offsets))
	case found[0].bad != "" || found[0].end < found[0].start:
		return nil, found[0].pinnable(m.file, fmt.Sprintf("property %q", prop), src)
	case strings.Contains(found[0].value, "${"):
		return nil, fmt.Errorf("%s: property %q on line %d is the expression %s; pin the property it names instead",
			m.file, prop, lineOf(src, found[0].start), found[0].value)
	}
	return []change{{start: found[0].start, end: found[0].end, text: version, name: name}}, nil
}

// parse reads the artifacts and properties of a pom.xml with their offsets.
func (m mavenEditor) parse(src []byte) (pomModel, error) {
	pom := pomModel{properties: map[string][]pomText{}}
	d := xml.NewDecoder(bytes.NewReader(src))
	d.Strict = true
	d.Entity = xml.HTMLEntity
	var stack []string
	var cur *pomArtifact // the <dependency> or <parent> being read
	var text *pomText    // the element whose text is being read
	for {
		before := int(d.InputOffset())
		tok, err := d.RawToken()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return pom, fmt.Errorf("%s: %w", m.file, err)
		}
		switch t := tok.(type) {
		case xml.StartElement:
			stack = append(stack, t.Name.Local)
			if text != nil {
				text.bad, text = "holds elements", nil
			}
			switch {
			case isArtifact(stack):
				cur = &pomArtifact{at: before}
			case cur != nil && len(stack) > 0 && isArtifact(stack[:len(stack)-1]):
				text = cur.field(t.Name.Local)
			case len(stack) == 3 && stack[0] == "project" && stack[1] == "properties":
				pom.properties[t.Name.Local] = append(pom.properties[t.Name.Local], pomText{})
				list := pom.properties[t.Name.Local]
				text = &list[len(list)-1]
			}
			if text != nil {
				*text = pomText{start: int(d.InputOffset()), set: true}
			}
		case xml.EndElement:
			if len(stack) == 0 || stack[len(stack)-1] != t.Name.Local {
				return pom, fmt.Errorf("%s: </%s> on line %d closes no open element", m.file, t.Name.Local, lineOf(src, before))
			}
			if text != nil {
				setText(text, src, before)
				text = nil
			}
			if isArtifact(stack) && cur != nil {
				pom.artifacts = append(pom.artifacts, *cur)
				cur = nil
			}
			stack = stack[:len(stack)-1]
		}
	}
	if len(stack) > 0 {
		return pom, fmt.Errorf("%s: <%s> is not closed", m.file, stack[len(stack)-1])
	}
	return pom, nil
}

// isArtifact says whether the element path is a <dependency> in a
// <dependencies> list or the project's <parent>.
func isArtifact(stack []string) bool {
	n := len(stack)
	switch {
	case n >= 2 && stack[n-1] == "dependency" && stack[n-2] == "dependencies":
		return true
	case n == 2 && stack[0] == "project" && stack[1] == "parent":
		return true
	}
	return false
}

func (a *pomArtifact) field(name string) *pomText {
	switch name {
	case "groupId":
		return &a.group
	case "artifactId":
		return &a.artifact
	case "version":
		return &a.version
	}
	return nil
}

// setText ends the text that started at t.start at end: the value is the
// plain text between the tags without the white space around it.
func setText(t *pomText, src []byte, end int) {
	inner := src[t.start:end]
	if bytes.ContainsAny(inner, "<&") {
		t.bad = "holds more than plain text (a comment, CDATA or an entity)"
	}
	lead := len(inner) - len(bytes.TrimLeft(inner, " \t\r\n"))
	value := bytes.TrimSpace(inner)
	t.start += lead
	t.end = t.start + len(value)
	t.value = string(value)
}

// pinnable checks that the text can be replaced.
func (t pomText) pinnable(file, what string, src []byte) error {
	if t.bad != "" || t.end < t.start {
		reason := t.bad
		if reason == "" {
			reason = "holds elements"
		}
		return fmt.Errorf("%s: %s on line %d %s; it cannot be pinned", file, what, lineOf(src, t.start), reason)
	}
	return nil
}

func sortedSet(m map[string]bool) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

package pin

import (
	"bytes"
	"fmt"
	"regexp"
	"strconv"
	"strings"
)

// goModEditor pins the require directives of a go.mod, in the single-line
// form and in require ( ... ) blocks, by module path.
type goModEditor struct{ file string }

var (
	goBlockStart = regexp.MustCompile(`^([a-z]+)\s*\($`)
	// goRequire is "require path version" or, inside a block, "path version".
	goRequire = regexp.MustCompile(`^(require\s+)?("[^"]*"|` + "`[^`]*`" + `|[^\s"]+)\s+(\S+)$`)
)

func (g goModEditor) find(src []byte, name, version string) ([]change, error) {
	if !strings.HasPrefix(version, "v") || strings.ContainsAny(version, " \t\"`") || strings.Contains(version, "//") {
		return nil, fmt.Errorf("%s: version %q of %q is not a module version; go.mod versions look like v1.2.3", g.file, version, name)
	}
	var out []change
	var offsets []int
	block := ""
	for at := 0; at < len(src); {
		end := bytes.IndexByte(src[at:], '\n')
		if end < 0 {
			end = len(src)
		} else {
			end += at
		}
		line := src[at:end]
		if i := bytes.Index(line, []byte("//")); i >= 0 {
			line = line[:i]
		}
		code := strings.TrimSpace(string(line))
		lead := len(line) - len(bytes.TrimLeft(line, " \t"))
		switch m := goBlockStart.FindStringSubmatch(code); {
		case m != nil:
			block = m[1]
		case code == ")":
			block = ""
		case block == "" || block == "require":
			if c, ok := g.requires(code, name, block == ""); ok {
				out = append(out, change{start: at + lead + c.start, end: at + lead + c.end, text: version, name: name})
				offsets = append(offsets, at)
			}
		}
		at = end + 1
	}
	switch {
	case len(out) == 0:
		return nil, fmt.Errorf("%s: module %q: %w (no require names it)", g.file, name, ErrNotFound)
	case len(out) > 1:
		return nil, fmt.Errorf("%s: module %q is %w: it is required on %s", g.file, name, ErrAmbiguous, lines(src, offsets))
	}
	return out, nil
}

// requires matches a require line for module name ("require path
// version" when single, "path version" inside a block) and returns where
// its version sits in code.
func (g goModEditor) requires(code, name string, single bool) (change, bool) {
	m := goRequire.FindStringSubmatchIndex(code)
	if m == nil || (m[2] >= 0) != single {
		return change{}, false
	}
	path := code[m[4]:m[5]]
	if p, err := strconv.Unquote(path); err == nil {
		path = p
	}
	if path != name {
		return change{}, false
	}
	return change{start: m[6], end: m[7]}, true
}

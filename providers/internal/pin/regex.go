package pin

import (
	"fmt"
	"regexp"
	"strings"
)

// regexEditor pins whatever a regular expression's one capture group
// matches. {name} in the pattern stands for the dependency's name, quoted.
type regexEditor struct {
	file, pattern string
}

func newRegexEditor(s Spec) (editor, error) {
	if s.Pattern == "" {
		return nil, fmt.Errorf("%s: the regex format needs a pattern", s.File)
	}
	if !strings.Contains(s.Pattern, NamePlaceholder) && len(s.Dependencies) > 1 {
		return nil, fmt.Errorf("%s: pattern %q pins %d dependencies but does not say where each one's name goes; put %s in it",
			s.File, s.Pattern, len(s.Dependencies), NamePlaceholder)
	}
	r := regexEditor{file: s.File, pattern: s.Pattern}
	if _, err := r.compile("name"); err != nil {
		return nil, err
	}
	return r, nil
}

func (r regexEditor) compile(name string) (*regexp.Regexp, error) {
	re, err := regexp.Compile(strings.ReplaceAll(r.pattern, NamePlaceholder, regexp.QuoteMeta(name)))
	if err != nil {
		return nil, fmt.Errorf("%s: pattern %q: %w", r.file, r.pattern, err)
	}
	if re.NumSubexp() != 1 {
		return nil, fmt.Errorf("%s: pattern %q has %d capture groups; it needs exactly one, around the version (use (?:...) for other groups)",
			r.file, r.pattern, re.NumSubexp())
	}
	return re, nil
}

func (r regexEditor) find(src []byte, name, version string) ([]change, error) {
	re, err := r.compile(name)
	if err != nil {
		return nil, err
	}
	var out []change
	var offsets, absent []int
	for _, m := range re.FindAllSubmatchIndex(src, -1) {
		if m[2] < 0 {
			absent = append(absent, m[0]) // the group did not take part in this match
			continue
		}
		out = append(out, change{start: m[2], end: m[3], text: version, name: name})
		offsets = append(offsets, m[0])
	}
	switch {
	case len(out) == 0 && len(absent) > 0:
		return nil, fmt.Errorf("%s: dependency %q: %w: pattern %s matches on %s, but its group takes no part there; "+
			"to insert a version where there is none, make the group match the empty text, e.g. ((?::[^/]*)?), and include the separator in the version",
			r.file, name, ErrNotFound, re, lines(src, absent))
	case len(out) == 0:
		return nil, fmt.Errorf("%s: dependency %q: %w (pattern %s matches nothing)", r.file, name, ErrNotFound, re)
	case len(out) > 1:
		return nil, fmt.Errorf("%s: dependency %q is %w: pattern %s matches on %s", r.file, name, ErrAmbiguous, re, lines(src, offsets))
	}
	return out, nil
}

package manifest

// scan.go is a strict JSON parser (RFC 8259, accepting exactly what
// encoding/json accepts) that keeps the byte span of every key and value,
// which format-preserving edits and positioned diagnostics need.

const maxDepth = 10000 // encoding/json's nesting limit

type kind uint8

const (
	kindObject kind = iota + 1
	kindArray
	kindString
	kindNumber
	kindBool
	kindNull
)

func (k kind) String() string {
	return [...]string{"", "an object", "an array", "a string", "a number", "a boolean", "null"}[k]
}

// node is one JSON value with its byte span [start, end).
type node struct {
	kind       kind
	start, end int
	members    []member // kindObject, in file order (duplicates kept)
	elems      []*node  // kindArray
	str        string   // kindString: the decoded value
}

// member is one "key": value pair of an object.
type member struct {
	key              string
	keyStart, keyEnd int
	value            *node
}

// lookup returns the last member named key (encoding/json's rule for
// duplicate keys), or nil.
func (n *node) lookup(key string) *member {
	for i := len(n.members) - 1; i >= 0; i-- {
		if n.members[i].key == key {
			return &n.members[i]
		}
	}
	return nil
}

// syntaxError is where the parser stopped: offset is the byte that cannot
// continue the document (len(src) when the file ends too early).
type syntaxError struct {
	offset  int
	eof     bool
	summary string
	detail  string
}

func (e *syntaxError) Error() string { return e.summary + ": " + e.detail }

type scanner struct {
	src   []byte
	pos   int
	depth int
}

// scan parses src as one JSON document.
func scan(src []byte) (*node, *syntaxError) {
	s := &scanner{src: src}
	s.skipSpace()
	if s.pos == len(src) {
		return nil, s.eofError("The file is empty; a release manifest is a JSON object.")
	}
	v, err := s.value()
	if err != nil {
		return nil, err
	}
	s.skipSpace()
	if err := s.leadingZero(v); err != nil {
		return nil, err
	}
	if s.pos < len(src) {
		return nil, s.errorAt(s.pos, "Extra data after the JSON document",
			"The JSON document ended at line %s; found %s after it. A file holds exactly one JSON value.",
			lineOf(src, v.end-1), s.found())
	}
	return v, nil
}

func (s *scanner) skipSpace() {
	for s.pos < len(s.src) {
		switch s.src[s.pos] {
		case ' ', '\t', '\n', '\r':
			s.pos++
		default:
			return
		}
	}
}

// value parses the value at s.pos, which is not whitespace.
func (s *scanner) value() (*node, *syntaxError) {
	if s.pos == len(s.src) {
		return nil, s.eofError("The file ends where a value was expected.")
	}
	switch c := s.src[s.pos]; {
	case c == '{':
		return s.object()
	case c == '[':
		return s.array()
	case c == '"':
		start := s.pos
		str, err := s.string()
		if err != nil {
			return nil, err
		}
		return &node{kind: kindString, start: start, end: s.pos, str: str}, nil
	case c == '-' || isDigit(c):
		return s.number()
	case c == 't':
		return s.literal("true", kindBool)
	case c == 'f':
		return s.literal("false", kindBool)
	case c == 'n':
		return s.literal("null", kindNull)
	case c == ',' || c == ']' || c == '}':
		return nil, s.errorAt(s.pos, "Missing value", "Expected a value, found %s.", s.found())
	default:
		return nil, s.errorAt(s.pos, "Invalid character",
			"Expected a value (string, number, object, array, true, false or null), found %s.", s.found())
	}
}

func (s *scanner) enter() *syntaxError {
	s.depth++
	if s.depth > maxDepth {
		return s.errorAt(s.pos, "Nesting too deep", "Objects and arrays are nested more than %d levels deep.", maxDepth)
	}
	return nil
}

func (s *scanner) object() (*node, *syntaxError) {
	if err := s.enter(); err != nil {
		return nil, err
	}
	n := &node{kind: kindObject, start: s.pos}
	s.pos++ // {
	s.skipSpace()
	if s.peek() == '}' {
		return s.closeNode(n), nil
	}
	for {
		m, err := s.member(len(n.members) > 0)
		if err != nil {
			return nil, err
		}
		n.members = append(n.members, m)
		s.skipSpace()
		switch s.peek() {
		case ',':
			s.pos++
			s.skipSpace()
		case '}':
			return s.closeNode(n), nil
		default:
			return nil, s.afterElement("member", '}', m.value)
		}
	}
}

// member parses `"key": value`; afterComma tells a trailing comma apart
// from an empty object.
func (s *scanner) member(afterComma bool) (member, *syntaxError) {
	switch c := s.peek(); {
	case c == '"':
	case s.pos == len(s.src):
		return member{}, s.eofError("The file ends inside an object; a member name or \"}\" was expected.")
	case c == '}' && afterComma:
		return member{}, s.trailingComma("object")
	default:
		return member{}, s.errorAt(s.pos, "Invalid member name",
			"Expected a member name in double quotes, found %s.", s.found())
	}
	m := member{keyStart: s.pos}
	key, err := s.string()
	if err != nil {
		return member{}, err
	}
	m.key, m.keyEnd = key, s.pos
	s.skipSpace()
	if s.peek() != ':' {
		if s.pos == len(s.src) {
			return member{}, s.eofError("The file ends after a member name; \":\" was expected.")
		}
		return member{}, s.errorAt(s.pos, "Missing colon",
			"Expected \":\" after the member name %q, found %s.", key, s.found())
	}
	s.pos++
	s.skipSpace()
	m.value, err = s.value()
	return m, err
}

func (s *scanner) array() (*node, *syntaxError) {
	if err := s.enter(); err != nil {
		return nil, err
	}
	n := &node{kind: kindArray, start: s.pos}
	s.pos++ // [
	s.skipSpace()
	if s.peek() == ']' {
		return s.closeNode(n), nil
	}
	for {
		if s.peek() == ']' {
			return nil, s.trailingComma("array")
		}
		v, err := s.value()
		if err != nil {
			return nil, err
		}
		n.elems = append(n.elems, v)
		s.skipSpace()
		switch s.peek() {
		case ',':
			s.pos++
			s.skipSpace()
		case ']':
			return s.closeNode(n), nil
		default:
			return nil, s.afterElement("element", ']', v)
		}
	}
}

func (s *scanner) closeNode(n *node) *node {
	s.pos++
	s.depth--
	n.end = s.pos
	return n
}

func (s *scanner) peek() byte {
	if s.pos < len(s.src) {
		return s.src[s.pos]
	}
	return 0
}

func isDigit(c byte) bool { return c >= '0' && c <= '9' }

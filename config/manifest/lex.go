package manifest

import (
	"encoding/json"
	"fmt"
	"unicode/utf8"
)

// lex.go holds the scanner's tokens (strings, numbers, literals) and the
// syntax errors, each placed on the byte where a strict parser stops.

// string scans a string starting at the opening quote and returns its
// decoded value; s.pos ends after the closing quote.
func (s *scanner) string() (string, *syntaxError) {
	start := s.pos
	s.pos++
	plain := true
	for s.pos < len(s.src) {
		c := s.src[s.pos]
		switch {
		case c == '"':
			s.pos++
			return decodeString(s.src[start:s.pos], plain), nil
		case c == '\\':
			plain = false
			if err := s.escape(); err != nil {
				return "", err
			}
			continue
		case c < 0x20:
			return "", s.controlInString(start)
		case c >= utf8.RuneSelf:
			plain = false
		}
		s.pos++
	}
	return "", s.eofError(fmt.Sprintf("The file ends inside the string that starts at %s.", posText(s.src, start)))
}

// escape scans one escape sequence at s.pos (the backslash).
func (s *scanner) escape() *syntaxError {
	s.pos++
	switch s.peek() {
	case '"', '\\', '/', 'b', 'f', 'n', 'r', 't':
		s.pos++
		return nil
	case 'u':
		s.pos++
		for range 4 {
			if s.pos == len(s.src) {
				return s.eofError("The file ends inside a \\u escape sequence.")
			}
			if !isHex(s.src[s.pos]) {
				return s.errorAt(s.pos, "Invalid escape sequence",
					"A \\u escape needs four hexadecimal digits; found %s.", s.found())
			}
			s.pos++
		}
		return nil
	}
	if s.pos == len(s.src) {
		return s.eofError("The file ends inside an escape sequence.")
	}
	return s.errorAt(s.pos, "Invalid escape sequence",
		`The valid escapes are \" \\ \/ \b \f \n \r \t and \uXXXX; found %s after a backslash.`, s.found())
}

func (s *scanner) controlInString(start int) *syntaxError {
	if c := s.src[s.pos]; c == '\n' || c == '\r' {
		return s.errorAt(s.pos, "Unterminated string",
			"The string that starts at %s is not closed on its line: add the closing \" (a JSON string cannot span lines).",
			posText(s.src, start))
	}
	return s.errorAt(s.pos, "Invalid character in string",
		"Control characters must be escaped in a JSON string (\\t, \\u0000…); found %s.", s.found())
}

// decodeString decodes a scanned, valid string token (quotes included)
// with encoding/json's rules; plain tokens have nothing to decode.
func decodeString(tok []byte, plain bool) string {
	if plain {
		return string(tok[1 : len(tok)-1])
	}
	var v string
	if err := json.Unmarshal(tok, &v); err != nil {
		return string(tok[1 : len(tok)-1]) // unreachable: the token was validated
	}
	return v
}

// number scans -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?
func (s *scanner) number() (*node, *syntaxError) {
	n := &node{kind: kindNumber, start: s.pos}
	if s.peek() == '-' {
		s.pos++
	}
	if s.peek() == '0' {
		s.pos++
	} else if err := s.digits("after the minus sign"); err != nil {
		return nil, err
	}
	if s.peek() == '.' {
		s.pos++
		if err := s.digits("after the decimal point"); err != nil {
			return nil, err
		}
	}
	if c := s.peek(); c == 'e' || c == 'E' {
		s.pos++
		if c := s.peek(); c == '+' || c == '-' {
			s.pos++
		}
		if err := s.digits("in the exponent"); err != nil {
			return nil, err
		}
	}
	n.end = s.pos
	return n, nil
}

// digits scans one or more decimal digits.
func (s *scanner) digits(where string) *syntaxError {
	if s.pos == len(s.src) {
		return s.eofError("The file ends inside a number.")
	}
	if !isDigit(s.src[s.pos]) {
		return s.errorAt(s.pos, "Invalid number", "Expected a digit %s, found %s.", where, s.found())
	}
	for s.pos < len(s.src) && isDigit(s.src[s.pos]) {
		s.pos++
	}
	return nil
}

func (s *scanner) literal(word string, k kind) (*node, *syntaxError) {
	n := &node{kind: k, start: s.pos}
	for i := range len(word) {
		if s.pos == len(s.src) {
			return nil, s.eofError(fmt.Sprintf("The file ends inside the literal %s.", word))
		}
		if s.src[s.pos] != word[i] {
			return nil, s.errorAt(s.pos, "Invalid literal",
				"Expected %s (JSON literals are true, false and null, in lower case), found %s.", word, s.found())
		}
		s.pos++
	}
	n.end = s.pos
	return n, nil
}

// afterElement reports what follows an array element or object member
// when it is neither a comma nor the closing bracket.
func (s *scanner) afterElement(what string, closer byte, prev *node) *syntaxError {
	container := map[byte]string{'}': "object", ']': "array"}[closer]
	if s.pos == len(s.src) {
		return s.eofError(fmt.Sprintf("The file ends inside an %s; \",\" or %q was expected.", container, string(closer)))
	}
	if err := s.leadingZero(prev); err != nil {
		return err
	}
	if startsValue(s.src[s.pos]) {
		return s.errorAt(s.pos, "Missing comma",
			"Expected \",\" or %q after the %s %s that ends at %s, found %s. Separate the two with a comma.",
			string(closer), container, what, posText(s.src, prev.end-1), s.found())
	}
	return s.errorAt(s.pos, "Invalid character",
		"Expected \",\" or %q after the %s %s, found %s.", string(closer), container, what, s.found())
}

// leadingZero reports a digit right after a number, which can only follow
// a leading zero ("01").
func (s *scanner) leadingZero(prev *node) *syntaxError {
	if prev.kind != kindNumber || s.pos != prev.end || s.pos == len(s.src) || !isDigit(s.src[s.pos]) {
		return nil
	}
	return s.errorAt(s.pos, "Invalid number",
		"A JSON number cannot have a leading zero; found %s after the 0. Write the number without it, or as a string.", s.found())
}

func (s *scanner) trailingComma(container string) *syntaxError {
	comma := s.pos - 1
	for comma > 0 && s.src[comma] != ',' {
		comma--
	}
	return s.errorAt(s.pos, "Trailing comma",
		"JSON does not allow a comma after the last element of an %s: remove the \",\" at %s.",
		container, posText(s.src, comma))
}

func (s *scanner) errorAt(off int, summary, format string, args ...any) *syntaxError {
	return &syntaxError{offset: off, summary: summary, detail: fmt.Sprintf(format, args...)}
}

func (s *scanner) eofError(detail string) *syntaxError {
	return &syntaxError{offset: len(s.src), eof: true, summary: "Unexpected end of file", detail: detail}
}

// found describes the character at s.pos for an error message.
func (s *scanner) found() string {
	if s.pos >= len(s.src) {
		return "the end of the file"
	}
	c := s.src[s.pos]
	switch {
	case c < 0x20 || c == 0x7f:
		return fmt.Sprintf("the control character U+%04X", c)
	case c < utf8.RuneSelf:
		return fmt.Sprintf("%q", string(rune(c)))
	}
	r, size := utf8.DecodeRune(s.src[s.pos:])
	if r == utf8.RuneError && size == 1 {
		return fmt.Sprintf("the byte 0x%02X (not UTF-8)", c)
	}
	return fmt.Sprintf("%q (U+%04X)", string(r), r)
}

func startsValue(c byte) bool {
	return c == '{' || c == '[' || c == '"' || c == '-' || isDigit(c) || c == 't' || c == 'f' || c == 'n'
}

func isHex(c byte) bool {
	return isDigit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F')
}

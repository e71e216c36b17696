package plan

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"

	"github.com/relctl/relctl/state/atomicfile"
)

// ErrPlanTampered is returned when a plan file's content does not match
// its checksum or its canonical form.
var ErrPlanTampered = errors.New("plan file was modified after it was written")

// Encode returns the plan's canonical bytes with PlanID set to the
// SHA-256 of the canonical content without it.
func Encode(p *Plan) ([]byte, error) {
	p.PlanID = ""
	var body bytes.Buffer
	h := sha256.New()
	if err := writeCanonical(io.MultiWriter(&body, h), p); err != nil {
		return nil, err
	}
	p.PlanID = hex.EncodeToString(h.Sum(nil))
	return withPlanID(body.Bytes(), p.PlanID)
}

// emptyPlanID is how the canonical form without an id spells it: the
// third field, on its own line (JSON strings hold no raw newline, so the
// fields before cannot contain this text).
var emptyPlanID = []byte("\n  \"plan_id\": \"\"")

// withPlanID is the canonical form with the id written in: the same
// bytes as encoding the plan again with it, without a second encoding
// of a large plan. The id goes in place when body has room for it, so
// that a large plan is held once.
func withPlanID(body []byte, id string) ([]byte, error) {
	i, err := planIDOffset(body)
	if err != nil {
		return nil, err
	}
	n := len(body)
	body = append(body, id...) // grows body by len(id); in place when it fits
	copy(body[i+len(id):], body[i:n])
	copy(body[i:], id)
	return body, nil
}

// planIDOffset is where the id goes in the canonical form without it:
// before the closing quote of its empty plan_id.
func planIDOffset(body []byte) (int, error) {
	i := bytes.Index(body, emptyPlanID)
	if i < 0 {
		return 0, errors.New("encoding plan: no plan_id field")
	}
	return i + len(emptyPlanID) - 1, nil
}

// writeCanonical writes the plan's canonical form (json.Encoder's, with
// HTML not escaped, indented by two spaces, with its final newline) to w,
// one component and one action at a time: a large plan is never encoded
// whole in memory, neither when it is written nor when a plan file is
// checked against it.
//
// The plan without its components and actions is encoded first; their
// "null" there is replaced by the arrays, each element encoded and
// indented on its own, which is the text indenting the whole plan gives.
func writeCanonical(w io.Writer, p *Plan) error {
	shell := *p
	var lists []list
	if len(p.Components) > 0 {
		shell.Components = nil
		lists = append(lists, list{"components", len(p.Components), func(i int) any { return &p.Components[i] }})
	}
	if len(p.Actions) > 0 {
		shell.Actions = nil
		lists = append(lists, list{"actions", len(p.Actions), func(i int) any { return &p.Actions[i] }})
	}
	var enc valueEncoder
	head, err := enc.encode(&shell, "")
	if err != nil {
		return err
	}
	head = append([]byte(nil), head...) // enc's buffer is reused for the elements
	for _, l := range lists {
		key := []byte("\n  \"" + l.key + "\": null")
		i := bytes.Index(head, key)
		if i < 0 {
			return fmt.Errorf("encoding plan: no %s field", l.key)
		}
		i += len(key) - len("null")
		if _, err := w.Write(head[:i]); err != nil {
			return err
		}
		head = head[i+len("null"):]
		if err := l.write(w, &enc); err != nil {
			return err
		}
	}
	_, err = w.Write(head)
	return err
}

// list is a top-level array of the plan written element by element.
type list struct {
	key  string
	n    int
	elem func(i int) any
}

// write writes the array as indenting the whole plan lays it out: each
// element on a line of its own at depth 2, the bracket closing at depth 1.
func (l list) write(w io.Writer, enc *valueEncoder) error {
	if _, err := io.WriteString(w, "["); err != nil {
		return err
	}
	for i := 0; i < l.n; i++ {
		sep := ",\n    "
		if i == 0 {
			sep = "\n    "
		}
		if _, err := io.WriteString(w, sep); err != nil {
			return err
		}
		b, err := enc.encode(l.elem(i), "    ")
		if err != nil {
			return err
		}
		if _, err := w.Write(bytes.TrimSuffix(b, []byte("\n"))); err != nil {
			return err
		}
	}
	_, err := io.WriteString(w, "\n  ]")
	return err
}

// valueEncoder encodes one value at a time into buffers it reuses.
type valueEncoder struct{ compact, indented bytes.Buffer }

// encode returns v's canonical text indented under prefix (the first
// line without it), valid until the next call.
func (e *valueEncoder) encode(v any, prefix string) ([]byte, error) {
	e.compact.Reset()
	e.indented.Reset()
	enc := json.NewEncoder(&e.compact)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return nil, fmt.Errorf("encoding plan: %w", err)
	}
	if err := json.Indent(&e.indented, e.compact.Bytes(), prefix, "  "); err != nil {
		return nil, fmt.Errorf("encoding plan: %w", err)
	}
	return e.indented.Bytes(), nil
}

// Decode parses plan bytes and verifies the format version, the checksum
// and that the bytes are exactly the canonical encoding, so that any
// changed byte is refused.
//
// The check encodes the decoded plan again into two hashes as it goes,
// the content without the id (the id it must match) and the content with
// it (the file's bytes it must match), so that checking holds the plan
// and the bytes, not a second encoding.
func Decode(data []byte) (*Plan, error) {
	var head struct {
		FormatVersion string `json:"format_version"`
	}
	if err := json.Unmarshal(data, &head); err != nil {
		return nil, fmt.Errorf("not a relctl plan file: %w", err)
	}
	if head.FormatVersion == "" {
		return nil, errors.New("not a relctl plan file: it has no format_version")
	}
	if head.FormatVersion != FormatVersion {
		return nil, fmt.Errorf("plan format version %q is not supported by this relctl (it reads version %s); use the relctl that wrote it", head.FormatVersion, FormatVersion)
	}
	p, err := decodeStream(json.NewDecoder(bytes.NewReader(data)))
	if err != nil {
		return nil, fmt.Errorf("%w: %v", ErrPlanTampered, err)
	}
	file := sha256.Sum256(data)
	if err := verify(p, file[:]); err != nil {
		return nil, err
	}
	return p, nil
}

// verify checks a decoded plan against the SHA-256 of the file it came
// from: its id must be the hash of its canonical content without it, and
// the file must be that content with the id.
func verify(p *Plan, file []byte) error {
	claimed := p.PlanID
	p.PlanID = ""
	defer func() { p.PlanID = claimed }()
	content, withID := sha256.New(), sha256.New()
	ins := &insertWriter{w: withID, insert: []byte(claimed), at: -1}
	var prefix bytes.Buffer // the form's start, to find where the id goes
	err := writeCanonical(writerFunc(func(b []byte) (int, error) {
		content.Write(b)
		if ins.at < 0 {
			prefix.Write(b)
			if i, err := planIDOffset(prefix.Bytes()); err == nil {
				ins.at = i
				ins.Write(prefix.Bytes())
				prefix = bytes.Buffer{}
			}
			return len(b), nil
		}
		return ins.Write(b)
	}), p)
	if err != nil {
		return err
	}
	if ins.at < 0 {
		return errors.New("encoding plan: no plan_id field")
	}
	if got := hex.EncodeToString(content.Sum(nil)); got != claimed {
		return fmt.Errorf("%w: its content has sha256 %s but it claims %s", ErrPlanTampered, got, claimed)
	}
	if !bytes.Equal(withID.Sum(nil), file) {
		return fmt.Errorf("%w: it is not in the form relctl writes", ErrPlanTampered)
	}
	return nil
}

// insertWriter writes to w what is written to it, with insert after the
// first at bytes.
type insertWriter struct {
	w      io.Writer
	insert []byte
	at     int   // offset of the insertion
	n      int64 // bytes written so far
}

func (iw *insertWriter) Write(b []byte) (int, error) {
	if iw.n <= int64(iw.at) && iw.n+int64(len(b)) >= int64(iw.at) {
		k := iw.at - int(iw.n)
		iw.w.Write(b[:k])
		iw.w.Write(iw.insert)
		iw.w.Write(b[k:])
		iw.insert = nil
	} else {
		iw.w.Write(b)
	}
	iw.n += int64(len(b))
	return len(b), nil
}

// writerFunc is a function as an io.Writer.
type writerFunc func([]byte) (int, error)

func (f writerFunc) Write(b []byte) (int, error) { return f(b) }

// WriteFile writes the plan atomically and returns its id.
func WriteFile(path string, p *Plan) (string, error) {
	data, err := Encode(p)
	if err != nil {
		return "", err
	}
	if err := atomicfile.WriteFile(path, data, 0o644); err != nil {
		return "", fmt.Errorf("writing plan %s: %w", path, err)
	}
	return p.PlanID, nil
}

// ReadFile reads and verifies a plan file. The file is decoded as it is
// read and hashed on the way, so that its bytes are not kept beside the
// plan; a file that does not decode as a plan of this version is read
// again whole, for Decode to say what is wrong with it.
func ReadFile(path string) (*Plan, error) {
	p, sum, err := readPlan(path)
	if err != nil {
		return nil, fmt.Errorf("reading plan: %w", err)
	}
	if p == nil {
		data, err := os.ReadFile(path)
		if err != nil {
			return nil, fmt.Errorf("reading plan: %w", err)
		}
		p, err = Decode(data)
		if err != nil {
			return nil, fmt.Errorf("plan %s: %w", path, err)
		}
		return p, nil
	}
	if err := verify(p, sum); err != nil {
		return nil, fmt.Errorf("plan %s: %w", path, err)
	}
	return p, nil
}

// readPlan decodes the plan file at path and returns it with the SHA-256
// of the whole file; the plan is nil when the file is not a plan of this
// format version.
func readPlan(path string) (*Plan, []byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, nil, err
	}
	defer f.Close()
	h := sha256.New()
	r := io.TeeReader(f, h)
	p, err := decodeStream(json.NewDecoder(r))
	if err != nil || p.FormatVersion != FormatVersion {
		return nil, nil, nil
	}
	if _, err := io.Copy(io.Discard, r); err != nil { // what follows the plan counts too
		return nil, nil, err
	}
	return p, h.Sum(nil), nil
}

// decodeStream decodes a plan one top-level field at a time and its
// components and actions one at a time, so that the decoder's buffer
// holds one of them, not the whole file. Unknown fields are refused as
// json.Decoder's DisallowUnknownFields does.
func decodeStream(dec *json.Decoder) (*Plan, error) {
	dec.DisallowUnknownFields()
	var p Plan
	if err := delim(dec, '{'); err != nil {
		return nil, err
	}
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			return nil, err
		}
		key, _ := tok.(string)
		switch key {
		case "components":
			err = decodeList(dec, &p.Components)
		case "actions":
			err = decodeList(dec, &p.Actions)
		default:
			err = decodeField(dec, key, &p)
		}
		if err != nil {
			return nil, err
		}
	}
	if err := delim(dec, '}'); err != nil {
		return nil, err
	}
	return &p, nil
}

// decodeField decodes the value of the top-level field key into p as
// decoding the whole plan would.
func decodeField(dec *json.Decoder, key string, p *Plan) error {
	var raw json.RawMessage
	if err := dec.Decode(&raw); err != nil {
		return err
	}
	name, err := json.Marshal(key)
	if err != nil {
		return err
	}
	obj := make([]byte, 0, len(name)+len(raw)+3)
	obj = append(append(append(append(append(obj, '{'), name...), ':'), raw...), '}')
	field := json.NewDecoder(bytes.NewReader(obj))
	field.DisallowUnknownFields()
	return field.Decode(p)
}

// decodeList decodes a JSON array (or null) into list, element by element.
func decodeList[T any](dec *json.Decoder, list *[]T) error {
	tok, err := dec.Token()
	if err != nil {
		return err
	}
	if tok == nil {
		*list = nil
		return nil
	}
	if d, ok := tok.(json.Delim); !ok || d != '[' {
		return fmt.Errorf("expected an array, found %v", tok)
	}
	*list = []T{}
	for dec.More() {
		var e T
		if err := dec.Decode(&e); err != nil {
			return err
		}
		*list = append(*list, e)
	}
	return delim(dec, ']')
}

// delim reads the delimiter want.
func delim(dec *json.Decoder, want json.Delim) error {
	tok, err := dec.Token()
	if err != nil {
		return err
	}
	if d, ok := tok.(json.Delim); !ok || d != want {
		return fmt.Errorf("expected %v, found %v", want, tok)
	}
	return nil
}

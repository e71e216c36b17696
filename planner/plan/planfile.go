package plan

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
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
	body, err := canonical(p)
	if err != nil {
		return nil, err
	}
	sum := sha256.Sum256(body)
	p.PlanID = hex.EncodeToString(sum[:])
	return withPlanID(body, p.PlanID)
}

// emptyPlanID is how the canonical form without an id spells it: the
// third field, on its own line (JSON strings hold no raw newline, so the
// fields before cannot contain this text).
var emptyPlanID = []byte("\n  \"plan_id\": \"\"")

// withPlanID is the canonical form with the id written in: the same
// bytes as encoding the plan again with it, without a second encoding
// of a large plan. The id goes in place when body has room for it
// (canonical leaves some), so that a large plan is held once.
func withPlanID(body []byte, id string) ([]byte, error) {
	i := bytes.Index(body, emptyPlanID)
	if i < 0 {
		return nil, errors.New("encoding plan: no plan_id field")
	}
	i += len(emptyPlanID) - 1 // before the closing quote
	n := len(body)
	body = append(body, id...) // grows body by len(id); in place when it fits
	copy(body[i+len(id):], body[i:n])
	copy(body[i:], id)
	return body, nil
}

// canonical is the plan's canonical form (indented, HTML not escaped)
// without the id. The encoder's compact form is indented straight into
// one buffer sized for it, not collected and then copied.
func canonical(p *Plan) ([]byte, error) {
	var w indenter
	enc := json.NewEncoder(&w)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(p); err != nil {
		return nil, fmt.Errorf("encoding plan: %w", err)
	}
	return w.buf.Bytes(), nil
}

// indenter indents the JSON written to it as json.Encoder's SetIndent("",
// "  ") does: the encoder writes one value (with its newline) per call.
type indenter struct{ buf bytes.Buffer }

func (w *indenter) Write(p []byte) (int, error) {
	if err := json.Indent(&w.buf, p, "", "  "); err != nil {
		return 0, err
	}
	return len(p), nil
}

// Decode parses plan bytes and verifies the format version, the checksum
// and that the bytes are exactly the canonical encoding, so that any
// changed byte is refused.
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
	var p Plan
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&p); err != nil {
		return nil, fmt.Errorf("%w: %v", ErrPlanTampered, err)
	}
	claimed := p.PlanID
	again := p
	want, err := Encode(&again)
	if err != nil {
		return nil, err
	}
	if again.PlanID != claimed {
		return nil, fmt.Errorf("%w: its content has sha256 %s but it claims %s", ErrPlanTampered, again.PlanID, claimed)
	}
	if !bytes.Equal(want, data) {
		return nil, fmt.Errorf("%w: it is not in the form relctl writes", ErrPlanTampered)
	}
	return &p, nil
}

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

// ReadFile reads and verifies a plan file.
func ReadFile(path string) (*Plan, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("reading plan: %w", err)
	}
	p, err := Decode(data)
	if err != nil {
		return nil, fmt.Errorf("plan %s: %w", path, err)
	}
	return p, nil
}

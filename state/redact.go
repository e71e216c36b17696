package state

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strings"
)

// Redacted replaces a secret value found in a record.
const Redacted = "(sensitive)"

// minSecretLen is the shortest value treated as a secret: shorter ones
// would redact ordinary words and numbers.
const minSecretLen = 4

// AddSecrets registers values (tokens, passwords) that must never be
// written to the state. Every occurrence in a recorded action's error,
// note, outputs or undo data is replaced by Redacted before the record
// is written. Providers must not return secrets in the first place; this
// is the last line of defence.
func (j *Journal) AddSecrets(values ...string) {
	j.mu.Lock()
	defer j.mu.Unlock()
	j.secrets = j.secrets.add(values)
}

type secrets []string

// add returns s with the values long enough to be secrets.
func (s secrets) add(values []string) secrets {
	for _, v := range values {
		if len(v) >= minSecretLen {
			s = append(s, v)
		}
	}
	return s
}

func (s secrets) redact(rec Action) (Action, error) {
	if len(s) == 0 {
		return rec, nil
	}
	rec.Error = s.redactString(rec.Error)
	rec.Note = s.redactString(rec.Note)
	var err error
	if rec.Outputs, err = s.redactJSON(rec.Outputs); err != nil {
		return rec, fmt.Errorf("outputs: %w", err)
	}
	if rec.UndoData, err = s.redactJSON(rec.UndoData); err != nil {
		return rec, fmt.Errorf("undo data: %w", err)
	}
	return rec, nil
}

func (s secrets) redactString(v string) string {
	for _, secret := range s {
		v = strings.ReplaceAll(v, secret, Redacted)
	}
	return v
}

// redactJSON rewrites every string (keys included) of a JSON document
// that contains a secret. Documents that contain none are kept byte for
// byte.
func (s secrets) redactJSON(raw json.RawMessage) (json.RawMessage, error) {
	if len(raw) == 0 {
		return raw, nil
	}
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		return nil, fmt.Errorf("not valid JSON: %w", err)
	}
	v, changed := s.redactValue(v)
	if !changed {
		return raw, nil
	}
	return json.Marshal(v)
}

func (s secrets) redactValue(v any) (any, bool) {
	switch v := v.(type) {
	case string:
		r := s.redactString(v)
		return r, r != v
	case []any:
		changed := false
		for i, e := range v {
			var c bool
			v[i], c = s.redactValue(e)
			changed = changed || c
		}
		return v, changed
	case map[string]any:
		out := make(map[string]any, len(v))
		changed := false
		for k, e := range v {
			rk := s.redactString(k)
			re, c := s.redactValue(e)
			out[rk] = re
			changed = changed || c || rk != k
		}
		return out, changed
	}
	return v, false
}

package plan

import (
	"encoding/json"

	"github.com/zclconf/go-cty/cty"
	ctyjson "github.com/zclconf/go-cty/cty/json"
)

// typedValue is a cty value with its type, so it can be decoded exactly.
type typedValue struct {
	Type  json.RawMessage `json:"type"`
	Value json.RawMessage `json:"value"`
}

// MarshalTyped encodes v with its type, so that UnmarshalTyped decodes it
// exactly (the values a deferred argument refers to).
func MarshalTyped(v cty.Value) (json.RawMessage, error) {
	ty, err := ctyjson.MarshalType(v.Type())
	if err != nil {
		return nil, err
	}
	val, err := ctyjson.Marshal(v, v.Type())
	if err != nil {
		return nil, err
	}
	return json.Marshal(typedValue{Type: ty, Value: val})
}

// UnmarshalTyped decodes a value encoded by MarshalTyped.
func UnmarshalTyped(raw json.RawMessage) (cty.Value, error) {
	var tv typedValue
	if err := json.Unmarshal(raw, &tv); err != nil {
		return cty.NilVal, err
	}
	ty, err := ctyjson.UnmarshalType(tv.Type)
	if err != nil {
		return cty.NilVal, err
	}
	return ctyjson.Unmarshal(tv.Value, ty)
}

package executor

import (
	"encoding/json"
	"fmt"

	"github.com/zclconf/go-cty/cty"
	"github.com/zclconf/go-cty/cty/convert"
	ctyjson "github.com/zclconf/go-cty/cty/json"

	"github.com/relctl/relctl/planner/plan"
	"github.com/relctl/relctl/providers"
)

// outputsEntry caches the decoded outputs of one action.
type outputsEntry struct {
	values map[string]cty.Value
	raw    string // the JSON they were decoded from
}

// encodeOutputs converts a provider's outputs to the JSON object the
// state stores, typed by the action schema: missing outputs are null,
// outputs the schema does not declare are refused.
func encodeOutputs(schema providers.ActionSchema, outputs map[string]cty.Value) (json.RawMessage, error) {
	for name := range outputs {
		if _, ok := schema.Outputs[name]; !ok {
			return nil, fmt.Errorf("provider returned output %q, which the action schema does not declare", name)
		}
	}
	attrs := make(map[string]cty.Value, len(schema.Outputs))
	for name, typ := range schema.Outputs {
		v, ok := outputs[name]
		if !ok || v.IsNull() {
			attrs[name] = cty.NullVal(typ)
			continue
		}
		cv, err := convert.Convert(v, typ)
		if err != nil {
			return nil, fmt.Errorf("output %q: %w", name, err)
		}
		if !cv.IsWhollyKnown() {
			return nil, fmt.Errorf("output %q is unknown after apply", name)
		}
		attrs[name] = cv
	}
	typ := schema.OutputType()
	obj := cty.ObjectVal(attrs)
	if len(attrs) == 0 {
		obj = cty.EmptyObjectVal
	}
	data, err := ctyjson.Marshal(obj, typ)
	if err != nil {
		return nil, fmt.Errorf("encoding outputs: %w", err)
	}
	return data, nil
}

// decodeOutputs reads outputs stored in the state.
func decodeOutputs(schema providers.ActionSchema, raw json.RawMessage) (map[string]cty.Value, error) {
	if len(raw) == 0 {
		return nil, nil
	}
	v, err := ctyjson.Unmarshal(raw, schema.OutputType())
	if err != nil {
		return nil, fmt.Errorf("decoding recorded outputs: %w", err)
	}
	if v.IsNull() {
		return nil, nil
	}
	return v.AsValueMap(), nil
}

// outputsOf returns the recorded outputs of the action at addr, decoding
// them once. ok is false when the action has no outputs recorded.
func (e *Executor) outputsOf(addr string) (map[string]cty.Value, bool, error) {
	rec, _ := e.current(addr)
	if len(rec.Outputs) == 0 {
		return nil, false, nil
	}
	e.mu.Lock()
	entry, hit := e.outputs[addr]
	e.mu.Unlock()
	if hit && entry.raw == string(rec.Outputs) {
		return entry.values, true, nil
	}
	a, ok := e.Plan.Action(addr)
	if !ok {
		return nil, false, fmt.Errorf("no action %s in the plan", addr)
	}
	_, schema, err := e.schemaOf(a)
	if err != nil {
		return nil, false, err
	}
	values, err := decodeOutputs(schema, rec.Outputs)
	if err != nil {
		return nil, false, fmt.Errorf("%s: %w", addr, err)
	}
	e.mu.Lock()
	if e.outputs == nil {
		e.outputs = map[string]outputsEntry{}
	}
	e.outputs[addr] = outputsEntry{values: values, raw: string(rec.Outputs)}
	e.mu.Unlock()
	return values, true, nil
}

// lookup is the planner.OutputLookup over finished actions. A lookup
// that fails to decode reads as absent; the planner then names the
// action and attribute it could not resolve.
func (e *Executor) lookup(addr string) (map[string]cty.Value, bool) {
	values, ok, err := e.outputsOf(addr)
	if err != nil {
		e.logger().Warn("cannot read recorded outputs", "action", addr, "error", err)
		return nil, false
	}
	return values, ok
}

// resolveArgs evaluates the action's arguments with the outputs of the
// actions it reads.
func (e *Executor) resolveArgs(a *plan.Action, schema providers.ActionSchema) (cty.Value, error) {
	args, err := plan.ResolveArgs(a, schema, e.lookup, e.getenv)
	if err != nil {
		return cty.NilVal, fmt.Errorf("resolving arguments: %w", err)
	}
	return args, nil
}

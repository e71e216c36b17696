package providers

import (
	"encoding/json"
	"errors"
	"fmt"
)

// ErrIrreversible is wrapped by the error of an UndoAction that cannot
// undo what the action did (a sent message, a pipeline that ran, a merge).
// The executor never asks for such an undo when the action's schema says
// Irreversible; a provider returns it where the world forbids an undo that
// the schema allows.
var ErrIrreversible = errors.New("cannot be undone")

// ErrNoUndoData is wrapped by the error of an UndoAction that needs undo
// data and found none, nor outputs to undo from.
var ErrNoUndoData = errors.New("no undo data recorded")

// EncodeUndo encodes v as an action's undo data. v is a provider's own
// struct of plain fields; a value that cannot be encoded is a bug.
func EncodeUndo(v any) json.RawMessage {
	b, err := json.Marshal(v)
	if err != nil {
		panic(fmt.Sprintf("encoding undo data: %v", err))
	}
	return b
}

// DecodeUndo reads undo data written by EncodeUndo into v. Empty undo data
// has one meaning for every provider: the action recorded none (it was
// recorded before its provider kept any, or adopted without it). v is then
// left as it is and recorded is false, and the provider undoes from the
// action's outputs where they suffice, or fails with ErrNoUndoData.
func DecodeUndo(raw json.RawMessage, v any) (recorded bool, err error) {
	if len(raw) == 0 || string(raw) == "null" {
		return false, nil
	}
	if err := json.Unmarshal(raw, v); err != nil {
		return false, fmt.Errorf("reading undo data: %w", err)
	}
	return true, nil
}

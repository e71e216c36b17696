package funcs

import (
	"errors"

	"github.com/zclconf/go-cty/cty"
	"github.com/zclconf/go-cty/cty/function"
)

// redactedDetail replaces the message of an error raised by a call that
// received a sensitive value. Many functions quote their argument when
// they fail (tonumber("ghp_…") says `cannot convert "ghp_…" to number`),
// and diagnostics are printed and logged.
const redactedDetail = "the call received a sensitive value, so the error details are hidden to keep it secret"

// redactErrors wraps fn so that its errors are replaced by redactedDetail
// whenever an argument carries SensitiveMark. The argument index of an
// argument error is kept, so the diagnostic still points at the argument.
// fn's behaviour is otherwise unchanged: the wrapper lets marked, unknown,
// null and dynamic values through and fn applies its own parameter rules
// (and its refinements of unknown results).
func redactErrors(fn function.Function) function.Function {
	params := fn.Params()
	for i := range params {
		params[i] = transparent(params[i])
	}
	var varParam *function.Parameter
	if vp := fn.VarParam(); vp != nil {
		p := transparent(*vp)
		varParam = &p
	}
	return function.New(&function.Spec{
		Description: fn.Description(),
		Params:      params,
		VarParam:    varParam,
		Type: func(args []cty.Value) (cty.Type, error) {
			ty, err := fn.ReturnTypeForValues(args)
			return ty, redact(args, err)
		},
		Impl: func(args []cty.Value, _ cty.Type) (cty.Value, error) {
			v, err := fn.Call(args)
			return v, redact(args, err)
		},
	})
}

func transparent(p function.Parameter) function.Parameter {
	p.AllowMarked, p.AllowUnknown, p.AllowNull, p.AllowDynamicType = true, true, true, true
	return p
}

func redact(args []cty.Value, err error) error {
	if err == nil || !anySensitive(args) {
		return err
	}
	var argErr function.ArgError
	if errors.As(err, &argErr) {
		return function.NewArgErrorf(argErr.Index, redactedDetail)
	}
	return errors.New(redactedDetail)
}

func anySensitive(args []cty.Value) bool {
	for _, a := range args {
		if _, pvm := a.UnmarkDeepWithPaths(); hasSensitive(pvm) {
			return true
		}
	}
	return false
}

func hasSensitive(pvm []cty.PathValueMarks) bool {
	for _, p := range pvm {
		if _, ok := p.Marks[SensitiveMark]; ok {
			return true
		}
	}
	return false
}

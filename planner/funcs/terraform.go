package funcs

import (
	"errors"
	"regexp"
	"strings"

	"github.com/zclconf/go-cty/cty"
	"github.com/zclconf/go-cty/cty/convert"
	"github.com/zclconf/go-cty/cty/function"
	"github.com/zclconf/go-cty/cty/function/stdlib"
)

// terraformFunctions are the functions whose Terraform behaviour differs
// from (or is missing in) the cty standard library; they follow
// Terraform's lang/funcs implementations.
func terraformFunctions() map[string]function.Function {
	return map[string]function.Function{
		"alltrue":    allTrueFunc,
		"anytrue":    anyTrueFunc,
		"coalesce":   coalesceFunc,
		"endswith":   endsWithFunc,
		"length":     lengthFunc,
		"replace":    replaceFunc,
		"startswith": startsWithFunc,
	}
}

// replaceFunc replaces every occurrence of substr in str; a substr written
// between slashes, /like this/, is a regular expression and replace may
// then refer to its groups ($1, ${name}).
var replaceFunc = function.New(&function.Spec{
	Description: "Replaces every occurrence of substr in str with replace; /substr/ is a regular expression.",
	Params: []function.Parameter{
		{Name: "str", Type: cty.String},
		{Name: "substr", Type: cty.String},
		{Name: "replace", Type: cty.String},
	},
	Type:         function.StaticReturnType(cty.String),
	RefineResult: refineNotNull,
	Impl: func(args []cty.Value, _ cty.Type) (cty.Value, error) {
		str, substr, replace := args[0].AsString(), args[1].AsString(), args[2].AsString()
		if len(substr) > 1 && substr[0] == '/' && substr[len(substr)-1] == '/' {
			re, err := regexp.Compile(substr[1 : len(substr)-1])
			if err != nil {
				return cty.UnknownVal(cty.String), function.NewArgErrorf(1, "invalid regular expression %s: %s", substr, err)
			}
			return cty.StringVal(re.ReplaceAllString(str, replace)), nil
		}
		return cty.StringVal(strings.ReplaceAll(str, substr, replace)), nil
	},
})

// lengthFunc counts the characters of a string, the elements of a
// collection or the attributes of an object.
var lengthFunc = function.New(&function.Spec{
	Description: "Returns the number of characters of a string, elements of a collection or attributes of an object.",
	Params: []function.Parameter{{
		Name: "value", Type: cty.DynamicPseudoType,
		AllowDynamicType: true, AllowUnknown: true, AllowMarked: true,
	}},
	Type: func(args []cty.Value) (cty.Type, error) {
		ty := args[0].Type()
		if ty == cty.String || ty == cty.DynamicPseudoType || ty.IsCollectionType() || ty.IsTupleType() || ty.IsObjectType() {
			return cty.Number, nil
		}
		return cty.Number, errors.New("argument must be a string, a collection or an object")
	},
	RefineResult: refineNotNull,
	Impl: func(args []cty.Value, _ cty.Type) (cty.Value, error) {
		v := args[0]
		ty, marks := v.Type(), v.Marks()
		switch {
		case ty == cty.DynamicPseudoType:
			return cty.UnknownVal(cty.Number).WithMarks(marks), nil
		case ty.IsTupleType():
			return cty.NumberIntVal(int64(len(ty.TupleElementTypes()))).WithMarks(marks), nil
		case ty.IsObjectType():
			return cty.NumberIntVal(int64(len(ty.AttributeTypes()))).WithMarks(marks), nil
		case ty == cty.String:
			return stdlib.Strlen(v)
		default:
			return v.Length(), nil
		}
	},
})

// coalesceFunc returns its first argument that is neither null nor an
// empty string.
var coalesceFunc = function.New(&function.Spec{
	Description: "Returns the first argument that is neither null nor an empty string.",
	VarParam: &function.Parameter{
		Name: "vals", Type: cty.DynamicPseudoType,
		AllowUnknown: true, AllowDynamicType: true, AllowNull: true,
	},
	Type: func(args []cty.Value) (cty.Type, error) {
		types := make([]cty.Type, len(args))
		for i, v := range args {
			types[i] = v.Type()
		}
		ty, _ := convert.UnifyUnsafe(types)
		if ty == cty.NilType {
			return cty.NilType, errors.New("all arguments must have the same type")
		}
		return ty, nil
	},
	Impl: func(args []cty.Value, retType cty.Type) (cty.Value, error) {
		for _, v := range args {
			v, _ = convert.Convert(v, retType) // the Type function checked it
			switch {
			case !v.IsKnown():
				return cty.UnknownVal(retType), nil
			case v.IsNull(), retType == cty.String && v.RawEquals(cty.StringVal("")):
				continue
			}
			return v, nil
		}
		return cty.NilVal, errors.New("no non-null, non-empty-string arguments")
	},
})

var startsWithFunc = stringPredicate("prefix", "Tells whether str begins with prefix.", strings.HasPrefix)

var endsWithFunc = stringPredicate("suffix", "Tells whether str ends with suffix.", strings.HasSuffix)

func stringPredicate(param, description string, pred func(s, part string) bool) function.Function {
	return function.New(&function.Spec{
		Description:  description,
		Params:       []function.Parameter{{Name: "str", Type: cty.String}, {Name: param, Type: cty.String}},
		Type:         function.StaticReturnType(cty.Bool),
		RefineResult: refineNotNull,
		Impl: func(args []cty.Value, _ cty.Type) (cty.Value, error) {
			return cty.BoolVal(pred(args[0].AsString(), args[1].AsString())), nil
		},
	})
}

// allTrueFunc is true when every element of the list is true (and for an
// empty list); a null element counts as false.
var allTrueFunc = boolFold("Tells whether every element of the list is true.", true)

// anyTrueFunc is true when at least one element of the list is true.
var anyTrueFunc = boolFold("Tells whether at least one element of the list is true.", false)

// boolFold returns alltrue (all == true) or anytrue: the list's elements
// are scanned until one decides the result.
func boolFold(description string, all bool) function.Function {
	return function.New(&function.Spec{
		Description:  description,
		Params:       []function.Parameter{{Name: "list", Type: cty.List(cty.Bool)}},
		Type:         function.StaticReturnType(cty.Bool),
		RefineResult: refineNotNull,
		Impl: func(args []cty.Value, _ cty.Type) (cty.Value, error) {
			unknown := false
			for it := args[0].ElementIterator(); it.Next(); {
				_, v := it.Element()
				switch {
				case !v.IsKnown():
					unknown = true
				case !v.IsNull() && v.True() != all:
					return cty.BoolVal(!all), nil
				case v.IsNull() && all:
					return cty.False, nil
				}
			}
			if unknown {
				return cty.UnknownVal(cty.Bool), nil
			}
			return cty.BoolVal(all), nil
		},
	})
}

func refineNotNull(b *cty.RefinementBuilder) *cty.RefinementBuilder {
	return b.NotNull()
}

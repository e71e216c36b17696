package funcs

import (
	"github.com/zclconf/go-cty/cty"
	"github.com/zclconf/go-cty/cty/function"
)

// envFunc returns env(NAME): the value of the environment variable NAME,
// "" when it is not set (so coalesce(env("X"), "default") works). The
// result is marked sensitive: the environment is where tokens live, so a
// value read from it never reaches the plan or the state unless the
// configuration says otherwise.
func envFunc(getenv func(string) string) function.Function {
	return function.New(&function.Spec{
		Description: "Returns the value of an environment variable, or \"\" if it is not set. The result is sensitive.",
		Params:      []function.Parameter{{Name: "name", Type: cty.String}},
		Type:        function.StaticReturnType(cty.String),
		RefineResult: func(b *cty.RefinementBuilder) *cty.RefinementBuilder {
			return b.NotNull()
		},
		Impl: func(args []cty.Value, _ cty.Type) (cty.Value, error) {
			name := args[0].AsString()
			if name == "" {
				return cty.UnknownVal(cty.String), function.NewArgErrorf(0, "environment variable name must not be empty")
			}
			return cty.StringVal(getenv(name)).Mark(SensitiveMark), nil
		},
	})
}

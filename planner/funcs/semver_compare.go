package funcs

import (
	"github.com/relctl/relctl/planner/version"
	"github.com/zclconf/go-cty/cty"
	"github.com/zclconf/go-cty/cty/function"
)

// semverCompareFunc is semver_compare(a, b): -1, 0 or 1 as a precedes,
// equals or follows b in SemVer 2.0 precedence (prereleases before their
// release, build metadata ignored).
var semverCompareFunc = function.New(&function.Spec{
	Description: "Compares two semver versions: -1, 0 or 1 as a precedes, equals or follows b.",
	Params: []function.Parameter{
		{Name: "a", Type: cty.String},
		{Name: "b", Type: cty.String},
	},
	Type:         function.StaticReturnType(cty.Number),
	RefineResult: refineNotNull,
	Impl: func(args []cty.Value, _ cty.Type) (cty.Value, error) {
		var vs [2]version.Version
		for i := range vs {
			v, err := version.Parse(version.SemVer, args[i].AsString())
			if err != nil {
				return cty.UnknownVal(cty.Number), function.NewArgError(i, err)
			}
			vs[i] = v
		}
		return cty.NumberIntVal(int64(version.Compare(vs[0], vs[1]))), nil
	},
})

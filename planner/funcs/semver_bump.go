package funcs

import (
	"github.com/relctl/relctl/planner/version"
	"github.com/zclconf/go-cty/cty"
	"github.com/zclconf/go-cty/cty/function"
)

// semverBumpFunc is semver_bump(v, part): the semver version after v for
// part major, minor, patch or prerelease, with planner/version's rules
// (semver_bump("1.2.3", "prerelease") is "1.2.4-rc.1",
// semver_bump("1.2.4-rc.1", "patch") is "1.2.4").
var semverBumpFunc = function.New(&function.Spec{
	Description: "Returns the next semver version for part major, minor, patch or prerelease.",
	Params: []function.Parameter{
		{Name: "version", Type: cty.String},
		{Name: "part", Type: cty.String},
	},
	Type:         function.StaticReturnType(cty.String),
	RefineResult: refineNotNull,
	Impl: func(args []cty.Value, _ cty.Type) (cty.Value, error) {
		v, err := version.Parse(version.SemVer, args[0].AsString())
		if err != nil {
			return cty.UnknownVal(cty.String), function.NewArgError(0, err)
		}
		part := args[1].AsString()
		switch part {
		case version.BumpMajor, version.BumpMinor, version.BumpPatch, version.BumpPrerelease:
		default:
			return cty.UnknownVal(cty.String), function.NewArgErrorf(1, "part %q must be one of major, minor, patch, prerelease", part)
		}
		next, err := version.Bump(v, part, "")
		if err != nil {
			return cty.UnknownVal(cty.String), err
		}
		return cty.StringVal(next.String()), nil
	},
})

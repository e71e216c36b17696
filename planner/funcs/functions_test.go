package funcs

import (
	"math"
	"slices"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/zclconf/go-cty/cty"
	ctyjson "github.com/zclconf/go-cty/cty/json"
)

// TestFunctionNames pins the set of names an expression can call.
func TestFunctionNames(t *testing.T) {
	t.Parallel()
	want := []string{
		"abs", "alltrue", "anytrue", "can", "ceil", "chomp", "chunklist", "coalesce", "coalescelist",
		"compact", "concat", "contains", "csvdecode", "distinct", "element", "endswith", "env", "file",
		"flatten", "floor", "format", "formatdate", "formatlist", "indent", "join", "jsondecode",
		"jsonencode", "keys", "length", "log", "lookup", "lower", "max", "merge", "min", "parseint",
		"pow", "range", "regex", "regexall", "replace", "reverse", "semver_bump", "semver_compare",
		"setintersection", "setproduct", "setsubtract", "setsymmetricdifference", "setunion", "signum",
		"slice", "sort", "split", "startswith", "strrev", "substr", "timeadd", "title", "tobool",
		"tolist", "tomap", "tonumber", "toset", "tostring", "trim", "trimprefix", "trimspace",
		"trimsuffix", "try", "upper", "values", "zipmap",
	}
	var got []string
	for name := range Functions(t.TempDir(), testGetenv) {
		got = append(got, name)
	}
	slices.Sort(got)
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("function names (-want +got):\n%s", diff)
	}
}

// TestStandardFunctions evaluates each standard function through a real
// HCL expression, so that a name wired to the wrong implementation fails.
// Results are compared as their type and JSON form.
func TestStandardFunctions(t *testing.T) {
	t.Parallel()
	tests := map[string]struct {
		expr     string
		wantType string
		wantJSON string
	}{
		"format":             {`format("%s-%03d", "rc", 7)`, "string", `"rc-007"`},
		"formatlist":         {`formatlist("v%s", ["1.0", "2.0"])`, "list of string", `["v1.0","v2.0"]`},
		"join":               {`join(", ", ["a", "b", "c"])`, "string", `"a, b, c"`},
		"split":              {`split(".", "3.4.7")`, "list of string", `["3","4","7"]`},
		"lower":              {`lower("APIM")`, "string", `"apim"`},
		"upper":              {`upper("apim")`, "string", `"APIM"`},
		"title":              {`title("gravitee gateway")`, "string", `"Gravitee Gateway"`},
		"trimspace":          {`trimspace("  3.4.7\n")`, "string", `"3.4.7"`},
		"trim":               {`trim("--x--", "-")`, "string", `"x"`},
		"trimprefix":         {`trimprefix("v1.2.3", "v")`, "string", `"1.2.3"`},
		"trimsuffix":         {`trimsuffix("1.2.3-SNAPSHOT", "-SNAPSHOT")`, "string", `"1.2.3"`},
		"replace plain":      {`replace("a.b.c", ".", "/")`, "string", `"a/b/c"`},
		"replace plain dots": {`replace("1.2.3", "/", "-")`, "string", `"1.2.3"`},
		"replace regex":      {`replace("release-3.4.7", "/^release-(\\d+)\\..*$/", "$1.x")`, "string", `"3.x"`},
		"regex":              {`regex("^(\\d+)\\.(\\d+)", "3.10.2")`, "tuple", `["3","10"]`},
		"regex named":        {`regex("^(?P<major>\\d+)", "3.10.2").major`, "string", `"3"`},
		"regexall":           {`regexall("\\d+", "3.10.2")`, "list of string", `["3","10","2"]`},
		"substr":             {`substr("gravitee-io", 0, 8)`, "string", `"gravitee"`},
		"strrev":             {`strrev("abc")`, "string", `"cba"`},
		"chomp":              {`chomp("3.4.7\n")`, "string", `"3.4.7"`},
		"indent":             {`indent(2, "a\nb")`, "string", `"a\n  b"`},
		"can true":           {`can(regex("^\\d", "3"))`, "bool", `true`},
		"can false":          {`can(regex("^\\d", "x"))`, "bool", `false`},
		"try":                {`try(tonumber("x"), 42)`, "number", `42`},
		"setunion":           {`setunion(["a", "b"], ["b", "c"])`, "set of string", `["a","b","c"]`},
		"setintersection":    {`setintersection(["a", "b"], ["b", "c"])`, "set of string", `["b"]`},
		"setsubtract":        {`setsubtract(["a", "b"], ["b", "c"])`, "set of string", `["a"]`},
		"setsymmetric":       {`setsymmetricdifference(["a", "b"], ["b", "c"])`, "set of string", `["a","c"]`},
		"setproduct":         {`setproduct(["a"], ["1", "2"])`, "list of tuple", `[["a","1"],["a","2"]]`},
		"contains":           {`contains(["gateway", "ui"], "ui")`, "bool", `true`},
		"keys":               {`keys({b = 1, a = 2})`, "tuple", `["a","b"]`},
		"values":             {`values({b = 1, a = 2})`, "tuple", `[2,1]`},
		"merge":              {`merge({a = 1}, {b = 2}, {a = 3})`, "object", `{"a":3,"b":2}`},
		"lookup":             {`lookup({a = "x"}, "b", "default")`, "string", `"default"`},
		"element":            {`element(["a", "b"], 3)`, "string", `"b"`},
		"concat":             {`concat(["a"], ["b", "c"])`, "tuple", `["a","b","c"]`},
		"flatten":            {`flatten([["a"], ["b", ["c"]]])`, "tuple", `["a","b","c"]`},
		"distinct":           {`distinct(["a", "b", "a"])`, "list of string", `["a","b"]`},
		"reverse":            {`reverse([1, 2, 3])`, "tuple", `[3,2,1]`},
		"sort":               {`sort(["b", "c", "a"])`, "list of string", `["a","b","c"]`},
		"slice":              {`slice(["a", "b", "c"], 1, 3)`, "tuple", `["b","c"]`},
		"range":              {`range(3)`, "list of number", `[0,1,2]`},
		"zipmap":             {`zipmap(["a", "b"], [1, 2])`, "object", `{"a":1,"b":2}`},
		"chunklist":          {`chunklist(["a", "b", "c"], 2)`, "list of list of string", `[["a","b"],["c"]]`},
		"length list":        {`length(["a", "b"])`, "number", `2`},
		"length map":         {`length(tomap({a = 1, b = 2, c = 3}))`, "number", `3`},
		"length object":      {`length({a = 1})`, "number", `1`},
		"length string":      {`length("héllo")`, "number", `5`},
		"coalesce":           {`coalesce("", "x", "y")`, "string", `"x"`},
		"coalesce null":      {`coalesce(null, 2)`, "number", `2`},
		"coalescelist":       {`coalescelist([], ["a"])`, "tuple", `["a"]`},
		"compact":            {`compact(["a", "", "b"])`, "list of string", `["a","b"]`},
		"toset":              {`toset(["b", "a", "b"])`, "set of string", `["a","b"]`},
		"tolist":             {`tolist(["a", "b"])`, "list of string", `["a","b"]`},
		"tomap":              {`tomap({a = "x"})`, "map of string", `{"a":"x"}`},
		"tostring":           {`tostring(3)`, "string", `"3"`},
		"tonumber":           {`tonumber("3.5")`, "number", `3.5`},
		"tobool":             {`tobool("true")`, "bool", `true`},
		"jsonencode":         {`jsonencode({version = "3.4.7", snapshot = false})`, "string", `"{\"snapshot\":false,\"version\":\"3.4.7\"}"`},
		"jsondecode":         {`jsondecode("{\"version\": \"3.4.7\"}").version`, "string", `"3.4.7"`},
		"csvdecode":          {`csvdecode("name,version\ngateway,3.4.7\n")`, "list of object", `[{"name":"gateway","version":"3.4.7"}]`},
		"min":                {`min(3, 1, 2)`, "number", `1`},
		"max":                {`max(3, 1, 2)`, "number", `3`},
		"abs":                {`abs(-4)`, "number", `4`},
		"ceil":               {`ceil(1.2)`, "number", `2`},
		"floor":              {`floor(1.8)`, "number", `1`},
		"parseint":           {`parseint("ff", 16)`, "number", `255`},
		"pow":                {`pow(2, 10)`, "number", `1024`},
		"signum":             {`signum(-3)`, "number", `-1`},
		"log":                {`log(8, 2)`, "number", `3`},
		"formatdate":         {`formatdate("YYYY.MM", "2024-03-15T10:00:00Z")`, "string", `"2024.03"`},
		"timeadd":            {`timeadd("2024-03-15T10:00:00Z", "2h")`, "string", `"2024-03-15T12:00:00Z"`},
		"startswith":         {`startswith("release-3.4", "release-")`, "bool", `true`},
		"startswith false":   {`startswith("3.4", "release-")`, "bool", `false`},
		"endswith":           {`endswith("3.4.7-SNAPSHOT", "-SNAPSHOT")`, "bool", `true`},
		"alltrue":            {`alltrue([true, true])`, "bool", `true`},
		"alltrue false":      {`alltrue([true, false])`, "bool", `false`},
		"alltrue empty":      {`alltrue([])`, "bool", `true`},
		"anytrue":            {`anytrue([false, true])`, "bool", `true`},
		"anytrue empty":      {`anytrue([])`, "bool", `false`},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			got, diags := eval(t, t.TempDir(), tc.expr)
			if diags != "" {
				t.Fatalf("%s: %s", tc.expr, diags)
			}
			js, err := ctyjson.SimpleJSONValue{Value: got}.MarshalJSON()
			if err != nil {
				t.Fatalf("encoding %#v: %v", got, err)
			}
			if diff := cmp.Diff(tc.wantType, typeName(got.Type())); diff != "" {
				t.Errorf("%s type (-want +got):\n%s", tc.expr, diff)
			}
			if diff := cmp.Diff(tc.wantJSON, string(js)); diff != "" {
				t.Errorf("%s (-want +got):\n%s", tc.expr, diff)
			}
		})
	}
}

// typeName is the type's friendly name with structural types shortened to
// their kind.
func typeName(ty cty.Type) string {
	switch {
	case ty.IsObjectType():
		return "object"
	case ty.IsTupleType():
		return "tuple"
	case ty.IsListType() && ty.ElementType().IsObjectType():
		return "list of object"
	}
	return ty.FriendlyName()
}

func TestTerraformVariantErrors(t *testing.T) {
	t.Parallel()
	tests := map[string]struct {
		expr     string
		wantDiag string
	}{
		"replace bad regex": {`replace("x", "/[/", "")`,
			"Invalid function argument: Invalid value for \"substr\" parameter: invalid regular expression /[/: error parsing regexp: missing closing ]: `[`."},
		"coalesce nothing": {`coalesce("", null)`,
			`Error in function call: Call to function "coalesce" failed: no non-null, non-empty-string arguments.`},
		"coalesce mixed": {`coalesce("a", ["b"])`,
			`Error in function call: Call to function "coalesce" failed: all arguments must have the same type.`},
		"length number": {`length(3)`,
			`Error in function call: Call to function "length" failed: argument must be a string, a collection or an object.`},
		"alltrue strings": {`alltrue(["yes"])`,
			`Invalid function argument: Invalid value for "list" parameter: a bool is required.`},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			_, diags := eval(t, t.TempDir(), tc.expr)
			if diff := cmp.Diff(tc.wantDiag, diags); diff != "" {
				t.Errorf("diagnostics (-want +got):\n%s", diff)
			}
		})
	}
}

func TestTerraformVariantsWithUnknowns(t *testing.T) {
	t.Parallel()
	fns := Functions(t.TempDir(), testGetenv)
	unknownBool := cty.UnknownVal(cty.Bool)
	tests := map[string]struct {
		fn   string
		args []cty.Value
		want cty.Value
	}{
		"alltrue decided by false": {"alltrue", []cty.Value{cty.ListVal([]cty.Value{unknownBool, cty.False})}, cty.False},
		"alltrue undecided":        {"alltrue", []cty.Value{cty.ListVal([]cty.Value{unknownBool, cty.True})}, cty.UnknownVal(cty.Bool).RefineNotNull()},
		"anytrue decided by true":  {"anytrue", []cty.Value{cty.ListVal([]cty.Value{unknownBool, cty.True})}, cty.True},
		"alltrue null is false":    {"alltrue", []cty.Value{cty.ListVal([]cty.Value{cty.NullVal(cty.Bool)})}, cty.False},
		"length of unknown list":   {"length", []cty.Value{cty.UnknownVal(cty.List(cty.String))}, cty.UnknownVal(cty.Number).Refine().NotNull().NumberRangeLowerBound(cty.Zero, true).NumberRangeUpperBound(cty.NumberIntVal(math.MaxInt64), true).NewValue()},
		"coalesce unknown first":   {"coalesce", []cty.Value{cty.UnknownVal(cty.String), cty.StringVal("x")}, cty.UnknownVal(cty.String)},
		"length keeps marks":       {"length", []cty.Value{cty.StringVal("abc").Mark(SensitiveMark)}, cty.NumberIntVal(3).Mark(SensitiveMark)},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			got, err := fns[tc.fn].Call(tc.args)
			if err != nil {
				t.Fatalf("%s: %v", tc.fn, err)
			}
			if !got.RawEquals(tc.want) {
				t.Errorf("%s(%#v) = %#v, want %#v", tc.fn, tc.args, got, tc.want)
			}
		})
	}
}

package planner

import (
	"testing"

	"github.com/zclconf/go-cty/cty"
)

func TestUnexpectedAttr(t *testing.T) {
	t.Parallel()
	pin := cty.ObjectWithOptionalAttrs(map[string]cty.Type{"file": cty.String, "dependencies": cty.Map(cty.String)}, []string{"file"})
	obj := func(m map[string]cty.Value) cty.Value { return cty.ObjectVal(m) }
	tests := map[string]struct {
		v         cty.Value
		want      cty.Type
		at, extra string
	}{
		"list of objects, misspelt": {v: cty.TupleVal([]cty.Value{obj(map[string]cty.Value{"dependencies": cty.EmptyObjectVal}), obj(map[string]cty.Value{"fiel": cty.StringVal("x")})}),
			want: cty.List(pin), at: "pins[1]", extra: "fiel"},
		"dependencies are a map: any key": {v: cty.TupleVal([]cty.Value{obj(map[string]cty.Value{"dependencies": obj(map[string]cty.Value{"anything": cty.StringVal("1")})})}),
			want: cty.List(pin)},
		"map of objects": {v: obj(map[string]cty.Value{"a": obj(map[string]cty.Value{"x": cty.True})}),
			want: cty.Map(cty.Object(map[string]cty.Type{"y": cty.Bool})), at: `pins["a"]`, extra: "x"},
		"unknown and null": {v: cty.TupleVal([]cty.Value{cty.UnknownVal(cty.DynamicPseudoType), cty.NullVal(cty.DynamicPseudoType)}), want: cty.List(pin)},
		"strings":          {v: cty.TupleVal([]cty.Value{cty.StringVal("a")}), want: cty.List(cty.String)},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			at, extra, _ := unexpectedAttr(tc.v, tc.want, "pins")
			if at != tc.at || extra != tc.extra {
				t.Errorf("unexpectedAttr = %q, %q; want %q, %q", at, extra, tc.at, tc.extra)
			}
		})
	}
}

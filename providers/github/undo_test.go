package github

import (
	"testing"

	"github.com/zclconf/go-cty/cty"
)

func TestOrOutput(t *testing.T) {
	t.Parallel()
	tests := map[string]struct {
		recorded int64
		outputs  map[string]cty.Value
		want     int64
	}{
		"undo data wins":           {recorded: 7, outputs: map[string]cty.Value{"id": cty.NumberIntVal(9)}, want: 7},
		"output without undo data": {outputs: map[string]cty.Value{"id": cty.NumberIntVal(4200000000123), "url": cty.StringVal("u")}, want: 4200000000123},
		"no outputs":               {},
		"null output":              {outputs: map[string]cty.Value{"id": cty.NullVal(cty.Number)}},
		"unknown output":           {outputs: map[string]cty.Value{"id": cty.UnknownVal(cty.Number)}},
		"output of another type":   {outputs: map[string]cty.Value{"id": cty.StringVal("12")}},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			if got := orOutput(tc.recorded, tc.outputs, "id"); got != tc.want {
				t.Errorf("orOutput(%d, %v) = %d, want %d", tc.recorded, tc.outputs, got, tc.want)
			}
		})
	}
}

package pin

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/zclconf/go-cty/cty"
	"github.com/zclconf/go-cty/cty/convert"
)

func TestDecode(t *testing.T) {
	t.Parallel()
	common := cty.ObjectVal(map[string]cty.Value{"common": cty.StringVal("1.5.0")})
	tests := map[string]struct {
		in      cty.Value // converted to Type first, as the planner does
		want    []Spec
		wantErr string
	}{
		"optional attributes left out": {
			in:   cty.TupleVal([]cty.Value{cty.ObjectVal(map[string]cty.Value{"file": cty.StringVal("pom.xml"), "dependencies": common})}),
			want: []Spec{{File: "pom.xml", Dependencies: map[string]string{"common": "1.5.0"}}},
		},
		"every attribute": {
			in: cty.TupleVal([]cty.Value{cty.ObjectVal(map[string]cty.Value{
				"file": cty.StringVal("a.st"), "format": cty.StringVal("regex"), "pattern": cty.StringVal("x(y)"),
				"keep_range": cty.False, "dependencies": common,
			})}),
			want: []Spec{{File: "a.st", Format: "regex", Pattern: "x(y)", ExactRange: true, Dependencies: map[string]string{"common": "1.5.0"}}},
		},
		"keep_range true": {
			in:   cty.TupleVal([]cty.Value{cty.ObjectVal(map[string]cty.Value{"keep_range": cty.True, "dependencies": common})}),
			want: []Spec{{Dependencies: map[string]string{"common": "1.5.0"}}},
		},
		"empty dependencies": {
			in:   cty.TupleVal([]cty.Value{cty.ObjectVal(map[string]cty.Value{"file": cty.StringVal("pom.xml"), "dependencies": cty.EmptyObjectVal})}),
			want: []Spec{{File: "pom.xml", Dependencies: map[string]string{}}},
		},
		"null":       {in: cty.NullVal(Type)},
		"empty list": {in: cty.EmptyTupleVal},
		"unknown version": {
			in:      cty.TupleVal([]cty.Value{cty.ObjectVal(map[string]cty.Value{"dependencies": cty.ObjectVal(map[string]cty.Value{"a": cty.UnknownVal(cty.String)})})}),
			wantErr: "pins are not known until apply",
		},
		"null version": {
			in:      cty.TupleVal([]cty.Value{cty.ObjectVal(map[string]cty.Value{"dependencies": cty.ObjectVal(map[string]cty.Value{"a": cty.NullVal(cty.String)})})}),
			wantErr: `pins[0]: the version of dependency "a" is not a string`,
		},
		"null dependencies": {
			in:      cty.TupleVal([]cty.Value{cty.ObjectVal(map[string]cty.Value{"file": cty.StringVal("x"), "dependencies": cty.NullVal(cty.Map(cty.String))})}),
			wantErr: "pins[0] has no dependencies",
		},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			v, err := convert.Convert(tc.in, Type)
			if err != nil {
				t.Fatalf("converting to the pins type: %v", err)
			}
			got, err := Decode(v)
			if tc.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
					t.Fatalf("Decode error = %v, want %q", err, tc.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tc.want, got); diff != "" {
				t.Errorf("Decode (-want +got):\n%s", diff)
			}
		})
	}
}

func TestTypeNeedsDependencies(t *testing.T) {
	t.Parallel()
	in := cty.TupleVal([]cty.Value{cty.ObjectVal(map[string]cty.Value{"file": cty.StringVal("pom.xml")})})
	if _, err := convert.Convert(in, Type); err == nil || !strings.Contains(err.Error(), `attribute "dependencies" is required`) {
		t.Errorf("converting a pin without dependencies: %v, want an error naming dependencies", err)
	}
}

package providers_test

import (
	"encoding/json"
	"testing"

	"github.com/relctl/relctl/providers"
)

func TestDecodeUndo(t *testing.T) {
	t.Parallel()
	type data struct{ Ref string }
	tests := map[string]struct {
		raw          json.RawMessage
		wantRecorded bool
		wantErr      bool
		want         data
	}{
		"empty":     {raw: nil},
		"null":      {raw: json.RawMessage("null")},
		"recorded":  {raw: providers.EncodeUndo(data{Ref: "heads/main"}), wantRecorded: true, want: data{Ref: "heads/main"}},
		"malformed": {raw: json.RawMessage(`{"Ref":`), wantErr: true},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			var got data
			recorded, err := providers.DecodeUndo(tc.raw, &got)
			if (err != nil) != tc.wantErr || recorded != tc.wantRecorded || got != tc.want {
				t.Errorf("DecodeUndo(%s) = %v, %v, %+v; want recorded %v, error %v, %+v", tc.raw, recorded, err, got, tc.wantRecorded, tc.wantErr, tc.want)
			}
		})
	}
}

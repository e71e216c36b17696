package pin

import (
	"strings"
	"testing"
)

const goMod = `module example.com/web

go 1.22

require example.com/api v2.0.0 // the API client

require (
	example.com/common v1.4.0
	golang.org/x/text v0.14.0 // indirect
	"example.com/quoted" v0.1.0
)

replace example.com/common v1.4.0 => ../common

exclude (
	example.com/api v1.0.0
)
`

func TestGoMod(t *testing.T) {
	t.Parallel()
	gomod := func(kv ...string) Spec { return Spec{File: "go.mod", Dependencies: deps(kv...)} }
	runApply(t, map[string]applyCase{
		"single line, comment kept": {spec: gomod("example.com/api", "v2.0.1"), in: goMod,
			want: strings.Replace(goMod, "example.com/api v2.0.0 //", "example.com/api v2.0.1 //", 1)},
		"in a block, replace untouched": {spec: gomod("example.com/common", "v1.5.0"), in: goMod,
			want: strings.Replace(goMod, "\texample.com/common v1.4.0\n", "\texample.com/common v1.5.0\n", 1)},
		"indirect kept": {spec: gomod("golang.org/x/text", "v0.15.0"), in: goMod,
			want: strings.Replace(goMod, "v0.14.0 // indirect", "v0.15.0 // indirect", 1)},
		"quoted path": {spec: gomod("example.com/quoted", "v0.2.0"), in: goMod,
			want: strings.Replace(goMod, `"example.com/quoted" v0.1.0`, `"example.com/quoted" v0.2.0`, 1)},
		"CRLF and no final newline": {spec: gomod("a.b/c", "v2.0.0"), in: "module x\r\n\r\nrequire (\r\n\ta.b/c v1.0.0\r\n)",
			want: "module x\r\n\r\nrequire (\r\n\ta.b/c v2.0.0\r\n)"},
		"already pinned": {spec: gomod("example.com/api", "v2.0.0"), in: goMod, want: goMod},

		"not required (exclude is not require)": {spec: gomod("example.com/other", "v1.0.0"), in: goMod, wantIs: ErrNotFound,
			wantErr: `go.mod: module "example.com/other": not found (no require names it)`},
		"module line is not a require": {spec: gomod("example.com/web", "v1.0.0"), in: goMod, wantIs: ErrNotFound, wantErr: "not found"},
		"required twice": {spec: gomod("a.b/c", "v2.0.0"), in: "module x\nrequire a.b/c v1.0.0\nrequire (\n\ta.b/c v1.1.0\n)\n", wantIs: ErrAmbiguous,
			wantErr: `go.mod: module "a.b/c" is ambiguous: it is required on lines 2 and 4`},
		"version without v": {spec: gomod("example.com/api", "2.0.1"), in: goMod,
			wantErr: `go.mod: version "2.0.1" of "example.com/api" is not a module version; go.mod versions look like v1.2.3`},
	})
}

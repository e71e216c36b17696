package pin

import (
	"strings"
	"testing"
)

const baseline = `baseline: spec
	spec baseline: 'GtRlExampleComponentA' with: [
		spec repository: 'github://example/ComponentA:v0.1.0/src' ].
	spec baseline: 'GtRlExampleComponentB' with: [
		spec repository: 'github://example/ComponentB:main/src' ].
`

func TestRegex(t *testing.T) {
	t.Parallel()
	re := func(pattern string, kv ...string) Spec {
		return Spec{File: "src/BaselineOfSystem.st", Format: Regex, Pattern: pattern, Dependencies: deps(kv...)}
	}
	repo := `github://example/{name}:([^/]+)/src`
	runApply(t, map[string]applyCase{
		"one per name": {spec: re(repo, "ComponentA", "v0.2.0", "ComponentB", "v0.2.0"), in: baseline,
			want: strings.NewReplacer(":v0.1.0/", ":v0.2.0/", ":main/", ":v0.2.0/").Replace(baseline)},
		"a name with regexp characters is quoted": {spec: re(`{name}=(\S+)`, "a.b+c", "2"), in: "axb+c=1\na.b+c=1\n",
			want: "axb+c=1\na.b+c=2\n"},
		"no placeholder, one dependency": {spec: re(`(?m)^VERSION=([^\r\n]*)`, "tool", "3.1"), in: "X=1\r\nVERSION=3.0\r\n",
			want: "X=1\r\nVERSION=3.1\r\n"},
		"replacement is literal":        {spec: re(`v=(\S+)`, "x", "$1${0}"), in: "v=1", want: "v=$1${0}"},
		"optional group that took part": {spec: re(`a(?:=(\d+))?;`, "x", "9"), in: "a;a=1;", want: "a;a=9;"},
		"already pinned":                {spec: re(repo, "ComponentA", "v0.1.0"), in: baseline, want: baseline},
		"a version inserted where there was none, the separator in the version": {
			spec: re(`github://example/{name}((?::[^/]*)?)/src`, "ComponentA", ":v0.1.0", "ComponentC", ":v0.1.0"),
			in:   "'github://example/ComponentA:v0.0.9/src'\n'github://example/ComponentC/src'\n",
			want: "'github://example/ComponentA:v0.1.0/src'\n'github://example/ComponentC:v0.1.0/src'\n"},

		"not found": {spec: re(repo, "ComponentC", "v1"), in: baseline, wantIs: ErrNotFound,
			wantErr: `src/BaselineOfSystem.st: dependency "ComponentC": not found (pattern github://example/ComponentC:([^/]+)/src matches nothing)`},
		"the group takes no part": {spec: re(`github://example/{name}(?::([^/]+))?/src`, "ComponentC", "v1"), in: "'github://example/ComponentC/src'\n",
			wantIs: ErrNotFound, wantErr: "matches on line 1, but its group takes no part there; to insert a version where there is none"},
		"ambiguous": {spec: re(`:(v[0-9.]+|main)/`, "any", "v1"), in: baseline, wantIs: ErrAmbiguous,
			wantErr: `dependency "any" is ambiguous: pattern :(v[0-9.]+|main)/ matches on lines 3 and 5`},
	})
}

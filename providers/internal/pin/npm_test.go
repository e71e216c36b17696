package pin

import (
	"strings"
	"testing"
)

const packageJSON = `{
  "name": "@acme/web",
  "version": "0.9.0",
  "dependencies": {
    "@acme/api" : "^2.0.0",
    "left-pad": "1.3.0"
  },
  "devDependencies": {"@acme/common": "~1.4.0", "jest": ">=29.0.0"},
  "peerDependencies": {
	"react": "18.x"
  }
}
`

func TestNPM(t *testing.T) {
	t.Parallel()
	npm := func(kv ...string) Spec { return Spec{File: "web/package.json", Dependencies: deps(kv...)} }
	exact := func(kv ...string) Spec { s := npm(kv...); s.ExactRange = true; return s }
	runApply(t, map[string]applyCase{
		"caret kept, spacing kept": {spec: npm("@acme/api", "2.0.1"), in: packageJSON,
			want: strings.Replace(packageJSON, `"@acme/api" : "^2.0.0"`, `"@acme/api" : "^2.0.1"`, 1)},
		"tilde kept in devDependencies": {spec: npm("@acme/common", "1.5.0"), in: packageJSON,
			want: strings.Replace(packageJSON, `"~1.4.0"`, `"~1.5.0"`, 1)},
		"exact version stays exact": {spec: npm("left-pad", "1.3.1"), in: packageJSON,
			want: strings.Replace(packageJSON, `"1.3.0"`, `"1.3.1"`, 1)},
		">= kept": {spec: npm("jest", "30.1.0"), in: packageJSON,
			want: strings.Replace(packageJSON, `">=29.0.0"`, `">=30.1.0"`, 1)},
		"keep_range false drops the prefix": {spec: exact("@acme/api", "2.0.1"), in: packageJSON,
			want: strings.Replace(packageJSON, `"^2.0.0"`, `"2.0.1"`, 1)},
		"keep_range false replaces a range": {spec: exact("react", "^19.0.0"), in: packageJSON,
			want: strings.Replace(packageJSON, `"18.x"`, `"^19.0.0"`, 1)},
		"in two sections, both pinned": {spec: npm("x", "2.0.0"),
			in:   `{"dependencies":{"x":"1.0.0"},"peerDependencies":{"x":"^1.0.0"}}`,
			want: `{"dependencies":{"x":"2.0.0"},"peerDependencies":{"x":"^2.0.0"}}`},
		"top-level version and nested objects untouched": {spec: npm("version", "2"),
			in:   `{"version":"1","config":{"dependencies":{"version":"1"}},"dependencies":{"version":"1"}}`,
			want: `{"version":"1","config":{"dependencies":{"version":"1"}},"dependencies":{"version":"2"}}`},
		"CRLF kept": {spec: npm("a", "2.0.0"), in: "{\r\n\"dependencies\": {\r\n\"a\": \"1.0.0\"\r\n}\r\n}\r\n",
			want: "{\r\n\"dependencies\": {\r\n\"a\": \"2.0.0\"\r\n}\r\n}\r\n"},
		"already pinned": {spec: npm("@acme/api", "2.0.0"), in: packageJSON, want: packageJSON},
		"space after the operator kept": {spec: npm("a", "2.0.0"), in: `{"dependencies":{"a":">= 1.0.0"}}`,
			want: `{"dependencies":{"a":">= 2.0.0"}}`},
		"prerelease version": {spec: npm("@acme/api", "2.1.0-rc.1+b7"), in: packageJSON,
			want: strings.Replace(packageJSON, `"^2.0.0"`, `"^2.1.0-rc.1+b7"`, 1)},

		"not found": {spec: npm("lodash", "4"), in: packageJSON, wantIs: ErrNotFound,
			wantErr: `web/package.json: dependency "lodash": not found (in none of dependencies, devDependencies, peerDependencies, optionalDependencies)`},
		"a range is not pinned by default": {spec: npm("react", "19.0.0"), in: packageJSON,
			wantErr: `web/package.json: peerDependencies.react on line 10 is "18.x", not a version with a range prefix; set keep_range = false to replace it with "19.0.0"`},
		"a git url": {spec: npm("a", "2"), in: `{"dependencies":{"a":"git+https://x/a.git"}}`, wantErr: "not a version with a range prefix"},
		"listed twice": {spec: npm("a", "2"), in: `{"dependencies":{"a":"1","a":"1"}}`, wantIs: ErrAmbiguous,
			wantErr: `dependency "a" is ambiguous: dependencies lists it twice`},
		"not a string":          {spec: npm("a", "2"), in: `{"dependencies":{"a":{"version":"1"}}}`, wantErr: "dependencies.a on line 1 is not a string"},
		"section not object":    {spec: npm("a", "2"), in: `{"dependencies":["a"]}`, wantErr: "web/package.json: dependencies: not an object"},
		"not an object":         {spec: npm("a", "2"), in: `[1]`, wantErr: "web/package.json: not a JSON object"},
		"broken JSON":           {spec: npm("a", "2"), in: `{"dependencies":{"a":"1",}}`, wantErr: "web/package.json: dependencies: invalid character"},
		"text after":            {spec: npm("a", "2"), in: `{"dependencies":{"a":"1"}} x`, wantErr: "text after the JSON object"},
		"quotes in the version": {spec: exact("a", `1"2`), in: `{"dependencies":{"a":"1"}}`, want: `{"dependencies":{"a":"1\"2"}}`},
	})
}

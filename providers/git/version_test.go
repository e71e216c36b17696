package git

import (
	"errors"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestSetVersion(t *testing.T) {
	t.Parallel()
	tests := map[string]struct {
		name, in, want string
		wantErr        string
	}{
		"pom: own version only, parent and dependency untouched": {
			name: "pom.xml", in: pomXML,
			want: strings.Replace(pomXML, "<version>1.2.0-SNAPSHOT</version>", "<version>1.2.0</version>", 1),
		},
		"pom: version before parent, spaces kept": {
			name: "pom.xml",
			in:   "<project>\n  <version> 2.0.0-SNAPSHOT </version>\n  <parent><version>1</version></parent>\n</project>",
			want: "<project>\n  <version> 1.2.0 </version>\n  <parent><version>1</version></parent>\n</project>",
		},
		"pom: plugin version under build untouched": {
			name: "pom.xml",
			in:   "<project><build><plugins><plugin><version>9</version></plugin></plugins></build><version>1</version></project>",
			want: "<project><build><plugins><plugin><version>9</version></plugin></plugins></build><version>1.2.0</version></project>",
		},
		"pom: inherited version": {
			name: "pom.xml", in: "<project><parent><version>1</version></parent></project>",
			wantErr: "no <version> of its own",
		},
		"pom: property version": {
			name: "pom.xml", in: "<project><version>${revision}</version></project>",
			wantErr: "set the property it names instead",
		},
		"package.json: format kept": {
			name: "package.json", in: packageJSON,
			want: strings.Replace(packageJSON, `"version":"1.2.0-SNAPSHOT"`, `"version":"1.2.0"`, 1),
		},
		"package.json: nested version untouched, final newline kept": {
			name: "web/package.json", in: "{\n\t\"deps\": {\"version\": \"1\"},\n\t\"version\" :  \"0.1.0\"\n}\n",
			want: "{\n\t\"deps\": {\"version\": \"1\"},\n\t\"version\" :  \"1.2.0\"\n}\n",
		},
		"package.json: no version": {
			name: "package.json", in: `{"name": "x"}`, wantErr: "no \"version\" key",
		},
		"package.json: version not a string": {
			name: "package.json", in: `{"version": 3}`, wantErr: "not a string",
		},
		"VERSION with newline":    {name: "VERSION", in: "1.1.9\n", want: "1.2.0\n"},
		"VERSION without newline": {name: "VERSION", in: "1.1.9", want: "1.2.0"},
		"empty VERSION":           {name: "VERSION", in: "", want: "1.2.0\n"},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			got, err := setVersion(tc.name, []byte(tc.in), "1.2.0")
			if tc.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
					t.Fatalf("error = %v, want one containing %q", err, tc.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tc.want, string(got)); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
}

func TestConfinePath(t *testing.T) {
	t.Parallel()
	tests := map[string]struct {
		path   string
		escape bool
	}{
		"plain":        {path: "docs/CHANGELOG.md"},
		"parent":       {path: "../outside", escape: true},
		"inner parent": {path: "a/../../b", escape: true},
		"absolute":     {path: "/etc/passwd", escape: true},
		"git dir":      {path: ".git/config", escape: true},
		"empty":        {path: "", escape: true},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			err := confinePath(tc.path)
			if got := errors.Is(err, ErrPathEscapes); got != tc.escape {
				t.Errorf("confinePath(%q) = %v, escape want %v", tc.path, err, tc.escape)
			}
		})
	}
	if err := confinePath("a//b"); err == nil {
		t.Errorf("unclean path accepted")
	}
}

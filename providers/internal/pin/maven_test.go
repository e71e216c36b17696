package pin

import (
	"strings"
	"testing"
)

const pom = `<?xml version="1.0" encoding="UTF-8"?>
<!-- the API service -->
<project xmlns="http://maven.apache.org/POM/4.0.0">
  <parent>
    <groupId>com.acme</groupId>
    <artifactId>acme-parent</artifactId>
    <version>7</version>
  </parent>
  <artifactId>api</artifactId>
  <version>2.0.1-SNAPSHOT</version>
  <properties>
    <web.version>0.9.0</web.version>
    <java.version>17</java.version>
  </properties>
  <dependencies>
    <dependency>
      <groupId>com.acme</groupId>
      <artifactId>common</artifactId>
      <version> 1.4.0 </version>
    </dependency>
    <dependency>
      <groupId>com.acme</groupId>
      <artifactId>web</artifactId>
      <version>${web.version}</version>
      <exclusions>
        <exclusion><groupId>x</groupId><artifactId>common</artifactId></exclusion>
      </exclusions>
    </dependency>
  </dependencies>
</project>
`

func TestMaven(t *testing.T) {
	t.Parallel()
	maven := func(kv ...string) Spec { return Spec{File: "api/pom.xml", Dependencies: deps(kv...)} }
	runApply(t, map[string]applyCase{
		"dependency by artifactId, spaces kept": {spec: maven("common", "1.5.0"), in: pom,
			want: strings.Replace(pom, "<version> 1.4.0 </version>", "<version> 1.5.0 </version>", 1)},
		"dependency by groupId:artifactId": {spec: maven("com.acme:common", "1.5.0"), in: pom,
			want: strings.Replace(pom, "<version> 1.4.0 </version>", "<version> 1.5.0 </version>", 1)},
		"dependency through its property": {spec: maven("web", "1.0.0"), in: pom,
			want: strings.Replace(pom, "<web.version>0.9.0</web.version>", "<web.version>1.0.0</web.version>", 1)},
		"property by name": {spec: maven("java.version", "21"), in: pom,
			want: strings.Replace(pom, "<java.version>17</java.version>", "<java.version>21</java.version>", 1)},
		"property and its dependency pinned alike": {spec: maven("web", "1.0.0", "web.version", "1.0.0"), in: pom,
			want: strings.Replace(pom, "<web.version>0.9.0</web.version>", "<web.version>1.0.0</web.version>", 1)},
		"parent": {spec: maven("acme-parent", "8"), in: pom,
			want: strings.Replace(pom, "<version>7</version>", "<version>8</version>", 1)},
		"several at once, the project version untouched": {spec: maven("common", "1.5.0", "acme-parent", "8"), in: pom,
			want: strings.NewReplacer("<version> 1.4.0 </version>", "<version> 1.5.0 </version>", "<version>7</version>", "<version>8</version>").Replace(pom)},
		"already pinned": {spec: maven("common", "1.4.0"), in: pom, want: pom},
		"CRLF line endings kept": {spec: maven("common", "2"),
			in:   "<project>\r\n<dependencies><dependency>\r\n<artifactId>common</artifactId>\r\n<version>1</version>\r\n</dependency></dependencies>\r\n</project>\r\n",
			want: "<project>\r\n<dependencies><dependency>\r\n<artifactId>common</artifactId>\r\n<version>2</version>\r\n</dependency></dependencies>\r\n</project>\r\n"},
		"same artifact twice (managed and in a profile)": {spec: maven("common", "2"),
			in:   "<project><dependencyManagement><dependencies><dependency><groupId>g</groupId><artifactId>common</artifactId><version>1</version></dependency></dependencies></dependencyManagement><profiles><profile><dependencies><dependency><groupId>g</groupId><artifactId>common</artifactId><version>1</version><classifier>tests</classifier></dependency></dependencies></profile></profiles></project>",
			want: "<project><dependencyManagement><dependencies><dependency><groupId>g</groupId><artifactId>common</artifactId><version>2</version></dependency></dependencies></dependencyManagement><profiles><profile><dependencies><dependency><groupId>g</groupId><artifactId>common</artifactId><version>2</version><classifier>tests</classifier></dependency></dependencies></profile></profiles></project>"},
		"plugin dependency": {spec: maven("tool", "3"),
			in:   "<project><build><plugins><plugin><artifactId>p</artifactId><version>9</version><dependencies><dependency><artifactId>tool</artifactId><version>2</version></dependency></dependencies></plugin></plugins></build></project>",
			want: "<project><build><plugins><plugin><artifactId>p</artifactId><version>9</version><dependencies><dependency><artifactId>tool</artifactId><version>3</version></dependency></dependencies></plugin></plugins></build></project>"},
		"a description with entities does not matter": {spec: maven("common", "2"),
			in:   "<project><description>a &amp; b</description><properties><url>x?a&amp;b</url></properties><dependencies><dependency><artifactId>common</artifactId><version>1</version></dependency></dependencies></project>",
			want: "<project><description>a &amp; b</description><properties><url>x?a&amp;b</url></properties><dependencies><dependency><artifactId>common</artifactId><version>2</version></dependency></dependencies></project>"},

		"not found": {spec: maven("left-pad", "1"), in: pom, wantIs: ErrNotFound,
			wantErr: `api/pom.xml: dependency "left-pad": not found (no <dependency> or <parent> with that artifactId and no property of that name in <properties>)`},
		"exclusion is not a dependency": {spec: maven("x:common", "1"), in: pom, wantIs: ErrNotFound, wantErr: `dependency "x:common": not found`},
		"wrong group":                   {spec: maven("org.other:common", "1"), in: pom, wantIs: ErrNotFound, wantErr: "not found"},
		"ambiguous artifactId": {spec: maven("common", "2"), wantIs: ErrAmbiguous,
			in:      "<project><dependencies>\n<dependency><groupId>a</groupId><artifactId>common</artifactId><version>1</version></dependency>\n<dependency><groupId>b</groupId><artifactId>common</artifactId><version>1</version></dependency>\n</dependencies></project>",
			wantErr: `dependency "common" is ambiguous: it matches a:common and b:common on lines 2 and 3; name it groupId:artifactId`},
		"managed elsewhere": {spec: maven("common", "2"),
			in:      "<project><dependencies>\n<dependency><artifactId>common</artifactId></dependency></dependencies></project>",
			wantErr: `dependency "common" has no <version> here (line 2); pin it where its version is managed`},
		"property not defined": {spec: maven("common", "2"), wantIs: ErrNotFound,
			in:      "<project><dependencies><dependency><artifactId>common</artifactId><version>${common.version}</version></dependency></dependencies></project>",
			wantErr: `the version of dependency "common" is ${common.version}, a property that <properties> does not define`},
		"expression version": {spec: maven("common", "2"),
			in:      "<project><dependencies><dependency><artifactId>common</artifactId><version>${v}-jdk8</version></dependency></dependencies></project>",
			wantErr: "is the expression ${v}-jdk8; pin the property it names instead"},
		"property defined twice": {spec: maven("v", "2"), wantIs: ErrAmbiguous,
			in:      "<project><properties>\n<v>1</v>\n<v>1</v></properties></project>",
			wantErr: `property "v" is ambiguous: <properties> defines it on lines 2 and 3`},
		"property is an expression": {spec: maven("v", "2"),
			in:      "<project><properties><v>${w}</v></properties></project>",
			wantErr: `property "v" on line 1 is the expression ${w}`},
		"version with a comment": {spec: maven("common", "2"),
			in:      "<project><dependencies><dependency><artifactId>common</artifactId><version>1<!-- x --></version></dependency></dependencies></project>",
			wantErr: "holds more than plain text"},
		"version with elements": {spec: maven("common", "2"),
			in:      "<project><dependencies><dependency><artifactId>common</artifactId><version><x>1</x></version></dependency></dependencies></project>",
			wantErr: "holds elements; it cannot be pinned"},
		"two names, one property, two versions": {spec: maven("web", "1.0.0", "web.version", "1.1.0"), in: pom, wantIs: ErrAmbiguous,
			wantErr: `dependencies "web" and "web.version" both pin the value on line 12, to "1.0.0" and "1.1.0"`},
		"version not writable": {spec: maven("common", "1<2"), in: pom, wantErr: `version "1<2" of "common" cannot be written to a pom.xml`},
		"not XML":              {spec: maven("common", "2"), in: "<project><dependencies></project>", wantErr: "api/pom.xml: </project> on line 1 closes no open element"},
		"unclosed":             {spec: maven("common", "2"), in: "<project><dependencies>", wantErr: "api/pom.xml: <dependencies> is not closed"},
		"syntax error":         {spec: maven("common", "2"), in: "<project><a b></project>", wantErr: "api/pom.xml: XML syntax error"},
	})
}

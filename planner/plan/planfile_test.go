package plan

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/relctl/relctl/providers"
)

// reference is the canonical form as one json.Encoder writes it, the
// definition the streamed encoding must match byte for byte.
func reference(t *testing.T, p Plan) []byte {
	t.Helper()
	p.PlanID = ""
	enc := func() []byte {
		var b bytes.Buffer
		e := json.NewEncoder(&b)
		e.SetEscapeHTML(false)
		e.SetIndent("", "  ")
		if err := e.Encode(&p); err != nil {
			t.Fatal(err)
		}
		return b.Bytes()
	}
	sum := sha256.Sum256(enc())
	p.PlanID = hex.EncodeToString(sum[:])
	return enc()
}

func testPlan(components, actions int) *Plan {
	p := &Plan{
		FormatVersion: FormatVersion,
		RelctlVersion: "0.1.0",
		CreatedAt:     time.Date(2026, 12, 4, 22, 0, 0, 0, time.UTC),
		Release:       Release{Name: "R <&>", Version: "1.0.0", Notes: "# héllo\n\t\"x\""},
		NotReleased:   []NotReleased{},
		Stages:        []Stage{{Name: "run", Keys: []string{"a", "b"}, Waves: 2}},
		Facts:         []providers.Fact{},
		Settings: Settings{
			StatePath: "relctl.state", Parallelism: 10,
			Providers: map[string]json.RawMessage{"exec": json.RawMessage(`{ "x" : [1, 2] }`)},
		},
		Inputs: Inputs{ConfigFiles: map[string]string{"main.rel.hcl": "abc"}},
	}
	for i := range components {
		p.Components = append(p.Components, Component{
			Name: fmt.Sprintf("c%d", i), Repo: "o/r", Version: "1.0.1", Issues: []int{},
			DependsOn: []string{"a", "b<c>"}, Notes: "\u2028 & <b>",
		})
	}
	for i := range actions {
		a := Action{
			Address: fmt.Sprintf("run[%q].exec.node", fmt.Sprint(i)), Stage: "run", Type: "exec",
			Operation: providers.OpRun, DependsOn: []string{},
			Args: json.RawMessage(`{"argv": ["/bin/sh", "-c", "echo '<&>'"], "n": {}}`),
			Deferred: map[string]Deferred{
				"env": {Expr: "action.x.y", Refs: map[string]json.RawMessage{"each.key": json.RawMessage(`{"type":"string","value":"k"}`)}},
			},
		}
		if i%2 == 1 {
			a.Args, a.Deferred, a.Unknown = nil, nil, []string{"z"}
		}
		p.Actions = append(p.Actions, a)
	}
	return p
}

func TestEncodeIsOneEncoding(t *testing.T) {
	for _, n := range [][2]int{{0, 0}, {1, 0}, {0, 1}, {1, 1}, {3, 7}} {
		p := testPlan(n[0], n[1])
		if n[0] == 0 && n[1] == 0 {
			p.Components, p.Actions = []Component{}, []Action{}
		}
		want := reference(t, *p)
		got, err := Encode(p)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(got, want) {
			t.Errorf("%v: Encode differs from one encoding of the plan:\n%s\nwant:\n%s", n, got, want)
		}
		if !strings.Contains(string(got), `"plan_id": "`+p.PlanID+`"`) {
			t.Errorf("%v: plan_id %s is not in the encoding", n, p.PlanID)
		}
	}
}

func TestReadFileVerifies(t *testing.T) {
	dir := t.TempDir()
	p := testPlan(3, 4)
	path := filepath.Join(dir, "plan.out")
	id, err := WriteFile(path, p)
	if err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	read := func(t *testing.T, data []byte) (*Plan, error) {
		t.Helper()
		path := filepath.Join(t.TempDir(), "plan.out")
		if err := os.WriteFile(path, data, 0o644); err != nil {
			t.Fatal(err)
		}
		p, err := ReadFile(path)
		if dp, derr := Decode(data); (err == nil) != (derr == nil) {
			t.Fatalf("ReadFile says %v but Decode says %v", err, derr)
		} else if err == nil && !reflect.DeepEqual(dp, p) {
			t.Fatalf("ReadFile reads %+v, Decode %+v", p, dp)
		}
		var whole Plan // decoded as one value
		if err == nil {
			if err := json.Unmarshal(data, &whole); err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(&whole, p) {
				t.Fatalf("ReadFile reads %+v, json.Unmarshal %+v", p, &whole)
			}
		}
		return p, err
	}
	got, err := read(t, data)
	if err != nil {
		t.Fatal(err)
	}
	if got.PlanID != id || len(got.Actions) != 4 || len(got.Components) != 3 {
		t.Fatalf("read plan %s with %d actions, %d components; want %s, 4, 3", got.PlanID, len(got.Actions), len(got.Components), id)
	}
	replace := func(old, new string) []byte {
		if !bytes.Contains(data, []byte(old)) {
			t.Fatalf("plan does not hold %q", old)
		}
		return bytes.Replace(data, []byte(old), []byte(new), 1)
	}
	other := strings.Repeat("0", len(id))
	tests := map[string]struct {
		data []byte
		want string
	}{
		"content":       {replace(`"c1"`, `"c9"`), "its content has sha256"},
		"an action":     {replace(`echo '<&>'`, `echo '<&;'`), "its content has sha256"},
		"the id":        {replace(id, other), "but it claims " + other},
		"the layout":    {replace("\n  \"release\"", "\n \"release\""), "not in the form relctl writes"},
		"trailing data": {append(append([]byte(nil), data...), "\n"...), "not in the form relctl writes"},
		"unknown field": {replace(`"release": {`, `"releases": 1, "release": {`), "unknown field"},
		"version":       {replace(`"format_version": "1"`, `"format_version": "2"`), `plan format version "2" is not supported`},
		"no version":    {replace(`"format_version": "1"`, `"format_version": ""`), "it has no format_version"},
		"not json":      {data[:len(data)/2], "not a relctl plan file"},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			_, err := read(t, tc.data)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("error %v, want one saying %q", err, tc.want)
			}
			tampered := !strings.Contains(name, "version") && name != "not json"
			if errors.Is(err, ErrPlanTampered) != tampered {
				t.Fatalf("error %v: errors.Is(ErrPlanTampered) is %v, want %v", err, !tampered, tampered)
			}
		})
	}
}

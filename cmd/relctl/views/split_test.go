package views

import (
	"bytes"
	"fmt"
	"math/rand/v2"
	"regexp"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/google/go-cmp/cmp"

	"github.com/relctl/relctl/planner/plan"
)

func TestSplitMarkdownProperties(t *testing.T) {
	t.Parallel()
	for seed := uint64(1); seed <= 300; seed++ {
		rng := rand.New(rand.NewPCG(seed, 7))
		doc := randomDoc(rng)
		limit := 300 + rng.IntN(2700)
		t.Run(fmt.Sprintf("seed%d", seed), func(t *testing.T) {
			t.Parallel()
			checkSplit(t, doc, limit)
		})
	}
}

// checkSplit checks the properties every split must have: each part
// within the limit, numbered, with balanced fences and <details>, and the
// document's text preserved in order.
func checkSplit(t *testing.T, doc string, limit int) []string {
	t.Helper()
	parts := SplitMarkdown(doc, limit)
	if utf8.RuneCountInString(doc) <= limit {
		if diff := cmp.Diff([]string{doc}, parts); diff != "" {
			t.Fatalf("a document that fits must be one part (-want +got):\n%s", diff)
		}
		return parts
	}
	for i, part := range parts {
		if n := utf8.RuneCountInString(part); n > limit {
			t.Errorf("part %d has %d characters, more than the limit %d", i+1, n, limit)
		}
		if i > 0 && !strings.HasPrefix(part, fmt.Sprintf("(continued, part %d of %d)\n", i+1, len(parts))) {
			t.Errorf("part %d does not start with its continuation line: %.60q", i+1, part)
		}
		if err := balanced(part); err != nil {
			t.Errorf("part %d of %d: %v\n%s", i+1, len(parts), err, part)
		}
	}
	var bodies strings.Builder
	segs := splitDocument(doc, limit)
	for i, s := range segs {
		bodies.WriteString(s.body)
		if i < len(parts) && !strings.Contains(parts[i], s.body) {
			t.Errorf("part %d does not hold its stretch of the document", i+1)
		}
	}
	if len(segs) != len(parts) {
		t.Errorf("%d segments for %d parts", len(segs), len(parts))
	}
	if diff := cmp.Diff(doc, bodies.String()); diff != "" {
		t.Errorf("the parts do not hold the document (-doc +parts):\n%s", diff)
	}
	return parts
}

var (
	fenceLineRe   = regexp.MustCompile("^(`{3,}|~{3,})")
	detailsOpenRe = regexp.MustCompile(`^<details>`)
)

// balanced checks, independently of the splitter's own reading, that
// every fence and <details> block opened in s is closed in s.
func balanced(s string) error {
	var fenceMark string
	depth := 0
	for n, l := range strings.Split(s, "\n") {
		switch {
		case fenceMark != "":
			if strings.HasPrefix(l, fenceMark) && strings.Trim(l, fenceMark[:1]) == "" {
				fenceMark = ""
			}
		case fenceLineRe.MatchString(l):
			fenceMark = fenceLineRe.FindString(l)
		case detailsOpenRe.MatchString(l):
			depth++
		case l == "</details>":
			if depth == 0 {
				return fmt.Errorf("line %d closes a <details> that is not open", n+1)
			}
			depth--
		}
	}
	if fenceMark != "" {
		return fmt.Errorf("a %s fence is left open", fenceMark)
	}
	if depth != 0 {
		return fmt.Errorf("%d <details> left open", depth)
	}
	return nil
}

// randomDoc builds a document of the kinds of blocks the plan comment
// has: headings, paragraphs (some with very long lines), tables, fenced
// blocks whose content looks like fences and HTML, and <details> blocks,
// nested at times.
func randomDoc(rng *rand.Rand) string {
	var blocks []string
	for range 3 + rng.IntN(25) {
		blocks = append(blocks, randomBlock(rng, 0))
	}
	return strings.Join(blocks, "\n\n") + "\n"
}

func randomBlock(rng *rand.Rand, depth int) string {
	switch k := rng.IntN(6); {
	case k == 0:
		return "## " + words(rng, 1+rng.IntN(5))
	case k == 1:
		return paragraph(rng)
	case k == 2:
		rows := []string{"| a | b |", "| --- | --- |"}
		for range 1 + rng.IntN(20) {
			rows = append(rows, "| "+words(rng, 2)+" | "+words(rng, 3)+" |")
		}
		return strings.Join(rows, "\n")
	case k == 3 || depth > 1:
		return fencedBlock(rng)
	default:
		inner := []string{"<details><summary>Stage " + words(rng, 1) + " — " + words(rng, 2) + "</summary>"}
		for range 1 + rng.IntN(4) {
			inner = append(inner, randomBlock(rng, depth+1))
		}
		return strings.Join(append(inner, "</details>"), "\n\n")
	}
}

func fencedBlock(rng *rand.Rand) string {
	var ls []string
	for range 1 + rng.IntN(60) {
		switch rng.IntN(8) {
		case 0:
			ls = append(ls, strings.Repeat("`", 3+rng.IntN(4)))
		case 1:
			ls = append(ls, "</details>")
		case 2:
			ls = append(ls, "<details><summary>x</summary>")
		case 3:
			ls = append(ls, "")
		case 4:
			ls = append(ls, "+ "+strings.Repeat("é→日", 100+rng.IntN(500)))
		default:
			ls = append(ls, "- "+words(rng, 1+rng.IntN(12)))
		}
	}
	body := strings.Join(ls, "\n")
	open, close := fence(body, "diff")
	return open + "\n" + body + "\n" + close
}

func paragraph(rng *rand.Rand) string {
	var ls []string
	for range 1 + rng.IntN(3) {
		n := 3 + rng.IntN(15)
		if rng.IntN(6) == 0 {
			n = 200 + rng.IntN(800)
		}
		ls = append(ls, words(rng, n))
	}
	return strings.Join(ls, "\n")
}

var vocabulary = []string{"release", "gravitee", "wave", "stage", "tag", "→", "3.4.7", "@octocat", "`x`", "naïve", "日本"}

func words(rng *rand.Rand, n int) string {
	ws := make([]string, n)
	for i := range ws {
		ws[i] = vocabulary[rng.IntN(len(vocabulary))]
	}
	return strings.Join(ws, " ")
}

func TestSplitMarkdownCases(t *testing.T) {
	t.Parallel()
	long := strings.Repeat("x", 5000)
	tests := map[string]struct {
		doc   string
		limit int
		parts int
	}{
		"fits":               {doc: "# a\n\nb\n", limit: 100, parts: 1},
		"exactly the limit":  {doc: strings.Repeat("a", 99) + "\n", limit: 100, parts: 1},
		"blocks":             {doc: strings.Repeat(strings.Repeat("word ", 30)+"\n\n", 20), limit: 400, parts: 10},
		"long line in fence": {doc: "```\n" + long + "\n```\n", limit: 1000, parts: 6},
		"long line of text":  {doc: long + "\n", limit: 1000, parts: 6},
		"fence in details": {doc: "<details><summary>s</summary>\n\n```diff\n" +
			strings.Repeat("+ line of a diff\n", 200) + "```\n\n</details>\n", limit: 600, parts: 7},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			parts := checkSplit(t, tc.doc, tc.limit)
			if len(parts) != tc.parts {
				t.Errorf("got %d parts, want %d", len(parts), tc.parts)
			}
		})
	}
}

// A split plan comment: each part is a well-formed comment of its own.
func TestSplitMarkdownPlan(t *testing.T) {
	t.Parallel()
	var buf bytes.Buffer
	if err := WritePlanMarkdown(&buf, apimPlan(), MarkdownOptions{PlanPath: "plan.out", Marker: testMarker}); err != nil {
		t.Fatal(err)
	}
	parts := checkSplit(t, buf.String(), 1500)
	g := newGolden(t)
	for i, part := range parts {
		g.Assert(t, fmt.Sprintf("multiwave_part%d", i+1), []byte(part))
	}
}

// A release of many components makes a comment longer than GitHub takes.
func TestSplitMarkdownLargePlan(t *testing.T) {
	t.Parallel()
	p := largePlan(400)
	var buf bytes.Buffer
	if err := WritePlanMarkdown(&buf, p, MarkdownOptions{PlanPath: "plan.out", Marker: testMarker}); err != nil {
		t.Fatal(err)
	}
	if buf.Len() <= GitHubCommentLimit {
		t.Fatalf("the document has %d bytes; the test needs one over the limit", buf.Len())
	}
	if parts := checkSplit(t, buf.String(), GitHubCommentLimit); len(parts) < 2 {
		t.Errorf("got %d parts", len(parts))
	}
}

// largePlan releases n components in a stage of four actions each.
func largePlan(n int) *plan.Plan {
	p := basePlan("big", "1.0.0")
	p.PlanID = testPlanID
	var keys []string
	for i := range n {
		name := fmt.Sprintf("component-%03d", i)
		keys = append(keys, name)
		p.Components = append(p.Components, component(name, "0.9.0", "1.0.0", "1.0.1-SNAPSHOT", plan.ReasonChanged, nil))
		for _, typ := range []string{"git_commit", "git_tag", "git_push", "exec"} {
			a := withWave(act("release", name, typ, "release", opCreate, reversible, "acme/"+name+" "+typ+" 1.0.0"), i%7)
			if typ == "git_commit" {
				a = withDiff(a, "-  <version>0.9.0</version>\n+  <version>1.0.0</version>\n")
			}
			p.Actions = append(p.Actions, a)
		}
	}
	p.Stages = []plan.Stage{{Name: "release", DependsOn: []string{}, Keys: keys, Waves: 7}}
	return p
}

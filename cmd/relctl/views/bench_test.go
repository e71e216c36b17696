package views

import (
	"bytes"
	"io"
	"testing"
)

// The renderings of a plan of 10,000 actions (2,500 components of four
// actions each), per action.
func BenchmarkRender(b *testing.B) {
	p := largePlan(2500)
	renders := map[string]func(io.Writer) error{
		"human":    func(w io.Writer) error { return WritePlan(w, p, Options{PlanPath: "plan.out"}) },
		"json":     func(w io.Writer) error { return WritePlanJSON(w, p) },
		"markdown": func(w io.Writer) error { return WritePlanMarkdown(w, p, MarkdownOptions{PlanPath: "plan.out"}) },
		"dot":      func(w io.Writer) error { return WriteGraphDot(w, p) },
		"mermaid":  func(w io.Writer) error { return WriteGraphMermaid(w, p) },
	}
	for name, render := range renders {
		b.Run(name, func(b *testing.B) {
			var buf bytes.Buffer
			for b.Loop() {
				buf.Reset()
				if err := render(&buf); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(len(p.Actions)), "ns/action")
			b.ReportMetric(float64(buf.Len()), "bytes")
		})
	}
}

// Splitting the Markdown of a 10,000-action plan into GitHub comments.
func BenchmarkSplitMarkdown(b *testing.B) {
	var buf bytes.Buffer
	if err := WritePlanMarkdown(&buf, largePlan(2500), MarkdownOptions{PlanPath: "plan.out"}); err != nil {
		b.Fatal(err)
	}
	doc := buf.String()
	var parts []string
	for b.Loop() {
		parts = SplitMarkdown(doc, GitHubCommentLimit)
	}
	b.ReportMetric(float64(len(parts)), "parts")
	b.ReportMetric(float64(len(doc))/(float64(b.Elapsed().Nanoseconds())/float64(b.N))*1e3, "MB/s")
}

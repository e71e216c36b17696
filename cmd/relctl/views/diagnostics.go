package views

import (
	"bytes"
	"fmt"
	"io"

	"github.com/hashicorp/hcl/v2"
)

// WriteDiagnostics renders diagnostics as HCL's diagnostic writer does
// (summary, source snippet, detail), with the location written as
// file:line:column so that editors and terminals can jump to it.
func WriteDiagnostics(w io.Writer, files map[string]*hcl.File, diags hcl.Diagnostics, width uint, color bool) error {
	for _, d := range diags {
		var buf bytes.Buffer
		wr := hcl.NewDiagnosticTextWriter(&buf, files, width, color)
		if err := wr.WriteDiagnostic(d); err != nil {
			return err
		}
		out := buf.Bytes()
		if d.Subject != nil {
			s := d.Subject
			old := []byte(fmt.Sprintf("on %s line %d", s.Filename, s.Start.Line))
			loc := []byte(fmt.Sprintf("on %s:%d:%d", s.Filename, s.Start.Line, s.Start.Column))
			if bytes.Contains(out, old) {
				out = bytes.Replace(out, old, loc, 1)
			} else {
				out = append(append(bytes.TrimRight(out, "\n"), "\n\n  at "...), append(loc[3:], '\n')...)
			}
		}
		if _, err := w.Write(out); err != nil {
			return err
		}
	}
	return nil
}

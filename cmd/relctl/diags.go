package main

import (
	"os"

	"github.com/hashicorp/hcl/v2"
	"golang.org/x/term"

	"github.com/relctl/relctl/cmd/relctl/views"
)

// writeDiagnostics renders diagnostics with file:line:col and a source
// snippet. files maps filenames to parsed files (for snippets); it may be
// nil. It returns a reported error when any diagnostic is an error.
func writeDiagnostics(env *Env, files map[string]*hcl.File, diags hcl.Diagnostics) error {
	if len(diags) == 0 {
		return nil
	}
	width := 100
	if f, ok := env.Stderr.(*os.File); ok {
		if w, _, err := term.GetSize(int(f.Fd())); err == nil && w > 0 {
			width = w
		}
	}
	_ = views.WriteDiagnostics(env.Stderr, files, diags, uint(width), env.Color)
	if diags.HasErrors() {
		return reported{diagsError(diags)}
	}
	return nil
}

type diagsError hcl.Diagnostics

func (d diagsError) Error() string { return hcl.Diagnostics(d).Error() }

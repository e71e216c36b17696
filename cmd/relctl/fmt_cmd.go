package main

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/hashicorp/hcl/v2/hclwrite"
	"github.com/pmezard/go-difflib/difflib"

	"github.com/relctl/relctl/config"
	"github.com/relctl/relctl/state/atomicfile"
)

// FmtCmd rewrites configuration files in canonical format.
type FmtCmd struct {
	Check bool     `name:"check" help:"Do not write; exit 3 when a file is not formatted."`
	Diff  bool     `name:"diff" help:"Print the changes as a unified diff."`
	Files []string `arg:"" optional:"" help:"Files to format (default: every *.rel.hcl of -chdir)."`
}

// Run formats the files.
func (c *FmtCmd) Run(g *Globals, env *Env) error {
	files, err := c.targets(g)
	if err != nil {
		return err
	}
	unformatted := 0
	for _, path := range files {
		src, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		if _, diags := hclsyntax.ParseConfig(src, path, hcl.InitialPos); diags.HasErrors() {
			return renderDiags(env, nil, diags)
		}
		out := hclwrite.Format(src)
		if bytes.Equal(src, out) {
			continue
		}
		unformatted++
		fmt.Fprintln(env.Stdout, path)
		if c.Diff {
			writeDiff(env, path, src, out)
		}
		if !c.Check {
			info, _ := os.Stat(path)
			if err := atomicfile.WriteFile(path, out, info.Mode().Perm()); err != nil {
				return fmt.Errorf("writing %s: %w", path, err)
			}
		}
	}
	if c.Check && unformatted > 0 {
		return &ExitError{Code: 3}
	}
	return nil
}

func (c *FmtCmd) targets(g *Globals) ([]string, error) {
	if len(c.Files) > 0 {
		return c.Files, nil
	}
	entries, err := os.ReadDir(g.Chdir)
	if err != nil {
		return nil, err
	}
	var files []string
	for _, e := range entries {
		if !e.IsDir() && strings.HasSuffix(e.Name(), config.FileSuffix) {
			files = append(files, filepath.Join(g.Chdir, e.Name()))
		}
	}
	sort.Strings(files)
	return files, nil
}

func writeDiff(env *Env, path string, a, b []byte) {
	text, _ := difflib.GetUnifiedDiffString(difflib.UnifiedDiff{
		A:        difflib.SplitLines(string(a)),
		B:        difflib.SplitLines(string(b)),
		FromFile: path,
		ToFile:   path + " (formatted)",
		Context:  3,
	})
	fmt.Fprint(env.Stdout, text)
}

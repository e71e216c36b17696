package circleci

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"regexp"
	"strings"
	"time"

	"github.com/zclconf/go-cty/cty"

	"github.com/relctl/relctl/providers"
)

// DefaultTimeout bounds one apply's wait for a pipeline.
const DefaultTimeout = 2 * time.Hour

// pipelineArgs is a parsed circleci_pipeline action.
type pipelineArgs struct {
	project, branch, tag string
	parameters           map[string]string
	wait                 bool
	timeout              time.Duration
}

var slugSegment = regexp.MustCompile(`^[A-Za-z0-9_.~-]+$`)

func parseArgs(typ string, v cty.Value) (pipelineArgs, error) {
	if typ != ActionPipeline {
		return pipelineArgs{}, fmt.Errorf("circleci provider has no action type %q", typ)
	}
	a := providers.Args{V: v}
	p := pipelineArgs{project: a.String("project"), branch: a.String("branch"), tag: a.String("tag"),
		parameters: a.StringMap("parameters"), wait: a.Bool("wait", true), timeout: DefaultTimeout}
	if a.Known("project") {
		if err := validSlug(p.project); err != nil {
			return p, err
		}
	}
	if a.Set("branch") && a.Set("tag") {
		return p, fmt.Errorf("branch and tag are mutually exclusive: set one of them")
	}
	if t := a.String("timeout"); t != "" {
		d, err := time.ParseDuration(t)
		if err != nil || d <= 0 {
			return p, fmt.Errorf("timeout %q is not a positive duration such as \"30m\" or \"2h\"", t)
		}
		p.timeout = d
	}
	return p, nil
}

// validSlug accepts vcs/org/repo project slugs.
func validSlug(slug string) error {
	parts := strings.Split(slug, "/")
	if len(parts) != 3 {
		return fmt.Errorf("project %q is not a project slug such as \"gh/acme/api\" (vcs/org/repo)", slug)
	}
	for _, s := range parts {
		if !slugSegment.MatchString(s) || s == "." || s == ".." {
			return fmt.Errorf("project %q is not a project slug such as \"gh/acme/api\" (vcs/org/repo)", slug)
		}
	}
	return nil
}

// describe renders the plan line:
// "gh/acme/api @ 1.20.x (parameters: gio_action=release)".
func describe(v cty.Value) string {
	a := providers.Args{V: v}
	var b strings.Builder
	b.WriteString(a.Display("project"))
	switch {
	case a.Set("tag"):
		b.WriteString(" @ tag " + a.Display("tag"))
	case a.Set("branch"):
		b.WriteString(" @ " + a.Display("branch"))
	default:
		b.WriteString(" @ default branch")
	}
	switch {
	case a.Set("parameters") && !a.Known("parameters"):
		b.WriteString(" (parameters: (known after apply))")
	case len(a.StringMap("parameters")) > 0:
		params := a.StringMap("parameters")
		pairs := make([]string, 0, len(params))
		for _, k := range providers.SortedKeys(params) {
			pairs = append(pairs, k+"="+params[k])
		}
		b.WriteString(" (parameters: " + strings.Join(pairs, ", ") + ")")
	}
	if !a.Bool("wait", true) {
		b.WriteString(" without waiting")
	}
	return b.String()
}

// key identifies what is triggered (project, ref and parameters, not the
// wait settings) for the in-flight journal.
func (p pipelineArgs) key(address string) string {
	h := sha256.New()
	fmt.Fprintf(h, "%s\x00%s\x00%s\x00%s\x00", address, p.project, p.branch, p.tag)
	for _, k := range providers.SortedKeys(p.parameters) {
		fmt.Fprintf(h, "%s=%s\x00", k, p.parameters[k])
	}
	return hex.EncodeToString(h.Sum(nil))[:32]
}

func (p pipelineArgs) request() triggerRequest {
	return triggerRequest{Branch: p.branch, Tag: p.tag, Parameters: p.parameters}
}

package github

import (
	"context"
	"fmt"
	"regexp"

	"github.com/relctl/relctl/providers"
)

// start is a resolved start point: a commit and the facts naming it.
type start struct {
	sha   string
	facts []providers.Fact
}

var shaPattern = regexp.MustCompile(`^[0-9a-f]{7,40}$`)

// resolve finds the commit of a branch, tag or commit SHA; "" is the
// repository's default branch.
func (p *Provider) resolve(ctx context.Context, r repoRef, name string) (start, error) {
	if name == "" {
		def, err := p.defaultBranch(ctx, r)
		if err != nil {
			return start{}, err
		}
		name = def
	}
	for _, kind := range []string{"heads/", "tags/"} {
		sha, err := p.refSHA(ctx, r, kind+name)
		if err != nil {
			return start{}, err
		}
		if sha != "" {
			return start{sha: sha, facts: []providers.Fact{refFact(r.String(), kind+name, sha)}}, nil
		}
	}
	if shaPattern.MatchString(name) {
		c, _, err := p.client.Repositories.GetCommit(ctx, r.owner, r.name, name, nil)
		if err != nil {
			return start{}, apiErr(err, "reading commit %s of %s", name, r)
		}
		return start{sha: c.GetSHA()}, nil
	}
	return start{}, fmt.Errorf("%s has no branch or tag %q", r, name)
}

// contains reports whether commit base is head or one of its ancestors.
func (p *Provider) contains(ctx context.Context, r repoRef, head, base string) (bool, error) {
	if head == base {
		return true, nil
	}
	cmp, _, err := p.client.Repositories.CompareCommits(ctx, r.owner, r.name, base, head, nil)
	if err != nil {
		return false, apiErr(err, "comparing %s...%s in %s", short(base), short(head), r)
	}
	st := cmp.GetStatus()
	return st == "ahead" || st == "identical", nil
}

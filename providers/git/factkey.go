package git

import (
	"strings"

	"github.com/relctl/relctl/providers"
)

var _ providers.RefFactMaker = (*Provider)(nil)

// RefFact names a ref fact of a repository the planner read, with the same
// normalised remote as the facts of the git actions.
func (p *Provider) RefFact(repo providers.Repository, ref, sha string) providers.Fact {
	kind, name, _ := strings.Cut(ref, "/")
	return newFact(p.repoRemote(repo), kind, name, sha)
}

package git

import (
	"github.com/zclconf/go-cty/cty"

	"github.com/relctl/relctl/providers"
)

var remoteAttr = providers.Attribute{
	Type:     cty.String,
	Required: true,
	Description: "The git remote: an https://, ssh://, git:// or file:// URL, an scp-like address " +
		"(git@github.com:acme/api.git) or a path (relative to the configuration directory). " +
		"Credentials belong in a git credential helper or ssh agent, not in the URL.",
}

var shaOutput = map[string]cty.Type{"sha": cty.String}

// actionTypes are the git_* action types, each declared beside its
// implementation.
var actionTypes = []providers.ActionType[action]{branchType, commitType, tagType, mergeType, pushType}

// Schema describes the provider block and the git_* actions.
func (p *Provider) Schema() providers.ProviderSchema {
	return providers.ProviderSchema{
		Config: map[string]providers.Attribute{
			"workdir": {Type: cty.String, Description: "Directory of the bare clones the git actions " +
				"work in, relative to the configuration directory. Default \".relctl/work\"."},
			"author_name":  {Type: cty.String, Description: "Author and committer name of the commits, merges and annotated tags relctl makes. Default \"relctl\"."},
			"author_email": {Type: cty.String, Description: "Author and committer email. Default \"relctl@localhost\"."},
		},
		Actions: p.Schemas(),
	}
}

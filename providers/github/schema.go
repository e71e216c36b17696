package github

import (
	"github.com/zclconf/go-cty/cty"

	"github.com/relctl/relctl/providers"
)

var repoAttr = providers.Attribute{Type: cty.String, Required: true,
	Description: "Repository, \"owner/name\", or \"name\" in the provider's owner."}

func str(required bool, desc string) providers.Attribute {
	return providers.Attribute{Type: cty.String, Required: required, Description: desc}
}

// TokenEnv is the environment variable the token is read from when the
// provider block sets none.
const TokenEnv = "GITHUB_TOKEN"

// actionTypes are the github_* action types, each declared beside its
// implementation.
var actionTypes = []providers.ActionType[action]{branchType, fileType, pullType, awaitType, commentType,
	tagType, releaseType, milestoneCloseType, workflowType}

// Schema describes the provider block and the github_* actions.
func (p *Provider) Schema() providers.ProviderSchema {
	return providers.ProviderSchema{
		CredentialEnv: []string{TokenEnv},
		Config: map[string]providers.Attribute{
			"owner":    str(false, "Default owner (organisation or user) of repositories named without one."),
			"base_url": str(false, "REST API root: https://api.github.com/ (default), or a GitHub Enterprise Server's https://HOST/api/v3/."),
			"token": {Type: cty.String, Sensitive: true, Description: "API token. Default: the GITHUB_TOKEN " +
				"environment variable. Never written to the plan or the state."},
			"mutation_interval": str(false, "Minimum time between two changes (POST, PATCH, PUT, DELETE), "+
				"as GitHub asks of integrations. Default \"1s\"; \"0s\" turns spacing off."),
			"poll_interval":     str(false, "First interval between two reads while waiting (for a merge, a workflow run). Default \"10s\"; it doubles up to max_poll_interval."),
			"max_poll_interval": str(false, "Longest interval between two reads while waiting. Default \"2m\"."),
		},
		Actions: p.Schemas(),
	}
}

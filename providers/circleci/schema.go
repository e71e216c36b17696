package circleci

import (
	"github.com/zclconf/go-cty/cty"

	"github.com/relctl/relctl/providers"
)

// ActionPipeline is the action type that triggers a pipeline.
const ActionPipeline = "circleci_pipeline"

func schema() providers.ProviderSchema {
	return providers.ProviderSchema{
		CredentialEnv: []string{TokenEnv},
		Config: map[string]providers.Attribute{
			"base_url": {Type: cty.String, Description: "Base URL of the CircleCI API v2. " +
				"Default \"" + DefaultBaseURL + "\"; a CircleCI server installation or a test server otherwise."},
			"app_url": {Type: cty.String, Description: "Base URL of the CircleCI web app, for the pipeline " +
				"links in outputs and messages. Default \"" + DefaultAppURL + "\"."},
			"token": {Type: cty.String, Sensitive: true, Description: "Personal API token, sent as the " +
				"Circle-Token header. Default: the CIRCLE_TOKEN environment variable. Never stored or shown."},
			"poll_interval": {Type: cty.String, Description: "Interval between two looks at a pipeline's " +
				"workflows while waiting, as a Go duration. Default \"10s\"."},
		},
		Actions: map[string]providers.ActionSchema{
			ActionPipeline: {
				Description: "Triggers a CircleCI pipeline with parameters and, unless wait is false, waits " +
					"until its workflows have finished; fails naming the workflows that did not succeed. " +
					"Irreversible: a pipeline that ran cannot be undone.",
				Attributes: map[string]providers.Attribute{
					"project": {Type: cty.String, Required: true, Description: "Project slug, " +
						"vcs/org/repo (\"gh/gravitee-io/gravitee-common\")."},
					"branch": {Type: cty.String, Description: "Branch to build. Default: the project's default branch."},
					"tag":    {Type: cty.String, Description: "Tag to build, instead of a branch."},
					"parameters": {Type: cty.Map(cty.String), Description: "Pipeline parameters, sent as " +
						"strings: declare them as string parameters in the CircleCI configuration."},
					"wait": {Type: cty.Bool, Description: "Wait for the pipeline's workflows to finish. Default true."},
					"timeout": {Type: cty.String, Description: "How long one apply waits, as a Go duration. " +
						"Default \"2h\". When it passes, apply stops and waits again when run again."},
				},
				Outputs: map[string]cty.Type{
					"id":     cty.String,
					"number": cty.Number,
					"state":  cty.String,
					"url":    cty.String,
				},
			},
		},
	}
}

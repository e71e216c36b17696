package config

import "github.com/hashicorp/hcl/v2"

var fileSchema = &hcl.BodySchema{
	Blocks: []hcl.BlockHeaderSchema{
		{Type: "relctl"},
		{Type: "variable", LabelNames: []string{"name"}},
		{Type: "locals"},
		{Type: "provider", LabelNames: []string{"name"}},
		{Type: "manifest", LabelNames: []string{"name"}},
		{Type: "milestone", LabelNames: []string{"name"}},
		{Type: "strategy", LabelNames: []string{"name"}},
		{Type: "component", LabelNames: []string{"name"}},
		{Type: "release"},
		{Type: "stage", LabelNames: []string{"name"}},
	},
}

var relctlSchema = &hcl.BodySchema{
	Attributes: []hcl.AttributeSchema{
		{Name: "required_version"},
		{Name: "state_path"},
		{Name: "parallelism"},
	},
	Blocks: []hcl.BlockHeaderSchema{{Type: "backend", LabelNames: []string{"type"}}, rollbackBlock},
}

var variableSchema = &hcl.BodySchema{
	Attributes: []hcl.AttributeSchema{
		{Name: "type"},
		{Name: "description"},
		{Name: "default"},
		{Name: "sensitive"},
	},
	Blocks: []hcl.BlockHeaderSchema{{Type: "validation"}},
}

var validationSchema = &hcl.BodySchema{
	Attributes: []hcl.AttributeSchema{
		{Name: "condition", Required: true},
		{Name: "error_message", Required: true},
	},
}

var manifestSchema = &hcl.BodySchema{
	Attributes: []hcl.AttributeSchema{
		{Name: "format"},
		{Name: "path"},
	},
	Blocks: []hcl.BlockHeaderSchema{{Type: "github"}},
}

var manifestGitHubSchema = &hcl.BodySchema{
	Attributes: []hcl.AttributeSchema{
		{Name: "repo", Required: true},
		{Name: "path"},
		{Name: "ref"},
	},
}

var milestoneSchema = &hcl.BodySchema{
	Attributes: []hcl.AttributeSchema{
		{Name: "repo", Required: true},
		{Name: "title"},
		{Name: "number"},
		{Name: "component_label_prefix"},
		{Name: "linked_pull_requests"},
	},
	Blocks: []hcl.BlockHeaderSchema{{Type: "notes"}},
}

var strategySchema = &hcl.BodySchema{
	Attributes: []hcl.AttributeSchema{
		{Name: "scheme"},
		{Name: "bump"},
		{Name: "initial"},
		{Name: "prerelease_id"},
		{Name: "custom"},
		{Name: "tag"},
		{Name: "branch"},
	},
}

var componentSchema = &hcl.BodySchema{
	Attributes: []hcl.AttributeSchema{
		{Name: "for_each"},
		{Name: "repo", Required: true},
		{Name: "url"},
		{Name: "version"},
		{Name: "strategy", Required: true},
		{Name: "depends_on"},
	},
}

var releaseSchema = &hcl.BodySchema{
	Attributes: []hcl.AttributeSchema{
		{Name: "name", Required: true},
		{Name: "version", Required: true},
		{Name: "components", Required: true},
		{Name: "cascade"},
		{Name: "force"},
	},
}

var stageSchema = &hcl.BodySchema{
	Attributes: []hcl.AttributeSchema{
		{Name: "depends_on"},
		{Name: "for_each"},
		{Name: "order"},
		{Name: "on_failure"},
	},
	Blocks: []hcl.BlockHeaderSchema{{Type: "action", LabelNames: []string{"type", "name"}}, rollbackBlock},
}

// actionMetaArguments are the arguments every action takes besides those
// of its type's schema.
var actionMetaArguments = []hcl.AttributeSchema{
	{Name: "enabled"},
}

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

func schema() providers.ProviderSchema {
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
		Actions: map[string]providers.ActionSchema{
			"github_branch":          branchSchema(),
			"github_file":            fileSchema(),
			"github_pull_request":    pullSchema(),
			"github_await_merge":     awaitSchema(),
			"github_comment":         commentSchema(),
			"github_tag":             tagSchema(),
			"github_release":         releaseSchema(),
			"github_milestone_close": milestoneCloseSchema(),
			"github_workflow":        workflowSchema(),
		},
	}
}

func branchSchema() providers.ActionSchema {
	return providers.ActionSchema{
		Description: "Creates a branch. Done when the branch exists and contains its start point. " +
			"Reversible: undo deletes the branch if it is still where relctl created it.",
		Attributes: map[string]providers.Attribute{
			"repo":   repoAttr,
			"branch": str(true, "Name of the branch to create."),
			"from":   str(false, "Branch, tag or commit SHA the branch starts at. Default: the repository's default branch."),
		},
		Outputs: map[string]cty.Type{"sha": cty.String},
	}
}

func fileSchema() providers.ActionSchema {
	return providers.ActionSchema{
		Description: "Creates or updates one file on a branch with one commit. The plan shows a unified diff " +
			"against the file on that branch (or on the default branch while the branch does not exist yet). " +
			"Compensable: undo writes the previous content back (or deletes a file relctl created), only if " +
			"the file still holds relctl's content; once a pull request from the branch was merged, on its base " +
			"branch (by a revert pull request with rollback { via_pull_request = true }).",
		Attributes: map[string]providers.Attribute{
			"repo":    repoAttr,
			"branch":  str(true, "Branch to commit to; it must exist when the action runs."),
			"path":    str(true, "Path of the file in the repository, e.g. \"release.json\"."),
			"content": str(true, "The file's new content."),
			"message": str(false, "Commit message. Default \"Update <path>\"."),
		},
		Outputs: map[string]cty.Type{"sha": cty.String, "blob_sha": cty.String},
	}
}

func pullSchema() providers.ActionSchema {
	return providers.ActionSchema{
		Description: "Opens a pull request from head to base; an open pull request from head to base is adopted. " +
			"Compensable: undo closes it; a merged pull request cannot be closed, and rollback lists it with who " +
			"merged it and when.",
		Attributes: map[string]providers.Attribute{
			"repo":  repoAttr,
			"head":  str(true, "Branch with the changes."),
			"base":  str(false, "Branch to merge into. Default: the repository's default branch."),
			"title": str(true, "Title of the pull request."),
			"body":  str(false, "Description of the pull request (Markdown)."),
			"draft": {Type: cty.Bool, Description: "Open the pull request as a draft."},
		},
		Outputs: map[string]cty.Type{"number": cty.Number, "url": cty.String},
	}
}

func awaitSchema() providers.ActionSchema {
	return providers.ActionSchema{
		Description: "Waits until a pull request is merged, reading it with growing intervals. When the timeout " +
			"passes, apply stops (exit 3) and waits again when run again; a pull request closed without " +
			"merge fails. Irreversible (nothing to undo).",
		Attributes: map[string]providers.Attribute{
			"repo":    repoAttr,
			"number":  {Type: cty.Number, Required: true, Description: "Number of the pull request."},
			"timeout": str(false, "How long one apply waits, e.g. \"72h\". Default \"72h\"."),
		},
		Outputs: map[string]cty.Type{"merge_commit_sha": cty.String},
	}
}

func commentSchema() providers.ActionSchema {
	return providers.ActionSchema{
		Description: "Adds a comment to an issue or pull request, identified by a hidden marker so that it is " +
			"posted once and edited in place afterwards. Reversible: undo deletes it.",
		Attributes: map[string]providers.Attribute{
			"repo":   repoAttr,
			"number": {Type: cty.Number, Required: true, Description: "Number of the issue or pull request."},
			"body":   str(true, "Text of the comment (Markdown)."),
			"marker": str(false, "Hidden text identifying the comment, e.g. \"<!-- release-notice -->\"; "+
				"added to the body when missing. Default: a marker naming the action's address."),
		},
		Outputs: map[string]cty.Type{"id": cty.Number, "url": cty.String},
	}
}

func tagSchema() providers.ActionSchema {
	return providers.ActionSchema{
		Description: "Creates a tag, annotated when a message is given. Done when the tag exists on the " +
			"expected commit; a tag on another commit is a conflict. Reversible: undo deletes the tag if " +
			"it still names what relctl made.",
		Attributes: map[string]providers.Attribute{
			"repo":    repoAttr,
			"tag":     str(true, "Name of the tag, e.g. \"1.20.5\"."),
			"sha":     str(false, "Commit SHA to tag."),
			"ref":     str(false, "Branch or tag whose commit to tag, when sha is not given. Default: the default branch."),
			"message": str(false, "Message of an annotated tag; without it the tag is lightweight."),
		},
		Outputs: map[string]cty.Type{"sha": cty.String},
	}
}

func releaseSchema() providers.ActionSchema {
	return providers.ActionSchema{
		Description: "Publishes a GitHub release for a tag (GitHub creates the tag from target when it is " +
			"missing); a release that exists for the tag is adopted. Reversible: undo deletes the release " +
			"(not the tag).",
		Attributes: map[string]providers.Attribute{
			"repo":       repoAttr,
			"tag":        str(true, "Tag of the release."),
			"name":       str(false, "Title of the release. Default: the tag."),
			"body":       str(false, "Release notes (Markdown)."),
			"target":     str(false, "Branch or commit SHA to tag when the tag does not exist. Default: the default branch."),
			"draft":      {Type: cty.Bool, Description: "Create a draft (unpublished) release."},
			"prerelease": {Type: cty.Bool, Description: "Mark the release as a pre-release."},
		},
		Outputs: map[string]cty.Type{"id": cty.Number, "url": cty.String},
	}
}

func milestoneCloseSchema() providers.ActionSchema {
	return providers.ActionSchema{
		Description: "Closes a milestone. Compensable: undo reopens it if relctl closed it.",
		Attributes: map[string]providers.Attribute{
			"repo":   repoAttr,
			"number": {Type: cty.Number, Description: "Number of the milestone."},
			"title":  str(false, "Title of the milestone, when number is not given."),
		},
		Outputs: map[string]cty.Type{"number": cty.Number},
	}
}

func workflowSchema() providers.ActionSchema {
	return providers.ActionSchema{
		Description: "Runs a GitHub Actions workflow with a workflow_dispatch event, finds the run it started " +
			"and optionally waits for its conclusion (anything but success fails). Irreversible: a run that ran.",
		Attributes: map[string]providers.Attribute{
			"repo":     repoAttr,
			"workflow": str(true, "Workflow file name (\"release.yml\") or numeric id."),
			"ref":      str(false, "Branch or tag to run the workflow on. Default: the default branch."),
			"inputs":   {Type: cty.Map(cty.String), Description: "Inputs of the workflow_dispatch event."},
			"wait":     {Type: cty.Bool, Description: "Wait for the run to complete."},
			"timeout":  str(false, "How long to wait for the run, e.g. \"1h\". Default \"1h\"."),
		},
		Outputs: map[string]cty.Type{"run_id": cty.Number, "url": cty.String, "conclusion": cty.String},
	}
}

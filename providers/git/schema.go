package git

import (
	"github.com/zclconf/go-cty/cty"

	"github.com/relctl/relctl/providers"
	"github.com/relctl/relctl/providers/internal/pin"
)

var remoteAttr = providers.Attribute{
	Type:     cty.String,
	Required: true,
	Description: "The git remote: an https://, ssh://, git:// or file:// URL, an scp-like address " +
		"(git@github.com:acme/api.git) or a path (relative to the configuration directory). " +
		"Credentials belong in a git credential helper or ssh agent, not in the URL.",
}

var shaOutput = map[string]cty.Type{"sha": cty.String}

func schema() providers.ProviderSchema {
	return providers.ProviderSchema{
		Config: map[string]providers.Attribute{
			"workdir": {Type: cty.String, Description: "Directory of the bare clones the git actions " +
				"work in, relative to the configuration directory. Default \".relctl/work\"."},
			"author_name":  {Type: cty.String, Description: "Author and committer name of the commits, merges and annotated tags relctl makes. Default \"relctl\"."},
			"author_email": {Type: cty.String, Description: "Author and committer email. Default \"relctl@localhost\"."},
		},
		Actions: map[string]providers.ActionSchema{
			"git_branch": {
				Description: "Creates a branch in relctl's local clone of the remote (published by git_push). " +
					"Reversible: undo deletes the local branch.",
				Attributes: map[string]providers.Attribute{
					"remote": remoteAttr,
					"branch": {Type: cty.String, Required: true, Description: "Name of the branch to create."},
					"from":   {Type: cty.String, Description: "Branch, tag or commit SHA the branch starts at. Default: the remote's default branch."},
				},
				Outputs: shaOutput,
			},
			"git_commit": {
				Description: "Commits files to a branch of relctl's local clone, on top of the local branch " +
					"(made by earlier actions) or else the remote's. The commit carries the trailer " +
					"\"Relctl-Action: <address>\" so a resumed apply recognises it. Reversible: undo resets the local branch.",
				Attributes: map[string]providers.Attribute{
					"remote":  remoteAttr,
					"branch":  {Type: cty.String, Required: true, Description: "Branch to commit to."},
					"message": {Type: cty.String, Required: true, Description: "Commit message."},
					"files": {Type: cty.Map(cty.String), Description: "Files to write, path (relative to " +
						"the repository root, no \"..\") to content."},
					"version": {Type: cty.String, Description: "Sets the project version: the project's own " +
						"<version> in pom.xml (not its parent's or a dependency's), the \"version\" key of " +
						"package.json (format-preserving) and the content of VERSION, for those found at the root."},
					"version_files": {Type: cty.List(cty.String), Description: "Files whose version " +
						"\"version\" sets, instead of the ones found at the root; recognised by name " +
						"(pom.xml, package.json, anything else is a plain version file)."},
					"pins": {Type: pin.Type, Description: pin.Description("files of the repository, on top of files and version") +
						" Each pin names its file."},
				},
				Outputs: shaOutput,
			},
			"git_tag": {
				Description: "Creates a tag in relctl's local clone (published by git_push). Reversible: undo deletes the local tag.",
				Attributes: map[string]providers.Attribute{
					"remote":  remoteAttr,
					"tag":     {Type: cty.String, Required: true, Description: "Name of the tag."},
					"ref":     {Type: cty.String, Description: "Branch, tag or commit SHA to tag. Default: the remote's default branch."},
					"message": {Type: cty.String, Description: "Message of an annotated tag; without it the tag is lightweight."},
				},
				Outputs: map[string]cty.Type{"sha": cty.String, "tag": cty.String},
			},
			"git_merge": {
				Description: "Merges a branch, tag or commit into a branch of relctl's local clone: a " +
					"fast-forward when possible, else a merge commit; with create, a branch that does not exist yet is made at from. " +
					"Reversible: undo resets the local branch.",
				Attributes: map[string]providers.Attribute{
					"remote":  remoteAttr,
					"branch":  {Type: cty.String, Required: true, Description: "Branch to merge into."},
					"from":    {Type: cty.String, Required: true, Description: "Branch, tag or commit SHA to merge."},
					"message": {Type: cty.String, Description: "Message of the merge commit. Default \"Merge <from> into <branch>\"."},
					"ff_only": {Type: cty.Bool, Description: "Refuse anything but a fast-forward."},
					"create": {Type: cty.Bool, Description: "Create the branch at from when it exists " +
						"neither in relctl's clone nor on the remote (a first release on a dedicated " +
						"release branch); undo deletes it."},
				},
				Outputs: shaOutput,
			},
			"git_push": {
				Description: "Publishes branches and tags of relctl's local clone to the remote in one atomic " +
					"push, each ref guarded by compare-and-swap (--force-with-lease) against the value seen " +
					"just before. Reversible when it only creates refs (undo deletes them); compensable when " +
					"it moves an existing branch (undo puts the branch back only if it still points at " +
					"what relctl pushed).",
				Attributes: map[string]providers.Attribute{
					"remote": remoteAttr,
					"refs": {Type: cty.List(cty.String), Required: true, Description: "Branches and tags to " +
						"push: a name (a local branch, else a local tag), or heads/NAME or tags/NAME."},
				},
				Outputs: map[string]cty.Type{"pushed": cty.Map(cty.String)},
			},
		},
	}
}

# feenk's GToolkit Releaser process for the example system SystemOne:
# seven Metacello baselines in six repositories. Every repository with a
# change since its last release (or a dependency released) gets a new
# release on its dedicated "release" branch: the current branch is merged
# into it (the branch is created the first time), the release is tagged
# (v0.1.0 first, then the patch number grows), and only when every
# repository's release is made are the release branches and tags pushed
# (Releaser's creation actions, then its post-creation actions). Run
# ./setup.sh first; it creates the repositories under work/.

relctl {
  required_version = ">= 0.1.0"
  state_path       = "work/relctl.state"
  parallelism      = 6
}

variable "release_version" {
  type        = string
  description = "Name of this release of SystemOne, shown in the plan and in the tag messages"
}

variable "force" {
  type        = bool
  description = "Release every repository, also those without a change since their last release"
  default     = false
}

locals {
  release_branch = "release"

  # The dependency model: each baseline, the repository that holds it and
  # the baselines it loads. ComponentB holds two baselines, which share
  # one version: a tag names one commit of a repository.
  baselines = {
    SystemOne      = { repository = "SystemOne", depends_on = ["ComponentA", "ComponentBMain", "ComponentC"] }
    ComponentA     = { repository = "ComponentA", depends_on = ["ComponentD"] }
    ComponentBMain = { repository = "ComponentB", depends_on = ["ComponentBUtil", "ComponentE"] }
    ComponentBUtil = { repository = "ComponentB", depends_on = [] }
    ComponentC     = { repository = "ComponentC", depends_on = ["ComponentD", "ComponentE"] }
    ComponentD     = { repository = "ComponentD", depends_on = [] }
    ComponentE     = { repository = "ComponentE", depends_on = [] }
  }
}

locals {
  # The released repositories, each with its released baselines.
  released = { for name, c in release.components : local.baselines[name].repository => c... }

  # The tag each baseline loads: the one this release makes, else its
  # repository's latest release tag.
  tags = { for name, b in local.baselines : name => try(release.components[name].tag, "v${component.baseline[name].current}") }

  # For each released repository, the pins of its baselines that load
  # others: a baseline names a dependency by its repository,
  # github://example/REPOSITORY:VERSION/src, where VERSION is main (the
  # latest) until a release pins it to a tag.
  pins = { for repo, cs in local.released : repo => [
    for c in cs : {
      file         = "src/BaselineOf${c.name}/BaselineOf${c.name}.class.st"
      format       = "regex"
      pattern      = "github://example/{name}:([^/]+)/src"
      dependencies = { for d in local.baselines[c.name].depends_on : local.baselines[d].repository => local.tags[d] }
    } if length(local.baselines[c.name].depends_on) > 0
  ] }
}

provider "git" {
  workdir      = "work/clones"
  author_name  = "GT Releaser"
  author_email = "releaser@feenk.example"
}

# Releaser's defaults: v0.1.0 when a repository has no version yet, then
# the patch number grows. Changes are counted on the current branch, main.
strategy "releaser" {
  scheme  = "semver"
  bump    = "patch"
  initial = "0.1.0"
  tag     = "v${version}"
  branch  = "main"
}

component "baseline" {
  for_each   = local.baselines
  repo       = "example/${each.value.repository}"
  url        = "work/remotes/${each.value.repository}.git"
  strategy   = strategy.releaser
  depends_on = each.value.depends_on
}

release {
  name       = "SystemOne"
  version    = var.release_version
  components = keys(local.baselines)
  cascade    = true
  force      = var.force
}

# Creation actions, per released repository (its baselines grouped).
# Creation actions, per released repository: the release branch, the
# baselines that load other baselines pinned to their release tags (a
# baseline without dependencies is left as it is: no commit), the tag.
# Versions and tags are known when planning, so the repositories do not
# wait for one another.
stage "creation" {
  for_each = local.released
  order    = "parallel"

  action "git_merge" "release" {
    remote  = each.value[0].url
    branch  = local.release_branch
    from    = each.value[0].branch
    create  = true
    message = "Merge ${each.value[0].branch} into ${local.release_branch} for ${each.value[0].tag}"
  }

  action "git_commit" "baselines" {
    enabled = length(local.pins[each.key]) > 0
    remote  = each.value[0].url
    branch  = local.release_branch
    message = "Load the dependencies of ${each.key} ${each.value[0].tag} at their release tags"
    pins    = local.pins[each.key]
  }

  action "git_tag" "pinned" {
    enabled = length(local.pins[each.key]) > 0
    remote  = each.value[0].url
    tag     = each.value[0].tag
    ref     = action.git_commit.baselines.sha
    message = "${each.key} ${each.value[0].version}: SystemOne ${var.release_version}"
  }

  action "git_tag" "merged" {
    enabled = length(local.pins[each.key]) == 0
    remote  = each.value[0].url
    tag     = each.value[0].tag
    ref     = action.git_merge.release.sha
    message = "${each.key} ${each.value[0].version}: SystemOne ${var.release_version}"
  }
}

# Post-creation actions: the pushes, once every release is made.
stage "post_creation" {
  depends_on = [stage.creation]
  for_each   = local.released
  order      = "parallel"

  action "git_push" "release" {
    remote = each.value[0].url
    refs   = [local.release_branch, each.value[0].tag]
  }
}

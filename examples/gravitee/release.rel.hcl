# The Gravitee.io APIM release, as the Gravitee Release Orchestrator ran it:
# milestone -> components -> release.json on a prepare branch -> pull
# request -> a person merges -> maven releases of every component in
# dependency order -> binaries -> Docker images -> tags, releases, milestone.

relctl {
  required_version = ">= 0.1.0"
  parallelism      = 10

  # The state and the plan being applied live in the release repository,
  # on the branch relctl-state, so that the CI job that continues the
  # release after the merge (ci/) finds them. GITHUB_TOKEN writes them.
  backend "github" {
    repo   = "gravitee-io/release"
    branch = "relctl-state"
  }
}

variable "release_version" {
  type        = string
  description = "Product version to release, e.g. 3.4.7"
  validation {
    condition     = can(regex("^[0-9]+\\.[0-9]+\\.[0-9]+$", var.release_version))
    error_message = "release_version must look like 3.4.7."
  }
}

variable "milestone" {
  type        = string
  description = "Title of the milestone in gravitee-io/issues, e.g. \"APIM 3.4.7\""
}

variable "github_api_url" {
  type        = string
  description = "GitHub REST API root (GitHub Enterprise Server, or a test server)"
  default     = "https://api.github.com/"
}

variable "circleci_api_url" {
  type        = string
  description = "CircleCI API v2 root (a CircleCI server installation, or a test server)"
  default     = "https://circleci.com/api/v2/"
}

variable "approval_timeout" {
  type        = string
  description = "How long one apply waits for the prepare pull request to be merged"
  default     = "72h"
}

variable "slack_webhook_url" {
  type        = string
  description = "Incoming webhook of the release channel"
  sensitive   = true
}

locals {
  release_repo = "gravitee-io/release"
  prepare      = "feature/prepare_release_${var.release_version}"
  images       = toset(["gateway", "management-api", "management-ui", "portal-ui"])
}

provider "github" {
  owner    = "gravitee-io"
  base_url = var.github_api_url
}

provider "circleci" {
  base_url = var.circleci_api_url
}

provider "slack" {}

manifest "release" {
  format = "gravitee"
  github {
    repo = local.release_repo
    path = "release.json"
    ref  = "master"
  }
}

milestone "apim" {
  repo                   = "gravitee-io/issues"
  title                  = var.milestone
  component_label_prefix = "project: "
  linked_pull_requests   = true
}

strategy "maven_patch" {
  scheme = "maven"
  bump   = "patch"
  tag    = "${version}"
  branch = patch == 0 ? "master" : "${major}.${minor}.x"
}

component "apim" {
  for_each   = manifest.release.components
  repo       = each.key
  version    = each.value.version
  strategy   = strategy.maven_patch
  depends_on = manifest.release.depends_on[each.key]
}

release {
  name       = "APIM"
  version    = var.release_version
  components = setunion(milestone.apim.components, manifest.release.snapshots)
  cascade    = true
}

# Prepare: the release.json of the release, reviewed and merged by a person.
stage "prepare" {
  action "github_branch" "prepare" {
    repo   = local.release_repo
    branch = local.prepare
    from   = "master"
  }

  action "github_file" "release_json" {
    repo    = local.release_repo
    branch  = local.prepare
    path    = "release.json"
    content = manifest.release.updated
    message = "Prepare release ${var.release_version}"
  }

  action "github_pull_request" "prepare" {
    repo  = local.release_repo
    head  = local.prepare
    base  = "master"
    title = "Prepare release APIM ${var.release_version}"
    body  = "Versions of the components released in APIM ${var.release_version} (milestone ${var.milestone}). Merge to start the release."
  }

  action "github_comment" "checklist" {
    repo   = local.release_repo
    number = action.github_pull_request.prepare.number
    marker = "<!-- relctl:release-checklist -->"
    body   = "Before merging: check the versions in release.json; ${length(release.components)} components are released."
  }

  action "slack_message" "review" {
    webhook_url = var.slack_webhook_url
    text        = "APIM ${var.release_version} is ready for review: ${action.github_pull_request.prepare.url}"
  }

  action "github_await_merge" "approval" {
    repo    = local.release_repo
    number  = action.github_pull_request.prepare.number
    timeout = var.approval_timeout
  }
}

# Publish: the merged release.json is the release's record.
stage "publish" {
  depends_on = [stage.prepare]

  action "github_tag" "release" {
    repo    = local.release_repo
    tag     = var.release_version
    sha     = stage.prepare.action.github_await_merge.approval.merge_commit_sha
    message = "APIM ${var.release_version}"
  }

  action "github_release" "release" {
    repo = local.release_repo
    tag  = var.release_version
    name = "APIM ${var.release_version}"
    # The release notes: per component, the milestone's issues grouped by
    # their "type: " label, with the pull requests linked to them.
    body = <<-EOT
      ${join("\n", [for c in values(release.components) : "- ${c.name} ${c.version}"])}

      ${release.notes}
      EOT
  }
}

# Maven: every component released by its own CircleCI pipeline, a
# component after the components it depends on.
stage "maven" {
  depends_on = [stage.publish]
  for_each   = release.components
  order      = "dependencies"

  action "circleci_pipeline" "release" {
    project    = "gh/gravitee-io/${each.key}"
    branch     = each.value.branch
    parameters = { gio_action = "release" }
    wait       = true
    timeout    = "2h"
  }
}

stage "bundle" {
  depends_on = [stage.maven]

  action "circleci_pipeline" "binaries" {
    project    = "gh/gravitee-io/apim-binary-releaser"
    branch     = "master"
    parameters = { graviteeio_version = var.release_version }
    wait       = true
    timeout    = "2h"
  }
}

stage "docker" {
  depends_on = [stage.bundle]
  for_each   = local.images
  order      = "parallel"

  action "circleci_pipeline" "image" {
    project    = "gh/gravitee-io/gravitee-docker"
    branch     = "master"
    parameters = { image = each.key, graviteeio_version = var.release_version }
    wait       = true
    timeout    = "1h"
  }
}

stage "finish" {
  depends_on = [stage.docker]
  for_each   = release.components

  action "github_release" "component" {
    repo = each.value.repo
    tag  = each.value.tag
    name = "${each.key} ${each.value.version}"
    body = "Released with APIM ${var.release_version}.\n\n${each.value.notes}"
  }
}

stage "close" {
  depends_on = [stage.finish]

  action "github_milestone_close" "apim" {
    repo  = "gravitee-io/issues"
    title = var.milestone
  }

  action "slack_message" "done" {
    webhook_url = var.slack_webhook_url
    text        = "APIM ${var.release_version} is released."
  }
}

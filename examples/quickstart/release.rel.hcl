# The quickstart: a product of four components in their own repositories.
# Run ./setup.sh first; it creates the repositories under work/.

relctl {
  required_version = ">= 0.1.0"
  state_path       = "work/relctl.state"
  parallelism      = 4
}

variable "release_version" {
  type        = string
  description = "Version of the product release, e.g. 2026.11.0"
  default     = "2026.11.0"
  validation {
    condition     = can(regex("^[0-9]+\\.[0-9]+\\.[0-9]+$", var.release_version))
    error_message = "release_version must look like 2026.11.0."
  }
}

locals {
  remotes = "work/remotes"
}

provider "git" {
  workdir      = "work/clones"
  author_name  = "Acme Release Bot"
  author_email = "release@acme.example"
}

strategy "library" {
  scheme = "semver"
  bump   = "minor"
  tag    = "v${version}"
  branch = "main"
}

strategy "service" {
  scheme = "maven"
  bump   = "patch"
  tag    = "${name}-${version}"
  branch = "main"
}

component "common" {
  repo     = "acme/common"
  url      = "${local.remotes}/common.git"
  strategy = strategy.library
}

component "api" {
  repo       = "acme/api"
  url        = "${local.remotes}/api.git"
  strategy   = strategy.service
  depends_on = [component.common]
}

component "web" {
  repo       = "acme/web"
  url        = "${local.remotes}/web.git"
  strategy   = strategy.library
  depends_on = [component.api]
}

component "docs" {
  repo     = "acme/docs"
  url      = "${local.remotes}/docs.git"
  strategy = strategy.library
}

release {
  name    = "Acme Platform"
  version = var.release_version
  # docs is selected but has not changed since v1.0.0, so it is not
  # released; web is released because it depends on api (cascade).
  components = ["common", "api", "docs"]
  cascade    = true
}

stage "qualify" {
  action "exec" "tools" {
    argv        = ["git", "--version"]
    description = "check that git is installed"
  }
}

stage "release" {
  depends_on = [stage.qualify]
  for_each   = release.components
  order      = "dependencies"

  action "git_commit" "version" {
    remote  = each.value.url
    branch  = each.value.branch
    message = "Release ${each.key} ${each.value.version}"
    version = each.value.version
  }

  action "git_tag" "release" {
    remote  = each.value.url
    tag     = each.value.tag
    ref     = action.git_commit.version.sha
    message = "${release.name} ${release.version}: ${each.key} ${each.value.version}"
  }

  # After the release commit and its tag, move the branch on to the next
  # development version, as Maven's release plugin does. Only maven
  # strategies have one (api: 2.0.2-SNAPSHOT); for the others the action
  # is skipped, and the plan says so.
  action "git_commit" "next" {
    enabled = each.value.next != ""
    remote  = each.value.url
    branch  = each.value.branch
    message = "Prepare ${each.key} ${each.value.next}"
    version = each.value.next
  }

  action "git_push" "publish" {
    remote = each.value.url
    refs   = [each.value.branch, each.value.tag]
  }
}

stage "announce" {
  depends_on = [stage.release]

  action "exec" "notes" {
    argv = ["echo", "Released ${release.name} ${release.version}: ${join(", ", [for c in values(release.components) : "${c.name} ${c.version}"])}"]
  }
}

# nort's release sequence for one project, hello: qualification, tests,
# build, publish (artifact, release commit, tag release-X, push), install,
# completion (the next SNAPSHOT). Run ./setup.sh first; it creates the
# remote, the work area, the artifact repository and the installation
# under work/. With -rollback-on-failure, a release that fails at its last
# steps is undone: the remote, the artifact repository, the installation
# and the work area are left as they were.

relctl {
  required_version = ">= 0.1.0"
  state_path       = "work/relctl.state"
}

variable "installed_version_command" {
  type        = list(string)
  description = "Command that prints the installed version (nort's os.command.to.get.installed.version)"
  default     = ["work/install/current/bin/hello", "--version"]
}

locals {
  work_area    = "work/hello"     # the developer's clone, where tests and build run
  artifacts    = "work/artifacts" # the local artifact repository
  installation = "work/install"   # nort's installation.directory
}

provider "git" {
  workdir      = "work/clones"
  author_name  = "Nova Release Bot"
  author_email = "release@novaordis.example"
}

# A dot release of the SNAPSHOT: 1.2.1-SNAPSHOT is released as 1.2.1
# (tag release-1.2.1), and development continues at 1.2.2-SNAPSHOT.
strategy "nort" {
  scheme = "maven"
  bump   = "patch"
  tag    = "release-${version}"
  branch = "main"
}

component "hello" {
  repo     = "novaordis/hello"
  url      = "work/remotes/hello.git"
  strategy = strategy.nort
}

# The release is named after the version hello is released at.
release {
  name       = "hello"
  version    = semver_bump(component.hello.current, "patch")
  components = ["hello"]
}

# Fail fast, before anything changes.
stage "qualification" {
  for_each = release.components

  action "exec" "work_area" {
    argv        = ["sh", "scripts/check-work-area.sh", local.work_area, each.value.url, each.value.branch]
    description = "the work area is clean and at ${each.value.branch} of the remote"
  }

  action "exec" "snapshot" {
    argv        = ["sh", "scripts/check-snapshot.sh", "${local.work_area}/VERSION", each.value.version]
    description = "the current version is ${each.value.version}-SNAPSHOT"
  }

  action "exec" "installed" {
    argv        = concat(["sh", "scripts/check-installed.sh", each.value.version], var.installed_version_command)
    description = "the installed version is older than ${each.value.version}"
  }
}

stage "tests" {
  depends_on = [stage.qualification]
  for_each   = release.components

  action "exec" "test" {
    argv = ["sh", "test.sh"]
    dir  = local.work_area
  }
}

# The binary distribution of the version released, in the work area's
# target/ directory; undone by removing it.
stage "build" {
  depends_on = [stage.tests]
  for_each   = release.components

  action "exec" "distribution" {
    argv = ["sh", "build.sh", each.value.version]
    undo = ["sh", "build.sh", "clean", each.value.version]
    dir  = local.work_area
  }
}

stage "publish" {
  depends_on = [stage.build]
  for_each   = release.components

  action "exec" "artifact" {
    argv = ["sh", "scripts/publish.sh", "${local.work_area}/target/${each.key}-${each.value.version}.tar.gz",
    local.artifacts, each.key, each.value.version]
    undo        = ["sh", "scripts/unpublish.sh", local.artifacts, each.key, each.value.version]
    description = "publish ${each.key}-${each.value.version}.tar.gz to ${local.artifacts}"
  }

  action "git_commit" "release" {
    remote  = each.value.url
    branch  = each.value.branch
    message = "Release ${each.key} ${each.value.version}"
    version = each.value.version
  }

  action "git_tag" "release" {
    remote  = each.value.url
    tag     = each.value.tag
    ref     = action.git_commit.release.sha
    message = "${each.key} ${each.value.version}"
  }

  action "git_push" "release" {
    remote = each.value.url
    refs   = [each.value.branch, each.value.tag]
  }
}

stage "install" {
  depends_on = [stage.publish]
  for_each   = release.components

  action "exec" "unpack" {
    argv = ["sh", "scripts/install.sh",
    "${local.artifacts}/${each.key}/${each.value.version}/${each.key}-${each.value.version}.tar.gz", local.installation]
    undo        = ["sh", "scripts/uninstall.sh", local.installation, "${each.key}-${each.value.version}"]
    description = "install ${each.key} ${each.value.version} into ${local.installation}"
  }
}

# The work area moves on to the next SNAPSHOT.
stage "completion" {
  depends_on = [stage.install]
  for_each   = release.components

  action "git_commit" "next" {
    remote  = each.value.url
    branch  = each.value.branch
    message = "Start ${each.value.next}"
    version = each.value.next
  }

  action "git_push" "next" {
    remote = each.value.url
    refs   = [each.value.branch]
  }
}

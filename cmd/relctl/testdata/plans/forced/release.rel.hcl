# force = true releases docs although it has no change since its tag;
# cascade is off, so web (which depends on api) is not released.
provider "git" { workdir = "work/clones" }

strategy "library" {
  scheme = "semver"
  bump   = "patch"
  tag    = "v${version}"
}

strategy "service" {
  scheme = "maven"
  bump   = "minor"
  tag    = "${name}-${version}"
}

component "common" {
  repo     = "acme/common"
  url      = "work/remotes/common.git"
  strategy = strategy.library
}

component "api" {
  repo       = "acme/api"
  url        = "work/remotes/api.git"
  strategy   = strategy.service
  depends_on = [component.common]
}

component "web" {
  repo       = "acme/web"
  url        = "work/remotes/web.git"
  strategy   = strategy.library
  depends_on = [component.api]
}

component "docs" {
  repo     = "acme/docs"
  url      = "work/remotes/docs.git"
  strategy = strategy.library
}

release {
  name       = "Acme"
  version    = "1.0.0"
  components = ["api", "docs"]
  force      = true
}

stage "tag" {
  for_each = release.components

  action "git_tag" "release" {
    remote  = each.value.url
    tag     = each.value.tag
    ref     = each.value.branch
    message = "${each.key} ${each.value.version} (${each.value.reason})"
  }

  action "git_push" "publish" {
    remote = each.value.url
    refs   = [each.value.tag]
  }
}

# order = "parallel": the instances of a stage ignore component
# dependencies and form one wave; a stage's output feeds a later stage.
provider "git" { workdir = "work/clones" }

strategy "library" {
  scheme  = "semver"
  bump    = "prerelease"
  tag     = "v${version}"
}

component "common" {
  repo     = "acme/common"
  url      = "work/remotes/common.git"
  strategy = strategy.library
}

component "web" {
  repo       = "acme/web"
  url        = "work/remotes/web.git"
  strategy   = strategy.library
  depends_on = [component.common]
}

release {
  name       = "Acme previews"
  version    = "1.0.0-rc.1"
  components = ["common", "web"]
  force      = true
}

stage "prepare" {
  action "git_branch" "previews" {
    remote = "work/remotes/common.git"
    branch = "previews"
  }
}

stage "preview" {
  depends_on = [stage.prepare]
  for_each   = release.components
  order      = "parallel"

  action "exec" "build" {
    argv    = ["echo", "build", each.key, each.value.version, stage.prepare.action.git_branch.previews.sha]
    timeout = "5m"
  }
}

# Components, versions and dependency layers come from release.json; the
# snapshots are released in the manifest's layer order. Planned offline
# (-refresh=false): current versions come from the manifest.
variable "release_version" {
  type    = string
  default = "3.9.0"
}

manifest "release" {
  path = "release.json"
}

strategy "maven" {
  scheme = "maven"
  bump   = "patch"
  tag    = "${version}"
  branch = patch == 0 ? "master" : "${major}.${minor}.x"
}

component "apim" {
  for_each   = manifest.release.components
  repo       = "gravitee-io/${each.key}"
  strategy   = strategy.maven
  depends_on = manifest.release.depends_on[each.key]
}

release {
  name       = "APIM"
  version    = var.release_version
  components = manifest.release.snapshots
}

stage "maven" {
  for_each = release.components

  action "exec" "release" {
    argv = ["echo", "mvn", "release:perform", "-Dproject=${each.key}", "-Dversion=${each.value.version}", "-Dbranch=${each.value.branch}"]
  }
}

stage "publish" {
  depends_on = [stage.maven]

  action "exec" "manifest" {
    argv = ["echo", "release.json will be ${length(manifest.release.updated)} bytes"]
  }
}

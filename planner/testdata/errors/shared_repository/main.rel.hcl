strategy "patch" { scheme = "semver" }
strategy "minor" {
  scheme = "semver"
  bump   = "minor"
}

component "api" {
  repo     = "acme/platform"
  version  = "1.0.0"
  strategy = strategy.patch
}

component "ui" {
  repo     = "acme/platform"
  version  = "1.0.0"
  strategy = strategy.minor
}

release { # ERROR: Components of one repository need one version
  name       = "Acme"
  version    = "1.0.0"
  components = ["api", "ui"]
}

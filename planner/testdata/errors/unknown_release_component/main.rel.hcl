strategy "s" { scheme = "semver" }

component "common" {
  repo     = "acme/common"
  version  = "1.0.0"
  strategy = strategy.s
}

release {
  name       = "Acme"
  version    = "1.0.0"
  components = ["common", "comon"] # ERROR: Unknown component to release
}

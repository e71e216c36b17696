strategy "s" { scheme = "semver" }

component "api" {
  repo     = "acme/api"
  strategy = strategy.s
}

component "api" { # ERROR: Duplicate component "api"
  repo     = "acme/api2"
  strategy = strategy.s
}

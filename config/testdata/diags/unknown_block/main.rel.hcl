strategy "s" { scheme = "semver" }

componnt "api" { # ERROR: Unsupported block type
  repo = "acme/api"
}

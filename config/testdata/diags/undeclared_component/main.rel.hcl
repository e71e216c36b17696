strategy "s" { scheme = "semver" }

component "api" {
  repo       = "acme/api"
  strategy   = strategy.s
  depends_on = [component.comon] # ERROR: Reference to undeclared component
}

component "common" {
  repo     = "acme/common"
  strategy = strategy.s
}

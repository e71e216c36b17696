manifest "release" { path = "release.json" }

strategy "maven" { scheme = "maven" }

component "gravitee-common" {
  repo       = "gravitee-io/gravitee-common"
  strategy   = strategy.maven
  depends_on = [component.gravitee-gateway] # ERROR: Configuration and manifest disagree on dependencies
}

component "gravitee-gateway" {
  repo     = "gravitee-io/gravitee-gateway"
  strategy = strategy.maven
}

release {
  name       = "APIM"
  version    = "3.0.0"
  components = manifest.release.snapshots
}

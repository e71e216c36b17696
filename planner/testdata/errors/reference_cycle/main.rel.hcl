locals {
  names = keys(release.components)
}

release {
  name       = "Acme"
  version    = "1.0.0"
  components = local.names # ERROR: Cycle in references
}

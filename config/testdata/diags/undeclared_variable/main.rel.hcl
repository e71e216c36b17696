variable "release_version" { type = string }

release {
  name       = "Acme"
  version    = var.release_versio # ERROR: Reference to undeclared input variable
  components = []
}

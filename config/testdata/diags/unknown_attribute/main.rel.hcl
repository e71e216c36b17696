strategy "s" {
  scheme = "semver"
  tags   = "v${version}" # ERROR: Unsupported argument
}

strategy "s" {
  scheme = "semverr" # ERROR: Invalid scheme
  bump   = "patch"
}

strategy "t" {
  scheme = "maven"
  bump   = "hotfix" # ERROR: Invalid bump
}

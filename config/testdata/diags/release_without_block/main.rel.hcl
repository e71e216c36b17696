stage "notify" {
  for_each = release.components # ERROR: Reference to undeclared release
  action "exec" "echo" { argv = ["echo", each.key] }
}

stage "notify" {
  for_each = 3 # ERROR: Invalid for_each argument
  action "exec" "echo" { argv = ["echo", each.key] }
}

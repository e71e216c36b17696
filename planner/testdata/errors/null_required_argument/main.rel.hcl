stage "notify" {
  action "exec" "echo" { # ERROR: Missing required argument
    argv = null
  }
}

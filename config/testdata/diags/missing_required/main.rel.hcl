stage "prepare" {
  action "exec" "check" { # ERROR: Missing required argument
    dir = "."
  }
}

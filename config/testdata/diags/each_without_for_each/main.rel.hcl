stage "prepare" {
  action "exec" "check" {
    argv = ["echo", each.key] # ERROR: Reference to "each" in context without for_each
  }
}

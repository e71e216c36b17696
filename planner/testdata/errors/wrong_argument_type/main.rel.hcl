locals {
  command = { program = "echo" }
}

stage "notify" {
  action "exec" "echo" {
    argv = local.command # ERROR: Incorrect attribute value type
  }
}

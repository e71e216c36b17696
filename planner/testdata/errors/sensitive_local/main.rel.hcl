locals {
  token = env("RELEASE_TOKEN")
}

stage "notify" {
  action "exec" "echo" {
    argv = ["notify", local.token] # ERROR: Sensitive value in an action argument
  }
}

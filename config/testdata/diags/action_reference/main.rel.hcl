stage "prepare" {
  action "exec" "first" {
    argv = ["echo", action.exec.second.stdout] # ERROR: Reference to undeclared action
  }
  action "exec" "second" {
    argv = ["echo", action.exec.first.stdot] # ERROR: Unsupported action output
  }
}

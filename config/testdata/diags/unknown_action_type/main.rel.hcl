stage "prepare" {
  action "git_tagg" "release" { # ERROR: Unknown action type
    remote = "repo.git"
  }
}

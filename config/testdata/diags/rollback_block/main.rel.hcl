relctl {
  rollback {
    via_pull_request = "yes" # ERROR: Incorrect attribute value type
  }
}

stage "prepare" {
  rollback {
    via_pr = true # ERROR: Unsupported argument
  }
  rollback { # ERROR: Duplicate rollback block
    via_pull_request = true
  }
  action "exec" "first" {
    argv = ["echo"]
  }
}

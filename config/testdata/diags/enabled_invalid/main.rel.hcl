variable "dry_run" {
  type    = bool
  default = false
}

stage "prepare" {
  action "exec" "first" {
    argv    = ["echo", "first"]
    enabled = !var.dry_run
  }
  action "exec" "second" {
    argv    = ["echo", "second"]
    enabled = action.exec.first.exit_code == 0 # ERROR: Invalid enabled argument
  }
  action "exec" "third" {
    argv    = ["echo", "third"]
    enabled = "sometimes" # ERROR: Incorrect attribute value type
  }
  action "exec" "fourth" {
    argv    = ["echo", "fourth"]
    enabled = var.dry_rn # ERROR: Reference to undeclared input variable
  }
}

milestone "m" { # ERROR: Milestone needs a title or a number
  repo = "acme/issues"
}

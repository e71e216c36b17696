relctl {
  backend "github" { # ERROR: Missing required argument
    branch = "relctl-state"
  }
}

relctl {
  state_path = "relctl.state" # ERROR: Conflicting state paths
  backend "local" {
    path = "state/relctl.state"
  }
}

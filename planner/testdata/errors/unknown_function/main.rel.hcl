locals {
  upper_name = uppercase("acme") # ERROR: Call to unknown function
}

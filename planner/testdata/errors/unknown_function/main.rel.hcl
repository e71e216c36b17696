locals {
  upper_name = uppercase("acme") # ERROR: Call to unknown function
}

# A type constraint names types, not functions.
variable "commands" {
  type    = map(list(string))
  default = { hello = ["echo", "hello"] }
}

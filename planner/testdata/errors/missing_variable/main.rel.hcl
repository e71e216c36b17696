variable "release_version" { # ERROR: No value for required variable
  type = string
}

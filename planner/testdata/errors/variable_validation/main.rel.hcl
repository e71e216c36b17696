variable "release_version" { # ERROR: Invalid value for variable
  type    = string
  default = "3.4"
  validation {
    condition     = can(regex("^[0-9]+\\.[0-9]+\\.[0-9]+$", var.release_version))
    error_message = "release_version must look like 3.4.7."
  }
}

variable "a" { type = string }
variable "b" {
  type = string
  validation {
    condition     = var.a != "" # ERROR: Invalid reference in variable validation
    error_message = "b needs a."
  }
}

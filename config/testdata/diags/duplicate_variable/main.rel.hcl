variable "v" { type = string }
variable "v" { type = number } # ERROR: Duplicate variable "v"

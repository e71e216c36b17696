variable "count" {
  type    = number
  default = "three" # ERROR: Invalid default value for variable
}

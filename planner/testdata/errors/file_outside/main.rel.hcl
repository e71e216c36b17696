locals {
  notes = file("../secrets.txt") # ERROR: File outside the configuration directory
}

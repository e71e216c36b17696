strategy "s" {
  scheme  = "maven"
  initial = "1.x" # ERROR: Invalid initial version
}

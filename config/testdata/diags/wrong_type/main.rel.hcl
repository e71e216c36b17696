relctl {
  parallelism = "many" # ERROR: Incorrect attribute value type
}

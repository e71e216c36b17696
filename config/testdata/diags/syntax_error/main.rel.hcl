stage "prepare" {
  action "exec" "check" {
    argv = ["true"
  } # ERROR: Missing item separator
}

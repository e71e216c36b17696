stage "publish" {
  depends_on = [stage.biuld] # ERROR: Reference to undeclared stage
  action "exec" "publish" { argv = ["true"] }
}

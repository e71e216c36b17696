stage "prepare" {
  action "exec" "first" { argv = ["true"] }
}

stage "later" {
  action "exec" "use" {
    argv = ["echo", stage.prepare.action.exec.first.stdout] # ERROR: Stage output used without depends_on
  }
}

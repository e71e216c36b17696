stage "build" { # ERROR: Stage dependency cycle
  depends_on = [stage.publish]
  action "exec" "build" { argv = ["true"] }
}

stage "publish" {
  depends_on = [stage.build]
  action "exec" "publish" { argv = ["true"] }
}

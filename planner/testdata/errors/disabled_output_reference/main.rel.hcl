locals {
  next = { api = "2.0.2-SNAPSHOT", web = "" }
}

stage "release" {
  for_each = local.next

  action "exec" "bump" {
    argv    = ["echo", each.value]
    enabled = each.value != ""
  }
  # Fine: disabled whenever bump is.
  action "exec" "show" {
    argv    = ["echo", action.exec.bump.stdout]
    enabled = each.value != ""
  }
  action "exec" "announce" {
    argv = ["echo", action.exec.bump.stdout] # ERROR: Reference to a disabled action
  }
}

stage "once" {
  action "exec" "maybe" {
    argv    = ["true"]
    enabled = false
  }
}

stage "after" {
  depends_on = [stage.once]
  action "exec" "uses" {
    argv = ["echo", stage.once.action.exec.maybe.stdout] # ERROR: Reference to a disabled action
  }
}

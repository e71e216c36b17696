variable "publish" {
  type    = bool
  default = null
}

locals {
  modes = { a = "true", b = "maybe" }
}

stage "ship" {
  for_each = local.modes

  action "exec" "build" {
    argv    = ["echo", each.key]
    enabled = each.value # ERROR: Invalid enabled argument
  }
}

stage "publish" {
  action "exec" "publish" {
    argv    = ["echo", "publish"]
    enabled = var.publish # ERROR: Invalid enabled argument
  }
}

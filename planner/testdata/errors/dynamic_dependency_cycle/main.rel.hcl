locals {
  deps = { a = ["b"], b = ["a"] }
}

strategy "s" { scheme = "semver" }

component "lib" { # ERROR: Component dependency cycle
  for_each   = local.deps
  repo       = "acme/${each.key}"
  version    = "1.0.0"
  strategy   = strategy.s
  depends_on = each.value
}

release {
  name       = "Acme"
  version    = "1.0.0"
  components = ["a"]
}

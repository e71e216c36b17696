strategy "s" { scheme = "semver" }

component "a" {
  repo       = "acme/a"
  strategy   = strategy.s
  depends_on = [component.c] # ERROR: Component dependency cycle
}

component "b" {
  repo       = "acme/b"
  strategy   = strategy.s
  depends_on = [component.a]
}

component "c" {
  repo       = "acme/c"
  strategy   = strategy.s
  depends_on = [component.b]
}

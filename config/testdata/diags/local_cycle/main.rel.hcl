locals {
  a = local.b # ERROR: Local value cycle
  b = local.a
}

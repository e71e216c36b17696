relctl {
  backend "postgres" { # ERROR: Unknown backend type
    conn_str = "postgres://localhost/relctl"
  }
}
